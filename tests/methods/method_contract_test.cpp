// One contract, checked for every registered method (mlpack's one-test-body-
// over-every-policy idea): a method that registers gets these checks for free.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <cstring>
#include <functional>
#include <memory>

#include "bench/protocol.hpp"
#include "methods/registry.hpp"
#include "sim/simulator.hpp"
#include "tests/support/future_flipped.hpp"
#include "tests/support/run_method.hpp"

namespace crbench {
namespace {

using test_support::MethodRun;
using test_support::run_method;

// Aliases (bu for bu-3) are checked under the name they alias.
std::vector<std::string> all_methods() {
  std::vector<std::string> names;
  for (const MethodEntry* e : MethodRegistry::global().entries())
    if (e->alias_of.empty()) names.push_back(e->name);
  return names;
}

class MethodContract : public ::testing::TestWithParam<std::string> {
 protected:
  // A small simulated stream: real-log-shaped data that also carries the ground
  // truth, so that every method, the oracle included, runs on it.
  static const Stream& stream() {
    static const Stream s = sim::simulate_stream(
        sim::parse_scenario("sudden(periods=14,t0=12,samples_per_period=1500,users=300,items=400)"),
        1);
    return s;
  }
};

TEST_P(MethodContract, RunsAndServesProbabilities) {
  const MethodRun run = run_method(stream(), GetParam(), 3);
  ASSERT_TRUE(run.result.ok) << run.result.error;
  ASSERT_EQ(run.result.periods.size(), 3u);
  for (const float s : run.scores) ASSERT_TRUE(s >= 0.0f && s <= 1.0f && std::isfinite(s));
  for (const PeriodResult& p : run.result.periods) {
    EXPECT_GT(p.metrics.auc, 0.0);
    EXPECT_LT(p.metrics.auc, 1.0);
    EXPECT_TRUE(std::isfinite(p.metrics.log_loss));
    // The split a method books is timed inside the protocol's own stopwatch around
    // observe(), so it can never add up to more than that wall time.
    const CostBreakdown& c = p.cost;
    for (const double part :
         {c.base_train_seconds, c.meta_train_seconds, c.generation_seconds, c.other_seconds})
      EXPECT_GE(part, 0.0);
    EXPECT_LE(c.base_train_seconds + c.meta_train_seconds + c.generation_seconds + c.other_seconds,
              p.update_wall_seconds + 1e-9);
  }
  // Every method serves a model with parameters, except the oracle, which serves
  // the simulator's ground truth.
  if (GetParam() != "oracle") {
    EXPECT_GT(run.result.parameter_count, 0u);
  }
}

TEST_P(MethodContract, SameSeedGivesBitIdenticalScores) {
  const MethodRun a = run_method(stream(), GetParam(), 5);
  const MethodRun b = run_method(stream(), GetParam(), 5);
  ASSERT_TRUE(a.result.ok && b.result.ok);
  ASSERT_EQ(a.scores.size(), b.scores.size());
  EXPECT_TRUE(test_support::bit_equal(a.scores, b.scores));
}

// No method can read what the protocol has not released: for each scored period
// s, a stream whose future differs from the cut c in the middle of s on (every
// label from the start of s flipped, and the histories of the rows from c on
// rebuilt from the flipped labels: tests/support/future_flipped.hpp). The rows of
// s before c keep their features, so the scores served on them must be
// bit-identical. A method that read a label of s or later, a history of a row after
// the one it scores, or any row past the scored period would fail this. Returns
// the scored periods (0-based) where the scores before the cut differ.
std::vector<int> periods_served_differently(const Stream& s,
                                            const std::function<std::unique_ptr<Method>()>& make) {
  const ProtocolSettings protocol = test_support::quick_protocol();
  const std::uint64_t seed = 7;
  const PretrainedModel pre = pretrain(s, protocol, seed);
  const auto run = [&](const Stream& stream) {
    MethodRun out;
    const std::unique_ptr<Method> method = make();
    out.result = run_protocol(stream, pre, *method, "checked", protocol, seed,
                              [&](int, RowIndex, float score) { out.scores.push_back(score); });
    return out;
  };
  const MethodRun a = run(s);
  EXPECT_TRUE(a.result.ok) << a.result.error;
  std::vector<int> differ;
  std::size_t offset = 0;  // of period `scored`'s scores among all scores served
  for (int scored = protocol.pretrain_periods + 1; scored < s.num_periods(); ++scored) {
    const RowIndex begin = s.period_begin(scored), end = s.period_end(scored);
    const RowIndex cut = begin + (end - begin) / 2;
    Stream future = test_support::with_future_flipped(s, begin, cut);
    future.keep_first_periods(scored + 1);  // the run ends with period `scored`
    // The pre-training periods end before `begin`: the same model serves both runs.
    const MethodRun b = run(future);
    EXPECT_TRUE(b.result.ok) << b.result.error;
    if (b.scores.size() < offset + (cut - begin) || a.scores.size() < offset + (cut - begin)) {
      ADD_FAILURE() << "period " << scored << " was not scored";
      return differ;
    }
    const std::vector<float> before_cut(a.scores.begin() + offset,
                                        a.scores.begin() + offset + (cut - begin));
    const std::vector<float> flipped(b.scores.begin() + offset,
                                     b.scores.begin() + offset + (cut - begin));
    if (!test_support::bit_equal(before_cut, flipped)) differ.push_back(scored);
    // ... while every label of the period the metrics read was flipped.
    EXPECT_NEAR(a.result.periods[static_cast<std::size_t>(scored - protocol.pretrain_periods - 1)]
                        .metrics.positive_rate +
                    b.result.periods.back().metrics.positive_rate,
                1.0, 1e-12)
        << "period " << scored;
    offset += end - begin;
  }
  EXPECT_EQ(offset, a.scores.size());
  return differ;
}

TEST_P(MethodContract, NeverSeesAFutureLabelOrAHistoryBuiltFromOne) {
  EXPECT_EQ(periods_served_differently(stream(),
                                       [] { return MethodRegistry::global().create(GetParam()); }),
            std::vector<int>{});
}

// The check above catches what the views cannot stop: a scorer that reads the
// features of later rows of the batch it is given (their histories show whether
// earlier rows of their users were positives). This one scores every row by the
// total history length of its batch.
class BatchPeeker final : public Method {
 public:
  void start(const PretrainedModel&, const MethodContext&) override {}
  const Scorer& serving() const override { return scorer_; }
  std::size_t parameter_count() const override { return 1; }

