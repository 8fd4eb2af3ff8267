// The simulated world as a stream's ground truth (sim/ground_truth.hpp): the
// probability that a user clicks an item at least once in a period, against the
// world's own per-draw quantities and against the periods the simulator draws.
#include "sim/ground_truth.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <utility>
#include <vector>

#include "sim/simulator.hpp"
#include "sim/world.hpp"
#include "sim/world_config.hpp"

namespace crbench::sim {
namespace {

constexpr const char* kGradual =
    "gradual(periods=14,t0=12,width=4,samples_per_period=1500,users=300,items=400)";

std::vector<std::int32_t> every_item(const Stream& s) {
  std::vector<std::int32_t> items(static_cast<std::size_t>(s.num_items));
  for (std::size_t i = 0; i < items.size(); ++i) items[i] = static_cast<std::int32_t>(i);
  return items;
}

// Period 11 (0-based) of the gradual world is mid-transition: the new concept's
// share is (11 - 11) / 4 + 1/2 = 1/2. Each of the period's n = 1500 draws picks
// the user with probability a = activity / total, the item with e = exposure /
// total and clicks with (p_old + p_new) / 2; so P(clicked at least once) =
// 1 - (1 - a e p)^n.
TEST(WorldGroundTruth, IsThePeriodsChanceOfAClick) {
  const Scenario scenario = parse_scenario(kGradual);
  const Stream s = simulate_stream(scenario, 2);
  ASSERT_TRUE(s.ground_truth);
  const int t = 11;
  internal::WorldModel world(internal::config_from_scenario(scenario), 2);
  internal::PeriodState st;
  world.prepare(t, st);
  ASSERT_EQ(st.share_new, 0.5);
  double activity = 0.0, exposure = 0.0;
  for (const double x : st.activity) activity += x;
  for (const double x : st.exposure) exposure += x;
  const auto truth = s.ground_truth->period(t);
  const std::vector<std::int32_t> items = every_item(s);
  std::vector<float> out(items.size());
  for (std::int32_t u = 0; u < s.num_users; u += 29) {
    truth->period_click_probability(u, items, out);
    const auto raw_u = static_cast<std::int32_t>(s.raw_user_id[static_cast<std::size_t>(u)]);
    const auto uk = static_cast<std::size_t>(st.user_slot[static_cast<std::size_t>(raw_u)]);
    for (std::size_t i = 0; i < items.size(); i += 7) {
      const auto raw_i = static_cast<std::int32_t>(s.raw_item_id[i]);
      const auto ik = static_cast<std::size_t>(st.item_slot[static_cast<std::size_t>(raw_i)]);
      const long double p = 0.5L * st.probability_of(raw_u, raw_i, false) +
                            0.5L * st.probability_of(raw_u, raw_i, true);
      const long double per_draw = st.activity[uk] / activity * st.exposure[ik] / exposure * p;
      const long double expected = 1.0L - std::pow(1.0L - per_draw, 1500.0L);
      EXPECT_NEAR(out[i], static_cast<double>(expected), 1e-6 * static_cast<double>(expected))
          << "user " << u << " item " << i;
    }
  }
}

// Summed over every (user, item) pair, the probabilities are the expected number
// of distinct positive pairs of the period: the simulator's draws must land
// within a few standard deviations of it (the pairs' indicators are at most
// weakly dependent; sd <= sqrt(sum P(1 - P)) for negatively associated ones).
TEST(WorldGroundTruth, PredictsThePositivePairsOfTheDrawnPeriods) {
  const Stream s = simulate_stream(parse_scenario(kGradual), 2);
  const std::vector<std::int32_t> items = every_item(s);
  std::vector<float> out(items.size());
  for (const int t : {3, 11, 13}) {
    const auto truth = s.ground_truth->period(t);
    double expected = 0.0, variance = 0.0;
    for (std::int32_t u = 0; u < s.num_users; ++u) {
      truth->period_click_probability(u, items, out);
      for (const float p : out) expected += p, variance += p * (1.0 - p);
    }
    std::set<std::pair<std::int32_t, std::int32_t>> pairs;
    for (RowIndex r = s.period_begin(t); r < s.period_end(t); ++r)
      if (s.label[r] == 1.0f) pairs.emplace(s.user[r], s.item[r]);
    EXPECT_NEAR(static_cast<double>(pairs.size()), expected, 5.0 * std::sqrt(variance))
        << "period " << t;
  }
}

TEST(WorldGroundTruth, UsersAndItemsNotAliveHaveNoChance) {
  const Scenario scenario = parse_scenario(
      "churn(periods=10,start=2,item_churn=0.1,user_churn=0.1,"
      "samples_per_period=1000,users=200,items=300)");
  const Stream s = simulate_stream(scenario, 4);
  const internal::WorldModel world(internal::config_from_scenario(scenario), 4);
  const int t = 8;
  const auto truth = s.ground_truth->period(t);
  const std::vector<std::int32_t> items = every_item(s);
  std::vector<float> out(items.size());
  std::size_t dead_items = 0, dead_users = 0;
  for (std::int32_t u = 0; u < s.num_users; ++u) {
    const auto raw_u = static_cast<std::size_t>(s.raw_user_id[static_cast<std::size_t>(u)]);
    const bool user_alive = world.user_birth()[raw_u] <= t && t < world.user_death()[raw_u];
    truth->period_click_probability(u, items, out);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const auto raw_i = static_cast<std::size_t>(s.raw_item_id[i]);
      const bool item_alive = world.item_birth()[raw_i] <= t && t < world.item_death()[raw_i];
      if (!user_alive || !item_alive) {
        EXPECT_EQ(out[i], 0.0f);
      } else {
        EXPECT_GT(out[i], 0.0f);
      }
      dead_items += u == 0 && !item_alive;
    }
    dead_users += !user_alive;
  }
  EXPECT_GT(dead_items, 0u);
  EXPECT_GT(dead_users, 0u);
}

}  // namespace
}  // namespace crbench::sim
