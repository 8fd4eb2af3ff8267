// Tests of the reference base model EmbMlp: parameter layout and initialisation,
// a forward pass computed by hand, a finite-difference check of the whole
// gradient (with and without categories, hard and soft targets), history masking,
// row-sparse gradient bookkeeping and concurrent scoring.
#include "methods/base_models/emb_mlp.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/errors.hpp"
#include "methods/base_model.hpp"
#include "tests/support/gradient_check.hpp"
#include "tests/support/tiny_stream.hpp"

namespace crbench {
namespace {

using test_support::make_tiny_stream;
using test_support::TinySpec;

std::size_t block_index(const BaseModel& model, const std::string& name) {
  const auto& layout = model.layout();
  for (std::size_t b = 0; b < layout.size(); ++b) {
    if (layout[b].name == name) return b;
  }
  ADD_FAILURE() << "no block " << name;
  return 0;
}

float& param(BaseModel& model, const std::string& block, std::size_t row, std::size_t col) {
  const ParamBlock& b = model.layout()[block_index(model, block)];
  EXPECT_LT(row, b.rows);
  EXPECT_LT(col, b.cols);
  return model.parameters()[b.offset + row * b.cols + col];
}

double softplus(double x) { return std::log1p(std::exp(-std::abs(x))) + std::max(x, 0.0); }
double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// 6 users, 12 items, 6 categories. Items 0-5 carry categories from {0, 1, 2} and
// items 6-11 from {3, 4, 5} (item 11 none). The first 40 interactions (mostly
// positive) cover every item and build histories; the batch is the last 20 rows,
// whose target items are all in 6-11, so items 0-5 and categories 0-2 get
// gradient only through histories. User 5 appears only in the batch with
// negatives: its samples have an empty history.
Stream make_check_stream(bool with_categories) {
  std::mt19937_64 gen(7);
  TinySpec spec;
  spec.num_users = 6;
  spec.num_items = 12;
  spec.num_categories = with_categories ? 6 : 0;
  if (with_categories) {
    spec.item_categories = {{0}, {1, 2}, {2}, {0, 1, 2}, {1}, {0, 2},
                            {3}, {4, 5}, {5}, {3, 4},    {4}, {}};
  }
  std::int64_t t = 0;
  for (int k = 0; k < 40; ++k) {
    const auto user = static_cast<std::int32_t>(gen() % 5);
    const auto item = static_cast<std::int32_t>(k % 12);
    spec.interactions.push_back({user, item, gen() % 10 < 7 ? 1.0f : 0.0f, t++});
  }
  for (int k = 0; k < 20; ++k) {
    const auto user = static_cast<std::int32_t>(k % 4 == 3 ? 5 : gen() % 5);
    const auto item = static_cast<std::int32_t>(6 + gen() % 6);
    spec.interactions.push_back({user, item, user == 5 ? 0.0f : (gen() % 2 ? 1.0f : 0.0f), t++});
  }
  spec.max_history = 6;
  return make_tiny_stream(spec);
}

std::vector<RowIndex> check_batch() {
  std::vector<RowIndex> rows;
  for (RowIndex r = 40; r < 60; ++r) rows.push_back(r);
  rows.push_back(45);  // a repeated row: its gradient must count twice
  return rows;
}

using test_support::expect_gradient_matches_finite_differences;

TEST(EmbMlpTest, LayoutFollowsTheHeaderContract) {
  const EmbMlp model({100, 50, 20, 30}, {}, 1);
  EXPECT_EQ(model.kind(), "emb-mlp");
  EXPECT_EQ(model.input_dim(), 40);
  const std::vector<std::string> names = {"user_embedding", "item_embedding", "category_embedding",
                                          "mlp.0.weight",   "mlp.0.bias",     "mlp.1.weight",
                                          "mlp.1.bias",     "mlp.2.weight",   "mlp.2.bias"};
  const std::vector<std::size_t> rows = {100, 50, 20, 40, 1, 20, 1, 10, 1};
  const std::vector<std::size_t> cols = {8, 8, 8, 20, 20, 10, 10, 1, 1};
  const auto& layout = model.layout();
  ASSERT_EQ(layout.size(), names.size());
  std::size_t offset = 0;
  for (std::size_t b = 0; b < layout.size(); ++b) {
    EXPECT_EQ(layout[b].name, names[b]);
    EXPECT_EQ(layout[b].offset, offset);
    EXPECT_EQ(layout[b].rows, rows[b]);
    EXPECT_EQ(layout[b].cols, cols[b]);
    EXPECT_EQ(layout[b].row_sparse, b < 3) << names[b];
    offset += rows[b] * cols[b];
  }
  EXPECT_EQ(model.parameter_count(), offset);

  const EmbMlp plain({100, 50, 0, 30}, {}, 1);
  EXPECT_EQ(plain.input_dim(), 24);
  ASSERT_EQ(plain.layout().size(), 8u);
  EXPECT_EQ(plain.layout()[2].name, "mlp.0.weight");
  EXPECT_EQ(plain.layout()[2].rows, 24u);
}

TEST(EmbMlpTest, RejectsBadConfigs) {
  EXPECT_THROW(EmbMlp({10, 10, 0, 30}, {0, {20, 10}}, 1), UsageError);
  EXPECT_THROW(EmbMlp({10, 10, 0, 30}, {8, {20, 0}}, 1), UsageError);
  EXPECT_THROW(EmbMlp({10, 10, 0, 30}, {8, {}}, 1), UsageError);
}

TEST(EmbMlpTest, InitialisationIsGlorotUniformAndSeeded) {
  EmbMlp a({300, 200, 20, 30}, {}, 42);
  const EmbMlp b({300, 200, 20, 30}, {}, 42);
  const EmbMlp c({300, 200, 20, 30}, {}, 43);
  ASSERT_TRUE(std::equal(a.parameters().begin(), a.parameters().end(), b.parameters().begin()));
  EXPECT_FALSE(std::equal(a.parameters().begin(), a.parameters().end(), c.parameters().begin()));
  // Every variable by its own TensorFlow shape, as the reference's
  // tf.get_variable: tables and kernels by (rows, cols); a bias of n entries is
  // 1-D, fans (n, n): +-sqrt(3/20) = 0.387, +-sqrt(3/10) = 0.548 and +-sqrt(3) =
  // 1.732 for the three layers (not zero).
  const std::map<std::string, double> bias_limit = {
      {"mlp.0.bias", 0.3873}, {"mlp.1.bias", 0.5477}, {"mlp.2.bias", 1.7321}};
  for (const ParamBlock& block : a.layout()) {
    const auto values = a.parameters().subspan(block.offset, block.size());
    if (block.name.ends_with(".bias")) {
      const double limit = bias_limit.at(block.name);
      double largest = 0.0;
      for (const float v : values) {
        EXPECT_LE(std::abs(v), limit + 1e-4) << block.name;
        largest = std::max(largest, static_cast<double>(std::abs(v)));
      }
      // P(all n below half the limit) = 2^-n: 1e-6 and 1e-3 for n = 20, 10.
      if (values.size() >= 10) {
        EXPECT_GT(largest, 0.5 * limit) << block.name;
      }
      EXPECT_GT(largest, 0.0) << block.name;
      continue;
    }
    const double limit = std::sqrt(6.0 / static_cast<double>(block.rows + block.cols));
    double sum = 0.0;
    double largest = 0.0;
    for (const float v : values) {
      EXPECT_LE(std::abs(v), limit) << block.name;
      sum += v;
      largest = std::max(largest, static_cast<double>(std::abs(v)));
    }
    // U(-a, a): mean 0 (sd a / sqrt(3 n)), and the sample reaches near the limit.
    EXPECT_LT(std::abs(sum / static_cast<double>(values.size())),
              5 * limit / std::sqrt(3.0 * static_cast<double>(values.size())))
        << block.name;
    EXPECT_GT(largest, 0.8 * limit) << block.name;
  }
  // Re-initialising restores the seeded values.
  std::fill(a.parameters().begin(), a.parameters().end(), 1.0f);
  a.initialise(42);
  EXPECT_TRUE(std::equal(a.parameters().begin(), a.parameters().end(), b.parameters().begin()));
}

// A reference-shaped model (d = 8, 40 -> 20 -> 10 -> 1) whose parameters are all
// zero except a handful, so that the output can be worked out by hand.
class KnownValuesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TinySpec spec;
    spec.num_users = 2;
    spec.num_items = 4;
    spec.num_categories = 3;
    spec.item_categories = {{0}, {1, 2}, {}, {2}};
    spec.interactions = {{0, 0, 1.0f, 1}, {0, 1, 1.0f, 2}, {0, 3, 0.0f, 3}, {1, 2, 1.0f, 4}};
    stream_ = make_tiny_stream(spec);
    ASSERT_EQ(stream_.history(2).size(), 2u);  // items 0, 1
    ASSERT_EQ(stream_.history(3).size(), 0u);  // user 1 has no earlier positives

