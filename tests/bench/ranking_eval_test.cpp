// Full-ranking evaluation of a test period: the candidate set (items known
// before the period), the exclusion of each user's past interactions, positives
// that no ranking can reach, the user's state at the start of the period, the
// seeded user sample, bit-identical results for any thread count, and the
// oracle's ranking as the best on a simulated stream.
#include "bench/ranking_eval.hpp"

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

#include "bench/protocol.hpp"
#include "methods/base_models/emb_mlp.hpp"
#include "sim/simulator.hpp"
#include "tests/support/run_method.hpp"
#include "tests/support/tiny_stream.hpp"

namespace crbench {
namespace {

// Scores a row by its item alone: item k gets table[k].
class TableScorer final : public Scorer {
 public:
  explicit TableScorer(std::vector<float> table) : table_(std::move(table)) {}
  void score(const FeatureView& stream, std::span<const RowIndex> rows,
             std::span<float> out) const override {
    for (std::size_t k = 0; k < rows.size(); ++k)
      out[k] = table_[static_cast<std::size_t>(stream.item[rows[k]])];
  }

 private:
  std::vector<float> table_;
};

// The same scores, through its own candidate scorer that records every user state
// it is asked about.
class RecordingScorer final : public Scorer {
 public:
  struct Seen {
    std::int32_t user;
    std::vector<std::int32_t> history;
    std::int64_t positives_before;
    std::vector<std::int32_t> items;
  };
  explicit RecordingScorer(std::vector<float> table) : table_(std::move(table)) {}
  void score(const FeatureView&, std::span<const RowIndex>, std::span<float>) const override {}
  std::unique_ptr<CandidateScorer> candidate_scorer(
      const FeatureView&, int, std::vector<std::int32_t> items) const override {
    return std::make_unique<Ranker>(*this, std::move(items));
  }
  mutable std::mutex mutex;
  mutable std::vector<Seen> seen;

 private:
  class Ranker final : public CandidateScorer {
   public:
    Ranker(const RecordingScorer& owner, std::vector<std::int32_t> items)
        : CandidateScorer(std::move(items)), owner_(owner) {}
    void score(const UserState& s, std::span<float> out) const override {
      for (std::size_t k = 0; k < out.size(); ++k)
        out[k] = owner_.table_[static_cast<std::size_t>(items()[k])];
      const std::lock_guard<std::mutex> lock(owner_.mutex);
      owner_.seen.push_back({s.user,
                             {s.history.begin(), s.history.end()},
                             s.positives_before,
                             {items().begin(), items().end()}});
    }

