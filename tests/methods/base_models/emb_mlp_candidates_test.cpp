// The Emb&MLP's full-ranking scorer, which computes the first layer's user and
// item parts once each and adds them, against the plain forward pass: on every
// logged row (the user, its history, its item) and on every item for a user,
// for several shapes, with and without categories.
#include <gtest/gtest.h>

#include <cmath>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "methods/base_models/emb_mlp.hpp"
#include "methods/candidate_scorer.hpp"
#include "tests/support/tiny_stream.hpp"

namespace crbench {
namespace {

// The row's own features as a user state: its user, history and positive count.
UserState state_of(const Stream& s, RowIndex r) {
  const auto u = static_cast<std::size_t>(s.user[r]);
  return {s.user[r], s.history(r), s.history_end[r] - s.user_positive_offset[u]};
}

std::vector<std::int32_t> all_items(const Stream& s) {
  std::vector<std::int32_t> items(static_cast<std::size_t>(s.num_items));
  for (std::size_t i = 0; i < items.size(); ++i) items[i] = static_cast<std::int32_t>(i);
  return items;
}

// Non-zero biases, so that the shared first layer must add b0 exactly once.
void randomise_biases(EmbMlp& model, std::uint64_t seed) {
  std::mt19937_64 gen(seed);
  for (const ParamBlock& b : model.layout()) {
    if (b.name.find(".bias") == std::string::npos) continue;
    for (std::size_t k = 0; k < b.size(); ++k)
      model.parameters()[b.offset + k] = static_cast<float>(gen() % 2001) / 1000.0f - 1.0f;
  }
}

struct Shape {
  int d;
  std::vector<int> hidden;
  std::int32_t categories;
};

void PrintTo(const Shape& s, std::ostream* os) {
  *os << "d=" << s.d << " hidden=";
  for (const int w : s.hidden) *os << w << ' ';
  *os << "categories=" << s.categories;
}

class EmbMlpCandidates : public ::testing::TestWithParam<Shape> {};

TEST_P(EmbMlpCandidates, SharedFirstLayerEqualsThePlainForwardPass) {
  const Shape& shape = GetParam();
  // Items with 0..6 categories: the category mean's fast (1-4) and general paths.
  const Stream s = test_support::make_random_tiny_stream(5, 40, 60, shape.categories, 1500, 6, 0.5,
                                                         30, /*allow_empty_categories=*/true);
  EmbMlp model(shape_of(s), EmbMlpParams{shape.d, shape.hidden}, 3);
  randomise_biases(model, 4);
  const std::vector<std::int32_t> items = all_items(s);
  const std::unique_ptr<CandidateScorer> fast = model.candidate_scorer(s, 0, items);
  // The generic scorer runs the plain forward pass on synthetic rows.
  const std::unique_ptr<CandidateScorer> plain = row_candidate_scorer(model, s, items);
  std::vector<float> a(items.size()), b(items.size());
  double largest = 0.0;
  float spread_low = 1.0f, spread_high = 0.0f;
  for (RowIndex r = 0; r < s.num_samples(); r += 37) {
    const UserState state = state_of(s, r);
    fast->score(state, a);
    plain->score(state, b);
    for (std::size_t i = 0; i < items.size(); ++i) {
      largest = std::max(largest, static_cast<double>(std::fabs(a[i] - b[i])));
      spread_low = std::min(spread_low, a[i]);
      spread_high = std::max(spread_high, a[i]);
    }
    // And the logged row itself, scored as the protocol scores it.
    float logged = 0.0f;
    model.score(s, std::span<const RowIndex>(&r, 1), std::span<float>(&logged, 1));
    EXPECT_NEAR(a[static_cast<std::size_t>(s.item[r])], logged, 1e-6) << "row " << r;
  }
  // Only the order of the first layer's float additions differs.
  EXPECT_LT(largest, 1e-6);
  // Scores that vary far more than that tolerance, so the comparison is not
  // between near-constants.
  EXPECT_GT(spread_high - spread_low, 1e-3f);
}

INSTANTIATE_TEST_SUITE_P(Shapes, EmbMlpCandidates,
                         ::testing::Values(Shape{8, {20, 10}, 7}, Shape{8, {20, 10}, 0},
                                           Shape{5, {12}, 4}, Shape{4, {16, 8, 4}, 0}));

TEST(EmbMlpCandidatesErrors, WrongSizesAndIdsAreRefused) {
  const Stream s = test_support::make_random_tiny_stream(1, 5, 8, 3, 50);
  const EmbMlp model(shape_of(s), EmbMlpParams{}, 1);
  EXPECT_THROW(model.candidate_scorer(s, 0, {0, 9}), std::out_of_range);
  const auto scorer = model.candidate_scorer(s, 0, {0, 1, 2});
  std::vector<float> out(2);
  EXPECT_THROW(scorer->score({0, {}, 0}, out), std::invalid_argument);
  out.resize(3);
  EXPECT_THROW(scorer->score({7, {}, 0}, out), std::out_of_range);
  EXPECT_NO_THROW(scorer->score({4, {}, 0}, out));
}

}  // namespace
}  // namespace crbench
