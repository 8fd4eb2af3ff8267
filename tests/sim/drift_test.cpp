// Tests that each drift kind changes exactly what it says when it says, by
// reading the world's ground truth (sim/world.hpp) and the generated samples.
#include <gtest/gtest.h>

#include <climits>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "sim/drift.hpp"
#include "sim/simulator.hpp"
#include "sim/world.hpp"
#include "tests/sim/sim_test_util.hpp"

namespace crbench::sim {
namespace {

using internal::PeriodState;
using internal::WorldConfig;
using internal::WorldModel;
using testing::all_periods;
using testing::binomial_se;

WorldConfig config_of(const std::string& spec) {
  return internal::config_from_scenario(parse_scenario(spec));
}

// Ground-truth probability of fixed (user, item) pairs, users 0..39 x items 0..24
// (alive throughout when there is no churn), in every period.
std::vector<std::vector<double>> pair_probabilities(const WorldModel& world, bool new_concept) {
  std::vector<std::vector<double>> out;
  PeriodState st;
  for (int t = 0; t < world.config().periods; ++t) {
    world.prepare(t, st);
    std::vector<double> p;
    for (std::int32_t u = 0; u < 40; ++u)
      for (std::int32_t i = 0; i < 25; ++i) p.push_back(st.probability_of(u, i, new_concept));
    out.push_back(std::move(p));
  }
  return out;
}

double angle_degrees(const std::vector<float>& a, const std::vector<float>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t j = 0; j < a.size(); ++j) {
    ab += static_cast<double>(a[j]) * b[j];
    aa += static_cast<double>(a[j]) * a[j];
    bb += static_cast<double>(b[j]) * b[j];
  }
  return std::acos(std::clamp(ab / std::sqrt(aa * bb), -1.0, 1.0)) * 180.0 / 3.141592653589793;
}

TEST(SimDrift, StationaryWorldNeverChanges) {
  const WorldModel world(config_of("stationary(periods=6)"), 1);
  const auto p = pair_probabilities(world, false);
  for (const auto& period : p) EXPECT_EQ(period, p[0]);
  EXPECT_TRUE(internal::drift_windows(world.config()).start.empty());
}

TEST(SimDrift, SuddenChangesTheChosenUsersAtT0AndNowhereElse) {
  // t0 = 6 (1-based) is period index 5.
  const WorldModel world(config_of("sudden(periods=10,t0=6,share=0.5)"), 4);
  const auto p = pair_probabilities(world, false);
  for (int t = 0; t < 5; ++t) EXPECT_EQ(p[static_cast<std::size_t>(t)], p[0]) << t;
  for (int t = 5; t < 10; ++t) EXPECT_EQ(p[static_cast<std::size_t>(t)], p[5]) << t;
  int changed_users = 0;
  for (std::int32_t u = 0; u < 40; ++u) {
    bool changed = false;
    for (std::size_t i = 0; i < 25; ++i) changed |= p[0][u * 25 + i] != p[5][u * 25 + i];
    EXPECT_EQ(changed, world.sudden_selected(u)) << u;
    changed_users += changed;
  }
  EXPECT_GT(changed_users, 0);
  EXPECT_LT(changed_users, 40);
  int selected = 0;
  for (std::int32_t u = 0; u < world.total_users(); ++u) selected += world.sudden_selected(u);
  EXPECT_EQ(selected, 1000);  // exactly share * users
  const auto w = internal::drift_windows(world.config());
  EXPECT_EQ(w.start, std::vector<int>{5});
  EXPECT_EQ(w.end, std::vector<int>{5});
}

TEST(SimDrift, SuddenShiftsTheStreamsPerUserClickRates) {
  // With share=1 every user's preferences jump: the ground truth of the samples
  // after t0 no longer matches the old concept, before t0 it does.
  const std::string spec = "sudden(periods=8,t0=5,samples_per_period=3000)";
  const WorldModel before(config_of("stationary(periods=8,samples_per_period=3000)"), 6);
  const auto periods = all_periods(spec, 6);
  PeriodState st;
  before.prepare(0, st);
  for (int t = 0; t < 8; ++t) {
    const auto& p = periods[static_cast<std::size_t>(t)];
    double mean_abs_diff = 0;
    for (std::size_t j = 0; j < p.user.size(); ++j) {
      mean_abs_diff +=
          std::abs(p.probability[j] - st.probability_of(static_cast<int>(p.user[j]),
                                                        static_cast<int>(p.item[j]), false));
    }
    mean_abs_diff /= static_cast<double>(p.user.size());
    if (t < 4) {
      EXPECT_LT(mean_abs_diff, 1e-6) << t;
    } else {
      EXPECT_GT(mean_abs_diff, 0.1) << t;
    }
  }
}

TEST(SimDrift, GradualShareFollowsItsWindow) {
  WorldConfig c = config_of("gradual(t0=11,width=8)");  // centre index 10: window [6, 14]
  for (int t = 0; t <= 6; ++t) EXPECT_EQ(internal::gradual_share(c, t), 0.0) << t;
  for (int t = 14; t < 31; ++t) EXPECT_EQ(internal::gradual_share(c, t), 1.0) << t;
  EXPECT_DOUBLE_EQ(internal::gradual_share(c, 10), 0.5);
  for (int t = 7; t <= 14; ++t) {
    EXPECT_NEAR(internal::gradual_share(c, t) - internal::gradual_share(c, t - 1), 1.0 / 8, 1e-12);
  }
  auto w = internal::drift_windows(c);
  EXPECT_EQ(w.start, std::vector<int>{7});  // first period with a positive share
  EXPECT_EQ(w.end, std::vector<int>{14});   // first period fully new
  // MOA's sigmoid: only 0.12 and 0.88 at the window's edges (docs/simulator.md).
  c.moa_sigmoid = true;
  EXPECT_NEAR(internal::gradual_share(c, 6), 1.0 / (1.0 + std::exp(2.0)), 1e-12);
  EXPECT_NEAR(internal::gradual_share(c, 14), 1.0 / (1.0 + std::exp(-2.0)), 1e-12);
  EXPECT_DOUBLE_EQ(internal::gradual_share(c, 10), 0.5);
  w = internal::drift_windows(c);
  EXPECT_EQ(w.start, std::vector<int>{6});
  EXPECT_EQ(w.end, std::vector<int>{14});
  // Width 0: a sudden switch at the centre.
  c = config_of("gradual(t0=5,width=0)");
  EXPECT_EQ(internal::gradual_share(c, 3), 0.0);
  EXPECT_EQ(internal::gradual_share(c, 4), 1.0);
}

TEST(SimDrift, GradualStreamMixesConceptsAtTheShare) {
  const std::string spec = "gradual(periods=12,t0=6.5,width=6,samples_per_period=3000)";
  const WorldModel world(config_of(spec), 8);
  const auto periods = all_periods(spec, 8);
  PeriodState st;
  for (int t = 0; t < 12; ++t) {
    world.prepare(t, st);
    const double share = internal::gradual_share(world.config(), t);
    const auto& p = periods[static_cast<std::size_t>(t)];
    double new_count = 0;
    for (std::size_t j = 0; j < p.user.size(); ++j) {
      const auto u = static_cast<std::int32_t>(p.user[j]);
      const auto i = static_cast<std::int32_t>(p.item[j]);
      const double old_p = st.probability_of(u, i, false);
      const double new_p = st.probability_of(u, i, true);
      // The click follows the drawn concept; the recorded ground truth is what a
      // model of (user, item, period) can know: the mixture (computed here by hand).
      ASSERT_TRUE(p.concept_id[j] == 0 || p.concept_id[j] == 1);
      ASSERT_EQ(p.realised_probability[j], static_cast<float>(p.concept_id[j] ? new_p : old_p));
      ASSERT_EQ(p.probability[j], static_cast<float>((1.0 - share) * old_p + share * new_p))
          << t << " " << j;
      new_count += p.concept_id[j];
    }
    const double observed = new_count / static_cast<double>(p.user.size());
    if (share == 0.0 || share == 1.0) {
      EXPECT_EQ(observed, share) << t;
    } else {
      // Binomial: within 4 standard errors sqrt(s(1-s)/n) of the scheduled share.
      EXPECT_NEAR(observed, share, 4.0 * binomial_se(share, p.user.size())) << t;
    }
  }
}

TEST(SimDrift, IncrementalRotatesEveryUserByTheRateEachPeriod) {
  // start=4 (1-based): period indices 3..10 each differ from the previous by 5 degrees.
  const WorldModel world(config_of("incremental(periods=14,start=4,duration=8,rate=5)"), 2);
  std::vector<float> a(8), b(8), c(8);
  for (std::int32_t u = 0; u < 30; ++u) {
    for (int t = 1; t < 14; ++t) {
      world.user_vector(t - 1, u, false, a.data());
      world.user_vector(t, u, false, b.data());
      const double expected = (t >= 3 && t <= 10) ? 5.0 : 0.0;
      EXPECT_NEAR(angle_degrees(a, b), expected, 0.05) << "user " << u << " period " << t;
    }
    // A consistent direction: two steps turn by twice the rate.
    world.user_vector(4, u, false, a.data());
    world.user_vector(6, u, false, c.data());
    EXPECT_NEAR(angle_degrees(a, c), 10.0, 0.05);
  }
  const auto w = internal::drift_windows(world.config());
  EXPECT_EQ(w.start, std::vector<int>{3});
  EXPECT_EQ(w.end, std::vector<int>{10});
}

TEST(SimDrift, RecurringConceptsReturnEverySeason) {
  const WorldModel world(config_of("recurring(periods=20,season=6,concepts=3)"), 3);
  const auto p = pair_probabilities(world, false);
  for (int t = 0; t + 6 < 20; ++t) EXPECT_EQ(p[static_cast<std::size_t>(t)], p[t + 6u]) << t;
  for (int t = 0; t < 20; ++t) {
    // Two periods per concept: t and t+1 share one when t is even.
    const bool same = (t % 6) % 2 == 0;
    if (t + 1 < 20) {
      EXPECT_EQ(p[static_cast<std::size_t>(t)] == p[t + 1u], same) << t;
    }
  }
  const auto w = internal::drift_windows(world.config());
  EXPECT_EQ(w.start, (std::vector<int>{2, 4, 6, 8, 10, 12, 14, 16, 18}));
  EXPECT_EQ(w.start, w.end);
}

// Total variation distance between two item distributions.
double total_variation(const std::map<std::int32_t, double>& a,
                       const std::map<std::int32_t, double>& b) {
  std::set<std::int32_t> keys;
  for (const auto& [k, v] : a) keys.insert(k);
  for (const auto& [k, v] : b) keys.insert(k);
  double tv = 0;
  for (const std::int32_t k : keys) {
    const auto x = a.count(k) ? a.at(k) : 0.0, y = b.count(k) ? b.at(k) : 0.0;
    tv += std::abs(x - y);
  }
  return tv / 2;
}

std::map<std::int32_t, double> exposure_of(const PeriodState& st) {
  double total = 0;
  for (const double w : st.exposure) total += w;
  std::map<std::int32_t, double> out;
  for (std::size_t k = 0; k < st.live_items.size(); ++k)
    out[st.live_items[k]] = st.exposure[k] / total;
  return out;
}

TEST(SimDrift, PopularityShiftChangesExposureFromItsStart) {
  const std::string spec = "popularity-shift(periods=16,start=6,samples_per_period=20000)";
  const WorldModel world(config_of(spec), 5);
  PeriodState st;
  world.prepare(0, st);
  const auto base = exposure_of(st);
  std::vector<double> appeal0 = st.item_term;
  for (int t = 1; t < 16; ++t) {
    world.prepare(t, st);
    const double tv = total_variation(base, exposure_of(st));
    if (t < 5) {
      EXPECT_EQ(tv, 0.0) << t;
      EXPECT_EQ(st.item_term, appeal0) << t;
    } else {
      EXPECT_GT(tv, 0.15) << t;  // 2% of items bursting with up to 20x exposure
      EXPECT_NE(st.item_term, appeal0) << t;
    }
  }
  // The stream follows: the empirical item distributions of two pre-start periods
  // differ by sampling noise only, a post-start one by much more.
  const auto periods = all_periods(spec, 5);
  const auto counts = [&](int t) {
    std::map<std::int32_t, double> m;
    const auto& p = periods[static_cast<std::size_t>(t)];
    for (const auto i : p.item) m[static_cast<std::int32_t>(i)] += 1.0 / p.item.size();
    return m;
  };
  const double noise_tv = total_variation(counts(0), counts(3));
  EXPECT_GT(total_variation(counts(0), counts(10)), noise_tv + 0.1);
}

TEST(SimDrift, ChurnRetiresAndAddsIdsAtTheSetRates) {
  const std::string spec = "churn(periods=10,start=3,item_churn=0.05,user_churn=0.02)";
  const WorldModel world(config_of(spec), 12);
  // start=3 (1-based): turnover at period indices 2..9, 150 items and 40 users each.
  EXPECT_EQ(world.total_items(), 3000 + 8 * 150);
  EXPECT_EQ(world.total_users(), 2000 + 8 * 40);
  for (int t = 0; t < 10; ++t) {
    int born = 0, died = 0, alive = 0;
    for (std::int32_t i = 0; i < world.total_items(); ++i) {
      born += world.item_birth()[i] == t && t > 0;
      died += world.item_death()[i] == t;
      alive += world.item_birth()[i] <= t && t < world.item_death()[i];
    }
    EXPECT_EQ(alive, 3000);
    EXPECT_EQ(born, t >= 2 ? 150 : 0) << t;
    EXPECT_EQ(died, t >= 2 ? 150 : 0) << t;
  }
  const auto periods = all_periods(spec, 12);
  std::set<std::int64_t> new_items_seen, new_users_seen;
  for (int t = 0; t < 10; ++t) {
    for (const auto i : periods[static_cast<std::size_t>(t)].item) {
      ASSERT_LE(world.item_birth()[i], t);
      ASSERT_LT(t, world.item_death()[i]);  // retired items never appear again
      if (i >= 3000) new_items_seen.insert(i);
    }
    for (const auto u : periods[static_cast<std::size_t>(t)].user) {
      ASSERT_LE(world.user_birth()[u], t);
      ASSERT_LT(t, world.user_death()[u]);
      if (u >= 2000) new_users_seen.insert(u);
    }
  }
  EXPECT_GT(new_items_seen.size(), 100u);  // cold-start items do get shown
  EXPECT_GT(new_users_seen.size(), 20u);
}

}  // namespace
}  // namespace crbench::sim
