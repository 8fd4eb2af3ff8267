// Tests of closed-loop exposure: without a share it is the open-loop stream,
// sample for sample; with one, the served model's choices show in the stream,
// the model never scores a row of the period being drawn with its label, and
// the stream stays a well-formed, deterministic Stream.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "datasets/stream_builder.hpp"
#include "sim/closed_loop.hpp"
#include "sim/simulator.hpp"
#include "sim/world.hpp"

namespace crbench::sim {
namespace {

constexpr const char* kWorld = "sudden(periods=8,t0=5,samples_per_period=1200,users=150,items=300)";

// A served model that scores every row by the given rule and checks that it is
// only ever asked about rows past the stream's last period (candidates).
RowScorer scorer(std::function<float(const Stream&, RowIndex)> rule, int* calls) {
  return [rule, calls](const Stream& s, std::span<const RowIndex> rows, std::span<float> out) {
    ++*calls;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      EXPECT_GE(rows[k], s.period_offset.back()) << "a scored row is a sample with a label";
      out[k] = rule(s, rows[k]);
    }
  };
}

TEST(ClosedLoop, WithoutAShareItIsTheOpenLoopStream) {
  const Scenario scenario = parse_scenario(kWorld);
  ClosedLoopStream loop(scenario, 11, 30, ClosedLoopSettings{0.0, 20}, 3);
  int calls = 0;
  const RowScorer any = scorer([](const Stream&, RowIndex) { return 0.5f; }, &calls);
  while (loop.periods_generated() < loop.total_periods()) loop.next_period(any);
  EXPECT_EQ(calls, 0);  // no impression chosen: the model is never asked
  const Stream& closed = loop.stream();
  const Stream open = simulate_stream(scenario, 11, 30);
  ASSERT_EQ(closed.num_samples(), open.num_samples());
  EXPECT_EQ(closed.period_offset, open.period_offset);
  EXPECT_EQ(closed.label, open.label);
  EXPECT_EQ(closed.true_probability, open.true_probability);
  EXPECT_EQ(closed.timestamp, open.timestamp);
  for (std::size_t r = 0; r < open.num_samples(); ++r) {
    // Ids: world ids in the closed loop, order of first appearance in the open one.
    ASSERT_EQ(closed.raw_user_id[static_cast<std::size_t>(closed.user[r])],
              open.raw_user_id[static_cast<std::size_t>(open.user[r])]);
    ASSERT_EQ(closed.raw_item_id[static_cast<std::size_t>(closed.item[r])],
              open.raw_item_id[static_cast<std::size_t>(open.item[r])]);
    // The history laid out period by period is the one build_stream lays out once.
    const auto a = closed.history(static_cast<RowIndex>(r));
    const auto b = open.history(static_cast<RowIndex>(r));
    ASSERT_EQ(a.size(), b.size()) << r;
    for (std::size_t k = 0; k < a.size(); ++k)
      ASSERT_EQ(closed.raw_item_id[static_cast<std::size_t>(a[k])],
                open.raw_item_id[static_cast<std::size_t>(b[k])]);
  }
  EXPECT_EQ(closed.meta.drift_start_periods, open.meta.drift_start_periods);
  EXPECT_EQ(closed.meta.catalogue_size, open.meta.catalogue_size);
  // Sized for every user and item of the world from the start.
  EXPECT_EQ(closed.num_users, 150);
  EXPECT_EQ(closed.num_items, 300);
}

TEST(ClosedLoop, TheServedModelsChoicesShowInTheStream) {
  const Scenario scenario = parse_scenario(kWorld);
  const ClosedLoopStream prefix(scenario, 11, 30, ClosedLoopSettings{1.0, 8}, 3);
  // A model that prefers low item ids: with every impression chosen from 8 exposure
  // draws, a shown item is the smallest of 8, so below the exposure draws' median
  // with probability 1 - 2^-8; an open-loop item is below it about half the time.
  ClosedLoopStream low = prefix;
  int calls = 0;
  const RowScorer prefers_low =
      scorer([](const Stream& s, RowIndex r) { return -static_cast<float>(s.item[r]); }, &calls);
  low.next_period(prefers_low);
  EXPECT_EQ(calls, 1);
  const Stream open = simulate_stream(scenario, 11, 30);
  std::vector<std::int64_t> open_items;
  for (RowIndex r = open.period_begin(3); r < open.period_end(3); ++r)
    open_items.push_back(open.raw_item_id[static_cast<std::size_t>(open.item[r])]);
  std::vector<std::int64_t> sorted = open_items;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const std::int64_t median = sorted[sorted.size() / 2];
  const Stream& s = low.stream();
  ASSERT_EQ(s.num_periods(), 4);
  ASSERT_EQ(s.num_samples(), 4u * 1200u);  // the candidate rows are gone
  std::size_t below = 0;
  for (RowIndex r = s.period_begin(3); r < s.period_end(3); ++r) below += s.item[r] < median;
  EXPECT_GT(below, 1150u);  // expected 1200 (1 - 1/256) = 1195
  // Users, times and the ground truth of each shown pair stay the world's: the
  // same users at the same ticks as the open loop.
  for (RowIndex r = s.period_begin(3); r < s.period_end(3); ++r) {
    ASSERT_EQ(s.user[r], open.raw_user_id[static_cast<std::size_t>(open.user[r])]);
    ASSERT_EQ(s.timestamp[r], open.timestamp[r]);
  }
  // The oracle's choices: serving the attainable probability shows better pairs
  // than the open loop's exposure.
  ClosedLoopStream best = prefix;
  const RowScorer oracle =
      scorer([](const Stream& st, RowIndex r) { return st.true_probability[r]; }, &calls);
  best.next_period(oracle);
  const auto mean_truth = [](const Stream& st, int t) {
    double sum = 0;
    for (RowIndex r = st.period_begin(t); r < st.period_end(t); ++r) sum += st.true_probability[r];
    return sum / static_cast<double>(st.period_end(t) - st.period_begin(t));
  };
  EXPECT_GT(mean_truth(best.stream(), 3), mean_truth(open, 3) + 0.1);
  // Deterministic: the same choices give the same stream, bit for bit; the
  // shared prefix is untouched by its copies.
  ClosedLoopStream again = prefix;
  again.next_period(oracle);
  EXPECT_EQ(again.stream().item, best.stream().item);
  EXPECT_EQ(again.stream().label, best.stream().label);
  EXPECT_EQ(prefix.periods_generated(), 3);
}

TEST(ClosedLoop, CandidatesCarryTheUsersHistoryAtThePeriodsStart) {
  const Scenario scenario = parse_scenario(kWorld);
  ClosedLoopStream loop(scenario, 4, 5, ClosedLoopSettings{0.5, 3}, 3);
  int calls = 0;
  const RowScorer check = [&calls](const Stream& s, std::span<const RowIndex> rows,
                                   std::span<float> out) {
    ++calls;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const RowIndex r = rows[k];
      const auto u = static_cast<std::size_t>(s.user[r]);
      const std::int64_t count = s.user_positive_offset[u + 1] - s.user_positive_offset[u];
      EXPECT_EQ(s.history(r).size(), static_cast<std::size_t>(std::min<std::int64_t>(count, 5)));
      if (!s.history(r).empty()) {  // the newest positive is the user's last one so far
        EXPECT_EQ(s.history(r).back(),
                  s.positive_items[static_cast<std::size_t>(s.user_positive_offset[u + 1] - 1)]);
      }
      out[k] = 0.0f;
    }
  };
  loop.next_period(check);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace crbench::sim