    std::fill(model_.parameters().begin(), model_.parameters().end(), 0.0f);
    auto set = [&](const char* block, std::size_t r, std::size_t c, float v) {
      param(model_, block, r, c) = v;
    };
    set("user_embedding", 0, 0, 0.5f);
    set("user_embedding", 0, 1, -1.0f);
    set("user_embedding", 1, 0, 1.0f);
    set("user_embedding", 1, 1, 1.0f);
    set("item_embedding", 0, 0, 1.0f);
    set("item_embedding", 1, 0, 3.0f);
    set("item_embedding", 1, 1, 2.0f);
    set("item_embedding", 2, 0, 0.5f);
    set("item_embedding", 2, 1, 0.5f);
    set("item_embedding", 3, 0, -2.0f);
    set("item_embedding", 3, 1, 1.0f);
    set("category_embedding", 0, 1, 4.0f);
    set("category_embedding", 1, 0, 2.0f);
    set("category_embedding", 2, 0, 4.0f);
    set("category_embedding", 2, 1, 2.0f);
    // Hidden unit 0 sums input coordinates 0, 8, 16, 24, 32 (component 0 of each
    // slot); unit 1 components 1 with bias -10; unit 2 is 2 x[17] + 0.25.
    for (const std::size_t i : {0, 8, 16, 24, 32}) set("mlp.0.weight", i, 0, 1.0f);
    for (const std::size_t i : {1, 9, 17, 25, 33}) set("mlp.0.weight", i, 1, 1.0f);
    set("mlp.0.bias", 0, 1, -10.0f);
    set("mlp.0.weight", 17, 2, 2.0f);
    set("mlp.0.bias", 0, 2, 0.25f);
    // Layer 1: unit 0 = relu(0.5 h0 + 100 h1 + h2 - 8), unit 1 = relu(-h0),
    // unit 2 = 1.
    set("mlp.1.weight", 0, 0, 0.5f);
    set("mlp.1.weight", 1, 0, 100.0f);
    set("mlp.1.weight", 2, 0, 1.0f);
    set("mlp.1.bias", 0, 0, -8.0f);
    set("mlp.1.weight", 0, 1, -1.0f);
    set("mlp.1.bias", 0, 2, 1.0f);
    // Output: z = 2 g0 + 50 g1 - g2 + 1.5.
    set("mlp.2.weight", 0, 0, 2.0f);
    set("mlp.2.weight", 1, 0, 50.0f);
    set("mlp.2.weight", 2, 0, -1.0f);
    set("mlp.2.bias", 0, 0, 1.5f);
  }

