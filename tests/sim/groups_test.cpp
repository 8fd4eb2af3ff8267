// The `groups` scenario (heterogeneous user groups): its defining properties --
// the long-tail group is exactly the least active users, and each group's click
// model weighs the item term b_item by its own weight, so that the same items
// appeal to the head group and repel the tail -- checked on the world's ground
// truth and on the emitted stream.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "sim/simulator.hpp"
#include "sim/world.hpp"
#include "sim/world_config.hpp"

namespace crbench::sim {
namespace {

using internal::PeriodState;
using internal::WorldModel;

TEST(GroupsScenario, LongTailGroupIsTheLeastActiveUsers) {
  const WorldModel world(internal::config_from_scenario(parse_scenario("groups")), 3);
  const int users = world.total_users();
  std::map<int, int> size;
  double tail_max = 0.0, head_min = 1e300;
  for (std::int32_t u = 0; u < users; ++u) {
    const int g = world.user_group(u);
    ASSERT_GE(g, 0);
    ASSERT_LT(g, 3);
    ++size[g];
    if (g == 2) tail_max = std::max(tail_max, world.activity_weight(u));
    if (g != 2) head_min = std::min(head_min, world.activity_weight(u));
  }
  EXPECT_EQ(size[2], static_cast<int>(std::llround(0.3 * users)));
  EXPECT_LE(tail_max, head_min);
  // The other users are split at random: both head groups near half of the rest.
  EXPECT_NEAR(size[0], 0.35 * users, 0.05 * users);
  EXPECT_NEAR(size[1], 0.35 * users, 0.05 * users);
  EXPECT_DOUBLE_EQ(world.group_appeal(0), 2.0);
  EXPECT_DOUBLE_EQ(world.group_appeal(1), 0.0);
  EXPECT_DOUBLE_EQ(world.group_appeal(2), -2.0);
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  double ma = 0, mb = 0;
  for (std::size_t k = 0; k < a.size(); ++k) ma += a[k], mb += b[k];
  ma /= static_cast<double>(a.size());
  mb /= static_cast<double>(b.size());
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    sab += (a[k] - ma) * (b[k] - mb);
    saa += (a[k] - ma) * (a[k] - ma);
    sbb += (b[k] - mb) * (b[k] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

// Over all items, a user's click logit rises with b_item in the head group, does
// not depend on it in the middle group (weight 0) and falls with it in the tail;
// the rest of the logit is the usual a <u, v> + b_user + c.
TEST(GroupsScenario, EachGroupWeighsItemAppealItsOwnWay) {
  const WorldModel world(internal::config_from_scenario(parse_scenario("groups")), 4);
  PeriodState st;
  world.prepare(5, st);
  const std::size_t items = st.live_items.size();
  std::map<int, std::vector<double>> corr;
  for (std::size_t uk = 0; uk < st.live_users.size(); uk += 7) {
    const int g = world.user_group(st.live_users[uk]);
    std::vector<double> logit(items), rest(items), appeal(items);
    for (std::size_t ik = 0; ik < items; ++ik) {
      const double p = st.probability(uk, ik, false);
      logit[ik] = std::log(p / (1 - p));
      double dot = 0;
      for (int j = 0; j < st.dim; ++j)
        dot += static_cast<double>(st.user_old[uk * st.dim + j]) * st.item_vec[ik * st.dim + j];
      rest[ik] = logit[ik] - (st.scale * dot + st.user_term[uk] + st.bias);
      appeal[ik] = st.item_term[ik];
      // What remains is exactly the group's weight times b_item.
      ASSERT_NEAR(rest[ik], world.group_appeal(g) * appeal[ik], 1e-6);
    }
    corr[g].push_back(correlation(logit, appeal));
  }
  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
  };
  EXPECT_GT(mean(corr[0]), 0.4);
  EXPECT_NEAR(mean(corr[1]), 0.0, 0.1);
  EXPECT_LT(mean(corr[2]), -0.4);
}

// On the emitted stream: the items' click rates among head-group users and among
// tail users are negatively correlated (the tail likes what the crowd dislikes).
TEST(GroupsScenario, HeadAndTailClickRatesOfTheSameItemsDisagree) {
  const Scenario scenario = parse_scenario("groups(samples_per_period=20000,periods=10)");
  const WorldModel world(internal::config_from_scenario(scenario), 5);
  const Stream s = simulate_stream(scenario, 5);
  std::vector<double> head_p(static_cast<std::size_t>(s.num_items), 0.0),
      head_n(head_p.size(), 0.0), tail_p(head_p.size(), 0.0), tail_n(head_p.size(), 0.0);
  for (std::size_t r = 0; r < s.user.size(); ++r) {
    const auto i = static_cast<std::size_t>(s.item[r]);
    const int g = world.user_group(
        static_cast<std::int32_t>(s.raw_user_id[static_cast<std::size_t>(s.user[r])]));
    if (g == 0) head_n[i] += 1, head_p[i] += s.true_probability[r];
    if (g == 2) tail_n[i] += 1, tail_p[i] += s.true_probability[r];
  }
  std::vector<double> a, b;
  for (std::size_t i = 0; i < head_p.size(); ++i) {
    if (head_n[i] >= 5 && tail_n[i] >= 5) {
      a.push_back(head_p[i] / head_n[i]);
      b.push_back(tail_p[i] / tail_n[i]);
    }
  }
  ASSERT_GE(a.size(), 50u);
  EXPECT_LT(correlation(a, b), -0.2) << a.size() << " items";
}

}  // namespace
}  // namespace crbench::sim