 private:
  class HistoryTotal final : public Scorer {
   public:
    void score(const FeatureView& view, std::span<const RowIndex> rows,
               std::span<float> out) const override {
      std::size_t total = 0;
      for (const RowIndex r : rows) total += view.history(r).size();
      for (float& o : out) o = 0.25f + static_cast<float>(total % 101) / 200.0f;
    }
  };
  void update(const Period&, MethodContext&) override {}
  HistoryTotal scorer_;
};

TEST(MethodContractCheck, CatchesAScorerThatReadsLaterRowsOfItsBatch) {
  const Stream s = sim::simulate_stream(
      sim::parse_scenario("sudden(periods=14,t0=12,samples_per_period=1500,users=300,items=400)"),
      1);
  const std::vector<int> differ =
      periods_served_differently(s, [] { return std::make_unique<BatchPeeker>(); });
  EXPECT_EQ(differ, (std::vector<int>{11, 12, 13}));
}

// Full ranking goes through the served model's candidate scorer: every method
// ranks, and for a logged row (its user, history and positive count as the
// user's state) the candidate score of the row's item is the score the protocol
// gives the row itself. The oracle ranks by the world's probability of a click
// in the period instead, which the stream's ground truth gives.
TEST_P(MethodContract, RanksCandidatesAsItScoresItsRows) {
  const Stream& s = stream();
  ProtocolSettings p = test_support::quick_protocol();
  p.ranking_metrics = "5,10";
  const PretrainedModel pre = pretrain(s, p, 3);
  const auto method = MethodRegistry::global().create(GetParam());
  const JobResult result = run_protocol(s, pre, *method, GetParam(), p, 3);
  ASSERT_TRUE(result.ok) << result.error;
  for (const PeriodResult& pr : result.periods) {
    EXPECT_GT(pr.ranking.users, 0u);
    ASSERT_EQ(pr.ranking.metrics.size(), 7u);
    for (const auto& [name, value] : pr.ranking.metrics) {
      EXPECT_GE(value, 0.0) << name;
      EXPECT_LE(value, 1.0) << name;
    }
  }
  const int last = s.num_periods() - 1;
  std::vector<std::int32_t> items(static_cast<std::size_t>(s.num_items));
  for (std::size_t i = 0; i < items.size(); ++i) items[i] = static_cast<std::int32_t>(i);
  const Scorer& served = method->serving();
  const auto candidates = served.candidate_scorer(s, last, items);
  const auto truth = s.ground_truth->period(last);
  std::vector<float> scores(items.size()), expected(items.size());
  for (RowIndex r = s.period_begin(last); r < s.period_end(last); r += 97) {
    const std::int32_t user = s.user[r];
    const UserState state{
        user, s.history(r),
        s.history_end[r] - s.user_positive_offset[static_cast<std::size_t>(user)]};
    candidates->score(state, scores);
    if (GetParam() == "oracle") {
      truth->period_click_probability(user, items, expected);
      EXPECT_TRUE(test_support::bit_equal(scores, expected)) << "row " << r;
      continue;
    }
    float own = 0.0f;
    served.score(s, std::span<const RowIndex>(&r, 1), std::span<float>(&own, 1));
    // The Emb&MLP's shared first layer adds its parts in another order.
    EXPECT_NEAR(scores[static_cast<std::size_t>(s.item[r])], own, 1e-6) << "row " << r;
  }
}

INSTANTIATE_TEST_SUITE_P(EveryRegisteredMethod, MethodContract, ::testing::ValuesIn(all_methods()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace crbench