  Stream stream_;
  EmbMlp model_{{2, 4, 3, 30}, {}, 1};
};

// Row 2: user 0 (0.5, -1), history items 0 and 1, target item 3.
//   item vectors: item 0 = [1, 0 ; cat0 = 0, 4], item 1 = [3, 2 ; (cat1 + cat2)/2 = 3, 1],
//   item 3 = [-2, 1 ; cat2 = 4, 2]; history = [2, 1 ; 1.5, 2.5].
//   h0 = 0.5 + 2 + 1.5 - 2 + 4 = 6; h1 = relu(-1 + 1 + 2.5 + 1 + 2 - 10) = 0;
//   h2 = 2 * 2.5 + 0.25 = 5.25. g0 = relu(3 + 5.25 - 8) = 0.25; g1 = relu(-6) = 0;
//   g2 = 1. z = 0.5 - 1 + 1.5 = 1.
// Row 3: user 1 (1, 1), empty history, item 2 = [0.5, 0.5 ; no categories = 0, 0].
//   h0 = 1.5, h1 = relu(1.5 - 10) = 0, h2 = 0.25; g0 = relu(0.75 + 0.25 - 8) = 0,
//   g1 = 0, g2 = 1. z = -1 + 1.5 = 0.5.
TEST_F(KnownValuesTest, ScoreMatchesHandComputation) {
  const std::vector<RowIndex> rows = {2, 3};
  std::vector<float> out(2);
  model_.score(stream_, rows, out);
  EXPECT_NEAR(out[0], 1.0 / (1.0 + std::exp(-1.0)), 1e-6);
  EXPECT_NEAR(out[1], 1.0 / (1.0 + std::exp(-0.5)), 1e-6);
}