   private:
    const RecordingScorer& owner_;
  };
  std::vector<float> table_;
};

// Three periods of four rows (timestamps 1..12):
//   period 0: u0 i0 +, u0 i2 -, u1 i1 +, u1 i3 +
//   period 1: u2 i0 +, u0 i1 +, u2 i4 -, u1 i2 +
//   period 2: u0 i3 +, u0 i5 +, u1 i1 +, u2 i2 -
// At the start of period 2 the known items are i0..i4 (i5 first appears in it).
// u0's test positives: i3 (a candidate) and i5 (new). u1's only positive, i1, is
// an item it rated before (a repeat): u1 cannot be evaluated. u2 has no positive.
Stream hand_stream() {
  test_support::TinySpec spec;
  spec.num_users = 3;
  spec.num_items = 6;
  spec.num_periods = 3;
  const int rows[12][3] = {{0, 0, 1}, {0, 2, 0}, {1, 1, 1}, {1, 3, 1}, {2, 0, 1}, {0, 1, 1},
                           {2, 4, 0}, {1, 2, 1}, {0, 3, 1}, {0, 5, 1}, {1, 1, 1}, {2, 2, 0}};
  for (int t = 0; t < 12; ++t)
    spec.interactions.push_back(
        {rows[t][0], rows[t][1], static_cast<float>(rows[t][2]), static_cast<std::int64_t>(t + 1)});
  return test_support::make_tiny_stream(spec);
}

// Items 0..4 score 0.9 down to 0.5, item 5 0.95.
const std::vector<float> kTable = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.95f};

TEST(RankingEval, ExcludesEachUsersPastInteractions) {
  const Stream s = hand_stream();
  const RankingResult r = evaluate_ranking(TableScorer(kTable), s, 2, {{1, 3}, 0});
  EXPECT_EQ(r.candidates, 5u);
  EXPECT_EQ(r.eligible_users, 1u);
  EXPECT_EQ(r.users, 1u);
  EXPECT_EQ(r.positives, 1u);
  EXPECT_EQ(r.new_item_positives, 1u);  // u0's i5
  EXPECT_EQ(r.repeat_positives, 1u);    // u1's i1
  // u0's candidates are i3 and i4: i0, i1 (positives) and i2 (a rated negative)
  // are excluded, although they score higher. i3 ranks first.
  EXPECT_EQ(r.value("recall@1"), 1.0);
  EXPECT_EQ(r.value("ndcg@1"), 1.0);
  EXPECT_EQ(r.value("hr@1"), 1.0);
  EXPECT_EQ(r.value("recall@3"), 1.0);
  EXPECT_EQ(r.value("mrr"), 1.0);
  // The names in their display order.
  std::vector<std::string> names;
  for (const auto& [n, v] : r.metrics) names.push_back(n);
  EXPECT_EQ(names, (std::vector<std::string>{"recall@1", "recall@3", "ndcg@1", "ndcg@3", "hr@1",
                                             "hr@3", "mrr"}));
}

TEST(RankingEval, SampledNegativesAreNotInteractions) {
  // Implicit labelling: the label-0 rows were drawn by the sampler. Then u0 never
  // interacted with i2 (known from u1's positive), which outranks i3 (i3 now at
  // rank 2), and i4, seen only as a drawn negative, is not a known item.
  Stream s = hand_stream();
  s.sampled_negatives = true;
  const RankingResult r = evaluate_ranking(TableScorer(kTable), s, 2, {{1, 3}, 0});
  EXPECT_EQ(r.candidates, 4u);
  EXPECT_EQ(r.users, 1u);
  EXPECT_EQ(r.value("hr@1"), 0.0);
  EXPECT_EQ(r.value("mrr"), 0.5);
  EXPECT_NEAR(r.value("ndcg@3"), 1.0 / std::log2(3.0), 1e-12);
}

TEST(RankingEval, UsersAreScoredWithTheirStateAtTheStartOfThePeriod) {
  Stream s = hand_stream();
  for (const int history : {30, 1}) {
    s.max_history = history;
    const RecordingScorer scorer(kTable);
    evaluate_ranking(scorer, s, 2, {{5}, 0});
    ASSERT_EQ(scorer.seen.size(), 1u);
    const RecordingScorer::Seen& seen = scorer.seen.front();
    EXPECT_EQ(seen.user, 0);
    // u0's positives before period 2: i0 (t = 1), i1 (t = 6); the window keeps the
    // most recent, oldest first; the count is not capped.
    EXPECT_EQ(seen.history,
              history == 30 ? (std::vector<std::int32_t>{0, 1}) : (std::vector<std::int32_t>{1}));
    EXPECT_EQ(seen.positives_before, 2);
    EXPECT_EQ(seen.items, (std::vector<std::int32_t>{0, 1, 2, 3, 4}));
  }
}

const Stream& sim_stream() {
  static const Stream s = sim::simulate_stream(
      sim::parse_scenario("stationary(periods=14,samples_per_period=1500,users=300,items=400)"), 3);
  return s;
}

TEST(RankingEval, SampleDrawsTheSameUsersForEveryScorer) {
  const Stream& s = sim_stream();
  std::vector<float> a(static_cast<std::size_t>(s.num_items)), b(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    a[i] = static_cast<float>(i % 7) / 7.0f;
    b[i] = static_cast<float>(i % 11) / 11.0f;
  }
  const RecordingScorer first(a), second(b);
  const RankingResult r1 = evaluate_ranking(first, s, 12, {{10}, 20});
  const RankingResult r2 = evaluate_ranking(second, s, 12, {{10}, 20});
  ASSERT_GT(r1.eligible_users, 20u);
  EXPECT_EQ(r1.users, 20u);
  std::vector<std::int32_t> u1, u2;
  for (const auto& x : first.seen) u1.push_back(x.user);
  for (const auto& x : second.seen) u2.push_back(x.user);
  std::sort(u1.begin(), u1.end());
  std::sort(u2.begin(), u2.end());
  EXPECT_EQ(u1, u2);
  EXPECT_EQ(std::adjacent_find(u1.begin(), u1.end()), u1.end());  // without replacement
  // Another period draws another sample; no sample means every eligible user.
  const RecordingScorer third(a);
  evaluate_ranking(third, s, 11, {{10}, 20});
  std::vector<std::int32_t> u3;
  for (const auto& x : third.seen) u3.push_back(x.user);
  std::sort(u3.begin(), u3.end());
  EXPECT_NE(u1, u3);
  EXPECT_EQ(evaluate_ranking(TableScorer(a), s, 12, {{10}, 0}).users, r1.eligible_users);
}

TEST(RankingEval, BitIdenticalForAnyNumberOfThreads) {
  const Stream& s = sim_stream();
  const EmbMlp model(shape_of(s), EmbMlpParams{}, 11);
  auto run = [&](int threads) {
    tbb::task_arena arena(threads);
    RankingResult r;
    arena.execute([&] { r = evaluate_ranking(model, s, 12, {{5, 20}, 0}); });
    return r;
  };
  const RankingResult one = run(1), two = run(2), four = run(4);
  ASSERT_GT(one.users, 50u);
  ASSERT_EQ(one.metrics.size(), 7u);
  for (std::size_t k = 0; k < one.metrics.size(); ++k) {
    EXPECT_EQ(std::memcmp(&one.metrics[k].second, &two.metrics[k].second, sizeof(double)), 0)
        << one.metrics[k].first;
    EXPECT_EQ(std::memcmp(&one.metrics[k].second, &four.metrics[k].second, sizeof(double)), 0)
        << one.metrics[k].first;
  }
}

// The oracle ranks by the world's probability of a click in the period: on a
// simulated stream no method ranks the period's positives better on average.
TEST(RankingEval, TheOracleRanksBestOnASimulatedStream) {
  const Stream& s = sim_stream();
  ProtocolSettings p = test_support::quick_protocol();
  p.ranking_metrics = "10";
  std::map<std::string, double> ndcg;
  for (const std::string method : {"oracle", "popularity", "iu", "frozen", "bu-3"}) {
    const test_support::MethodRun run = test_support::run_method(s, method, 1, p);
    ASSERT_TRUE(run.result.ok) << method << ": " << run.result.error;
    ASSERT_EQ(run.result.periods.size(), 3u);
    double sum = 0.0;
    for (const PeriodResult& pr : run.result.periods) {
      ASSERT_GT(pr.ranking.users, 50u);
      sum += pr.ranking.value("ndcg@10");
    }
    ndcg[method] = sum / 3.0;
  }
  for (const auto& [method, value] : ndcg) {
    if (method == "oracle") continue;
    EXPECT_GT(ndcg["oracle"], value) << method;
  }
  // A ranking that knows nothing (every item tied) has the random ranking's NDCG.
  double random = 0.0;
  const TableScorer constant(std::vector<float>(static_cast<std::size_t>(s.num_items), 0.5f));
  for (int t = 11; t <= 13; ++t)
    random += evaluate_ranking(constant, s, t, {{10}, 0}).value("ndcg@10");
  EXPECT_GT(ndcg["oracle"], random / 3.0);
}

// The oracle's ranking needs the world, which a simulated log read back from a
// file does not carry: the job fails and says why.
TEST(RankingEval, TheOraclesRankingNeedsTheWorld) {
  Stream s = sim_stream();
  s.ground_truth.reset();
  ProtocolSettings p = test_support::quick_protocol();
  p.ranking_metrics = "10";
  const test_support::MethodRun run = test_support::run_method(s, "oracle", 1, p);
  EXPECT_FALSE(run.result.ok);
  EXPECT_NE(run.result.error.find("full ranking needs the simulated world"), std::string::npos)
      << run.result.error;
}

}  // namespace
}  // namespace crbench
