// Invariants tying the update strategies together, and the sampling they rely on.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <random>

#include "bench/protocol.hpp"
#include "methods/registry.hpp"
#include "methods/updates/reservoir.hpp"
#include "tests/support/bundled_data.hpp"
#include "tests/support/run_method.hpp"
#include "tests/support/tiny_stream.hpp"

namespace crbench {
namespace {

using test_support::movielens_prefix;
using test_support::quick_protocol;

using test_support::bit_equal;

std::vector<float> served_scores(const Stream& s, const std::string& spec, std::uint64_t seed) {
  const test_support::MethodRun run = test_support::run_method(s, spec, seed);
  EXPECT_TRUE(run.result.ok) << run.result.error;
  return run.scores;
}

const Stream& short_stream() {
  static const Stream s = movielens_prefix(14);
  return s;
}

TEST(UpdateStrategies, SlidingWindowOfOnePeriodIsIncrementalUpdate) {
  EXPECT_TRUE(bit_equal(served_scores(short_stream(), "bu(w=1)", 2),
                        served_scores(short_stream(), "iu", 2)));
}

TEST(UpdateStrategies, WiderWindowsTrainOnMoreAndServeDifferentModels) {
  EXPECT_FALSE(
      bit_equal(served_scores(short_stream(), "bu-3", 2), served_scores(short_stream(), "iu", 2)));
}

TEST(UpdateStrategies, ReplayWithRatioZeroIsIncrementalUpdate) {
  const auto iu = served_scores(short_stream(), "iu", 4);
  EXPECT_TRUE(bit_equal(served_scores(short_stream(), "reservoir(ratio=0)", 4), iu));
  EXPECT_TRUE(bit_equal(served_scores(short_stream(), "spmf(ratio=0)", 4), iu));
  EXPECT_FALSE(bit_equal(served_scores(short_stream(), "spmf", 4), iu));
}

// A method's own lr and epochs are the protocol's --update-lr and
// --update-epochs for that method alone: the same scores bit for bit, and
// different ones from the untuned method (so the override is not ignored).
// full-retrain trains for the pre-training epochs whatever --update-epochs
// says, so only its lr is compared with the protocol's; its own epochs differ.
TEST(UpdateStrategies, OwnSettingsAreTheProtocolsUpdateSettingsForThatMethod) {
  ProtocolSettings tuned = quick_protocol();
  tuned.update_learning_rate = 0.003f;  // quick_protocol: 1e-2
  tuned.update_epochs = 2;
  for (const std::string spec : {"iu", "bu-3", "reservoir", "incctr", "full-retrain"}) {
    const std::string own = spec + (spec == "full-retrain" ? "(lr=0.003)" : "(lr=0.003,epochs=2)");
    const auto with_own = served_scores(short_stream(), own, 3);
    const auto by_protocol = test_support::run_method(short_stream(), spec, 3, tuned).scores;
    EXPECT_TRUE(bit_equal(with_own, by_protocol)) << spec;
    EXPECT_FALSE(bit_equal(with_own, served_scores(short_stream(), spec, 3))) << spec;
  }
  // quick_protocol pre-trains for 2 epochs, full-retrain's default.
  EXPECT_FALSE(bit_equal(served_scores(short_stream(), "full-retrain(epochs=1)", 3),
                         served_scores(short_stream(), "full-retrain", 3)));
  // Left at 0 they are left out of the canonical spec: untuned specs keep
  // their text and job hash.
  EXPECT_EQ(MethodRegistry::global().canonical("iu(lr=0,epochs=0)"), "iu");
  EXPECT_EQ(MethodRegistry::global().canonical("iu(epochs=2)"), "iu(epochs=2)");
}

TEST(UpdateStrategies, FrozenServesThePretrainedModel) {
  const Stream& s = short_stream();
  const ProtocolSettings p = quick_protocol();
  const PretrainedModel pre = pretrain(s, p, 9);
  const int last = s.num_periods() - 1;
  Period test{last, s.period_begin(last), s.period_end(last)};
  const std::vector<RowIndex> rows = test.rows();
  const std::vector<float> direct = score_rows(*pre.state.model, s, rows);
  const auto served = served_scores(s, "frozen", 9);
  const std::vector<float> tail(served.end() - static_cast<std::ptrdiff_t>(rows.size()),
                                served.end());
  EXPECT_TRUE(bit_equal(direct, tail));
}

// `from` skips the retrains whose model serves a test period before it: those
// periods get the pre-trained model (frozen's scores), and the later ones the
// very model a full retrain gives (fresh init seeded by the period, so what came
// before cannot change it).
TEST(UpdateStrategies, FullRetrainFromAPeriodOn) {
  // 14 periods: the test periods are 11, 12, 13 (0-based) after 10 pre-training
  // ones, i.e. 12, 13, 14 counted from 1; from=14 retrains only for the last.
  const Stream& s = short_stream();
  const ProtocolSettings p = quick_protocol();
  const PretrainedModel pre = pretrain(s, p, 5);
  const auto run = [&](const std::string& spec) {
    return test_support::run_method(s, pre, spec, 5, p).scores;
  };
  const std::vector<float> only = run("full-retrain(from=14)");
  const std::vector<float> frozen = run("frozen");
  const std::vector<float> full = run("full-retrain");
  ASSERT_EQ(only.size(), full.size());
  // Scores run over the test periods 11, 12, 13 in order.
  const auto last_begin = static_cast<std::ptrdiff_t>(s.period_begin(13) - s.period_begin(11));
  const std::vector<float> only_head(only.begin(), only.begin() + last_begin);
  const std::vector<float> frozen_head(frozen.begin(), frozen.begin() + last_begin);
  EXPECT_TRUE(bit_equal(only_head, frozen_head));
  const std::vector<float> only_tail(only.begin() + last_begin, only.end());
  const std::vector<float> full_tail(full.begin() + last_begin, full.end());
  EXPECT_TRUE(bit_equal(only_tail, full_tail));
  EXPECT_FALSE(bit_equal(only_tail, std::vector<float>(frozen.begin() + last_begin, frozen.end())));
}

TEST(Popularity, ScoresAreSmoothedPositiveRatesOfPeriodsSeen) {
  // Periods of 2 rows; item 0 is liked 2/3 times in the first 3 periods, item 1 0/1.
  test_support::TinySpec spec;
  spec.num_users = 2;
  spec.num_items = 3;
  spec.num_periods = 4;
  spec.interactions = {{0, 0, 1, 1}, {1, 0, 1, 2}, {0, 0, 0, 3}, {1, 1, 0, 4},
                       {0, 0, 1, 5}, {1, 2, 0, 6}, {0, 0, 1, 7}, {1, 1, 1, 8}};
  const Stream s = test_support::make_tiny_stream(spec);
  ASSERT_EQ(s.num_periods(), 4);
  auto method = MethodRegistry::global().create("popularity(smoothing=2)");
  StreamWindow window(s, 2);
  MethodContext ctx{&window, {}, 1};
  method->start(PretrainedModel{}, ctx);  // counts periods 0 and 1
  window.set_visible(3);
  method->observe(window.period(2), ctx);  // and period 2
  // Seen: item 0: 4 times, 3 positive; item 1: once, 0; item 2: once, 0.
  // Global rate 3/6. Score = (pos + 2 * 0.5) / (n + 2).
  const std::vector<RowIndex> rows = {6, 7, 5};  // items 0, 1, 2
  std::vector<float> out(3);
  method->serving().score(s, rows, out);
  EXPECT_FLOAT_EQ(out[0], (3.0f + 1.0f) / 6.0f);
  EXPECT_FLOAT_EQ(out[1], (0.0f + 1.0f) / 3.0f);
  EXPECT_FLOAT_EQ(out[2], (0.0f + 1.0f) / 3.0f);
}

// Smoothing 0 is inside the declared range: an item never seen then gets the
// global rate (the limit of the smoothed rate), not 0/0.
TEST(Popularity, WithoutSmoothingAnUnseenItemGetsTheGlobalRate) {
  test_support::TinySpec spec;
  spec.num_users = 2;
  spec.num_items = 3;
  spec.num_periods = 2;
  // Period 0 sees items 0 and 1 (3 of 4 positive); item 2 appears only in period 1.
  spec.interactions = {{0, 0, 1, 1}, {1, 0, 1, 2}, {0, 1, 1, 3}, {1, 1, 0, 4},
                       {0, 2, 1, 5}, {1, 0, 0, 6}, {0, 1, 1, 7}, {1, 2, 0, 8}};
  const Stream s = test_support::make_tiny_stream(spec);
  auto method = MethodRegistry::global().create("popularity(smoothing=0)");
  StreamWindow window(s, 1);
  MethodContext ctx{&window, {}, 1};
  method->start(PretrainedModel{}, ctx);
  const std::vector<RowIndex> rows = {4, 5, 6};  // items 2 (unseen), 0, 1
  std::vector<float> out(3);
  method->serving().score(s, rows, out);
  EXPECT_FLOAT_EQ(out[0], 3.0f / 4.0f);  // global rate 3/4
  EXPECT_FLOAT_EQ(out[1], 2.0f / 2.0f);  // item 0: 2 of 2
  EXPECT_FLOAT_EQ(out[2], 1.0f / 2.0f);  // item 1: 1 of 2
}

TEST(Reservoir, AlgorithmRKeepsEveryRowWithEqualProbability) {
  // Capacity 10 over 100 offered rows: each row is kept with probability 1/10.
  constexpr int kTrials = 20000;
  std::vector<int> kept(100, 0);
  std::mt19937_64 rng(11);
  for (int t = 0; t < kTrials; ++t) {
    Reservoir r({}, 10, 0);
    for (RowIndex i = 0; i < 100; ++i) r.offer(i, rng);
    ASSERT_EQ(r.rows().size(), 10u);
    for (const RowIndex i : r.rows()) ++kept[i];
  }
  // Binomial(20000, 0.1): sd = sqrt(20000*0.1*0.9) = 42.4; allow 5 sd.
  for (int i = 0; i < 100; ++i) EXPECT_NEAR(kept[i], 2000, 5 * 42.5) << "row " << i;
}

TEST(Reservoir, WeightedDrawFirstPickIsProportionalToWeight) {
  const std::vector<RowIndex> pool = {10, 20, 30};
  const std::vector<double> weights = {1.0, 2.0, 5.0};
  std::map<RowIndex, int> first;
  std::mt19937_64 rng(3);
  constexpr int kTrials = 40000;
  for (int t = 0; t < kTrials; ++t) ++first[draw_weighted(pool, weights, 1, rng)[0]];
  // P(first = i) = w_i / 8; sd of each count <= sqrt(40000 * 0.25) = 100.
  EXPECT_NEAR(first[10], kTrials / 8.0, 500);
  EXPECT_NEAR(first[20], kTrials * 2 / 8.0, 500);
  EXPECT_NEAR(first[30], kTrials * 5 / 8.0, 500);
}

TEST(Reservoir, DrawsAreWithoutReplacement) {
  std::vector<RowIndex> pool(50);
  std::iota(pool.begin(), pool.end(), RowIndex{100});
  std::mt19937_64 rng(5);
  for (const auto& drawn :
       {draw_uniform(pool, 30, rng), draw_weighted(pool, std::vector<double>(50, 1.0), 30, rng)}) {
    std::vector<RowIndex> sorted = drawn;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end());
    EXPECT_EQ(sorted.size(), 30u);
  }
  EXPECT_EQ(draw_uniform(pool, 80, rng).size(), 50u);  // capped at the pool size
}

}  // namespace
}  // namespace crbench