TEST_F(KnownValuesTest, LossAndOutputLayerGradientMatchHandComputation) {
  const std::vector<RowIndex> rows = {2, 3};  // labels 0 and 1
  Gradient grad(model_.layout());
  const double loss = model_.loss_and_gradient(stream_, rows, {}, grad);
  // BCE(z, 0) = softplus(z), BCE(z, 1) = softplus(-z).
  EXPECT_NEAR(loss, (std::log(1.0 + std::exp(1.0)) + std::log(1.0 + std::exp(-0.5))) / 2, 1e-6);
  // dL/dz = (sigmoid(z) - y) / 2; output weight gradients are dL/dz times g.
  const double dz2 = logistic(1.0) / 2;
  const double dz3 = (logistic(0.5) - 1.0) / 2;
  const std::size_t out_w = model_.layout()[block_index(model_, "mlp.2.weight")].offset;
  const std::size_t out_b = model_.layout()[block_index(model_, "mlp.2.bias")].offset;
  EXPECT_NEAR(grad.data()[out_b], dz2 + dz3, 1e-6);
  EXPECT_NEAR(grad.data()[out_w + 0], dz2 * 0.25, 1e-6);
  EXPECT_NEAR(grad.data()[out_w + 1], 0.0, 1e-9);
  EXPECT_NEAR(grad.data()[out_w + 2], dz2 + dz3, 1e-6);

  // Soft targets: y = 0.25 and 0.5 give BCE = softplus(z) - z y.
  Gradient soft(model_.layout());
  const std::vector<float> targets = {0.25f, 0.5f};
  const double soft_loss = model_.loss_and_gradient(stream_, rows, targets, soft);
  EXPECT_NEAR(soft_loss, (softplus(1.0) - 0.25 + softplus(0.5) - 0.25) / 2, 1e-6);
}

TEST_F(KnownValuesTest, TargetCategoryGradientIsSplitOverCategories) {
  // Row 2 only: dL/dz = sigmoid(1). Input coordinate 8 + 8 + 0 = 16 (history
  // category component 0) feeds only h0 (weight 1); h0 feeds g0 with 0.5; g0 feeds
  // z with 2. So dL/dx[16] = sigmoid(1) * 2 * 0.5 * 1 = sigmoid(1). The history
  // category half is the mean over 2 history items, item 1's category half the
  // mean over its 2 categories: category 1 gets sigmoid(1) / 4 in component 0,
  // category 0 (item 0, one category) sigmoid(1) / 2, and category 2 gets
  // sigmoid(1)/4 from item 1 plus sigmoid(1) via the target item 3 (x[32]).
  const std::vector<RowIndex> rows = {2};
  Gradient grad(model_.layout());
  model_.loss_and_gradient(stream_, rows, {}, grad);
  const double s = logistic(1.0);
  const std::size_t cat = model_.layout()[block_index(model_, "category_embedding")].offset;
  EXPECT_NEAR(grad.data()[cat + 0 * 8], s / 2, 1e-6);
  EXPECT_NEAR(grad.data()[cat + 1 * 8], s / 4, 1e-6);
  EXPECT_NEAR(grad.data()[cat + 2 * 8], s / 4 + s, 1e-6);
  // Component 1: dL/dx[17] = 2s * 2 via h2 (h1 is inactive), dL/dx[33] = 0.
  EXPECT_NEAR(grad.data()[cat + 0 * 8 + 1], 4 * s / 2, 1e-6);
  EXPECT_NEAR(grad.data()[cat + 1 * 8 + 1], 4 * s / 4, 1e-6);
  EXPECT_NEAR(grad.data()[cat + 2 * 8 + 1], 4 * s / 4, 1e-6);
  // User 0: x[0] feeds h0 only (dL/dh0 = s); x[1] feeds only the inactive h1.
  const std::size_t user = model_.layout()[block_index(model_, "user_embedding")].offset;
  EXPECT_NEAR(grad.data()[user + 0], s, 1e-6);
  EXPECT_EQ(grad.data()[user + 1], 0.0f);
  // Item 0 (history only): component 0 gets dL/dx[8] / 2 = s / 2.
  const std::size_t item = model_.layout()[block_index(model_, "item_embedding")].offset;
  EXPECT_NEAR(grad.data()[item + 0], s / 2, 1e-6);
}

TEST(EmbMlpTest, GradientMatchesFiniteDifferencesWithCategories) {
  const Stream stream = make_check_stream(true);
  const auto rows = check_batch();
  // Items 0-5 and categories 0-2 are reached only through histories.
  std::set<std::int32_t> history_items;
  for (const RowIndex r : rows) {
    EXPECT_GE(stream.item[r], 6);
    for (const auto h : stream.history(r)) history_items.insert(h);
  }
  EXPECT_TRUE(history_items.count(0) || history_items.count(1) || history_items.count(3));
  EXPECT_TRUE(
      std::any_of(rows.begin(), rows.end(), [&](RowIndex r) { return stream.history(r).empty(); }));
  EmbMlp model(shape_of(stream), {}, 3);
  expect_gradient_matches_finite_differences(model, stream, rows, {});
  // Rows only histories reach still get a meaningful gradient.
  Gradient grad(model.layout());
  model.loss_and_gradient(stream, rows, {}, grad);
  const std::size_t cat = model.layout()[block_index(model, "category_embedding")].offset;
  for (std::size_t c = 0; c < 3; ++c) {
    double norm = 0.0;
    for (std::size_t k = 0; k < 8; ++k) norm += std::abs(grad.data()[cat + c * 8 + k]);
    EXPECT_GT(norm, 1e-3) << "category " << c;
  }
}

TEST(EmbMlpTest, GradientMatchesFiniteDifferencesWithSoftTargets) {
  const Stream stream = make_check_stream(true);
  const auto rows = check_batch();
  std::vector<float> targets;
  for (std::size_t k = 0; k < rows.size(); ++k)
    targets.push_back(0.05f * static_cast<float>(k % 20));
  EmbMlp model(shape_of(stream), {}, 4);
  expect_gradient_matches_finite_differences(model, stream, rows, targets);
}

TEST(EmbMlpTest, GradientMatchesFiniteDifferencesWithoutCategories) {
  const Stream stream = make_check_stream(false);
  ASSERT_EQ(shape_of(stream).num_categories, 0);
  EmbMlp model(shape_of(stream), {}, 5);
  ASSERT_EQ(model.input_dim(), 24);
  expect_gradient_matches_finite_differences(model, stream, check_batch(), {});
}

TEST(EmbMlpTest, GradientMatchesFiniteDifferencesForOtherSizes) {
  // A non-reference embedding size and depth exercise the generic code path.
  const Stream stream = make_check_stream(true);
  EmbMlp model(shape_of(stream), {3, {6, 5, 4}}, 6);
  ASSERT_EQ(model.input_dim(), 3 + 6 + 6);
  expect_gradient_matches_finite_differences(model, stream, check_batch(), {});
}

TEST(EmbMlpTest, ScoreIsTheSigmoidOfTheTrainingForward) {
  const Stream stream = make_check_stream(true);
  const EmbMlp model(shape_of(stream), {}, 8);
  const auto rows = check_batch();
  std::vector<float> scores(rows.size());
  model.score(stream, rows, scores);
  Gradient grad(model.layout());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    // With target 1 the loss of one row is -log p.
    grad.clear();
    const std::vector<RowIndex> one = {rows[k]};
    const std::vector<float> target = {1.0f};
    const double loss = model.loss_and_gradient(stream, one, target, grad);
    EXPECT_NEAR(std::exp(-loss), scores[k], 1e-6 * std::max(1.0f, scores[k]));
  }
}

TEST(EmbMlpTest, ScoreNeverReadsLabels) {
  Stream stream = make_check_stream(true);
  const EmbMlp model(shape_of(stream), {}, 8);
  const auto rows = check_batch();
  std::vector<float> before(rows.size());
  model.score(stream, rows, before);
  stream.label.clear();  // any read would now be out of bounds (caught by ASan)
  stream.label.shrink_to_fit();
  std::vector<float> after(rows.size());
  model.score(stream, rows, after);
  EXPECT_EQ(before, after);
}

TEST(EmbMlpTest, HistoryIsMaskedToTheSamplesOwnItems) {
  const Stream stream = make_check_stream(true);
  EmbMlp model(shape_of(stream), {}, 9);
  std::vector<RowIndex> rows;
  RowIndex empty_row = 0;
  for (RowIndex r = 40; r < 60; ++r) {
    if (stream.history(r).empty()) empty_row = r;
  }
  ASSERT_NE(empty_row, 0u);
  ASSERT_FALSE(stream.history(50).empty());
  rows = {empty_row, 50};
  std::vector<float> before(2);
  model.score(stream, rows, before);

  // Huge values for every item and category the two samples do not use.
  std::set<std::int32_t> used_items = {stream.item[empty_row], stream.item[50]};
  for (const auto h : stream.history(50)) used_items.insert(h);
  std::set<std::int32_t> used_cats;
  for (const auto i : used_items) {
    for (const auto c : stream.categories(i)) used_cats.insert(c);
  }
  for (std::int32_t i = 0; i < stream.num_items; ++i) {
    if (used_items.count(i)) continue;
    for (std::size_t k = 0; k < 8; ++k) param(model, "item_embedding", i, k) = 1e6f;
  }
  for (std::int32_t c = 0; c < stream.num_categories; ++c) {
    if (used_cats.count(c)) continue;
    for (std::size_t k = 0; k < 8; ++k) param(model, "category_embedding", c, k) = 1e6f;
  }
  ASSERT_LT(used_items.size(), 12u);
  std::vector<float> after(2);
  model.score(stream, rows, after);
  EXPECT_EQ(before, after);

  // The empty-history sample ignores even the items of other samples' histories.
  for (const auto h : stream.history(50)) {
    if (h == stream.item[empty_row]) continue;
    for (std::size_t k = 0; k < 8; ++k) param(model, "item_embedding", h, k) = 1e6f;
  }
  model.score(stream, rows, after);
  EXPECT_EQ(before[0], after[0]);
  EXPECT_NE(before[1], after[1]);
}

TEST(EmbMlpTest, GradientTouchesExactlyTheRowsTheBatchReaches) {
  const Stream stream = make_check_stream(true);
  const EmbMlp model(shape_of(stream), {}, 10);
  const std::vector<RowIndex> rows = {41, 47, 55};
  std::set<std::int32_t> users, items, cats;
  for (const RowIndex r : rows) {
    users.insert(stream.user[r]);
    items.insert(stream.item[r]);
    for (const auto h : stream.history(r)) items.insert(h);
  }
  for (const auto i : items) {
    for (const auto c : stream.categories(i)) cats.insert(c);
  }
  Gradient grad(model.layout());
  model.loss_and_gradient(stream, rows, {}, grad);
  auto as_set = [&](std::size_t b) {
    const auto t = grad.touched_rows(b);
    EXPECT_EQ(std::set<std::int32_t>(t.begin(), t.end()).size(), t.size()) << "duplicates";
    return std::set<std::int32_t>(t.begin(), t.end());
  };
  EXPECT_EQ(as_set(0), users);
  EXPECT_EQ(as_set(1), items);
  EXPECT_EQ(as_set(2), cats);
  // Nothing outside the touched rows was written.
  const std::vector<std::set<std::int32_t>> touched = {users, items, cats};
  for (std::size_t b = 0; b < 3; ++b) {
    const ParamBlock& block = model.layout()[b];
    for (std::size_t r = 0; r < block.rows; ++r) {
      if (touched[b].count(static_cast<std::int32_t>(r))) continue;
      for (std::size_t k = 0; k < block.cols; ++k) {
        EXPECT_EQ(grad.data()[block.offset + r * block.cols + k], 0.0f) << block.name;
      }
    }
  }
  // clear() forgets the rows and zeroes everything that was written.
  grad.clear();
  for (std::size_t b = 0; b < 3; ++b) EXPECT_TRUE(grad.touched_rows(b).empty());
  EXPECT_TRUE(
      std::all_of(grad.data(), grad.data() + grad.size(), [](float v) { return v == 0.0f; }));
}

TEST(EmbMlpTest, GradientAccumulatesIntoTheBuffer) {
  const Stream stream = make_check_stream(true);
  const EmbMlp model(shape_of(stream), {}, 11);
  const auto rows = check_batch();
  Gradient once(model.layout());
  model.loss_and_gradient(stream, rows, {}, once);
  Gradient twice(model.layout());
  model.loss_and_gradient(stream, rows, {}, twice);
  model.loss_and_gradient(stream, rows, {}, twice);
  for (std::size_t k = 0; k < once.size(); ++k) {
    // Equal up to float rounding: rows sum their contributions in another order,
    // and cancellation makes small entries relatively noisier.
    EXPECT_NEAR(twice.data()[k], 2 * once.data()[k], 1e-5 * std::abs(once.data()[k]) + 1e-8);
  }
}

TEST(EmbMlpTest, ConcurrentScoringGivesIdenticalResults) {
  const Stream stream = test_support::make_random_tiny_stream(12, 50, 80, 10, 5000);
  const EmbMlp model(shape_of(stream), {}, 12);
  std::vector<RowIndex> rows(stream.num_samples());
  for (RowIndex r = 0; r < rows.size(); ++r) rows[r] = r;
  std::vector<float> reference(rows.size());
  model.score(stream, rows, reference);
  std::vector<std::vector<float>> results(4, std::vector<float>(rows.size()));
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&] {
      for (int repeat = 0; repeat < 5; ++repeat) model.score(stream, rows, result);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& result : results) EXPECT_EQ(result, reference);
}

TEST(EmbMlpTest, CloneIsDeep) {
  const Stream stream = make_check_stream(true);
  EmbMlp model(shape_of(stream), {}, 13);
  auto copy = model.clone();
  EXPECT_EQ(copy->kind(), "emb-mlp");
  ASSERT_EQ(copy->parameter_count(), model.parameter_count());
  copy->parameters()[0] += 1.0f;
  EXPECT_NE(copy->parameters()[0], model.parameters()[0]);
}

TEST(EmbMlpTest, RejectsMismatchedArgumentsAndUnknownIds) {
  const Stream stream = make_check_stream(true);
  const EmbMlp model(shape_of(stream), {}, 14);
  const std::vector<RowIndex> rows = {41, 42};
  std::vector<float> out(1);
  EXPECT_THROW(model.score(stream, rows, out), std::invalid_argument);
  Gradient grad(model.layout());
  const std::vector<float> targets(3, 0.5f);
  EXPECT_THROW(model.loss_and_gradient(stream, rows, targets, grad), std::invalid_argument);
  // A model sized for fewer items than the stream uses.
  const EmbMlp small({6, 3, 6, 30}, {}, 14);
  std::vector<float> two(2);
  EXPECT_THROW(small.score(stream, rows, two), std::out_of_range);
}

}  // namespace
}  // namespace crbench
