// Tests of the drift kinds added for studies of methods under drift: per-user
// drift rates, item-side drift (moving items, new ones replacing old ones) and
// smooth seasonality, each read against the world's ground truth and the
// generated samples, as drift_test.cpp does for the first kinds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
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

constexpr double kPi = 3.141592653589793;

WorldConfig config_of(const std::string& spec) {
  return internal::config_from_scenario(parse_scenario(spec));
}

double angle_degrees(const std::vector<float>& a, const std::vector<float>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t j = 0; j < a.size(); ++j) {
    ab += static_cast<double>(a[j]) * b[j];
    aa += static_cast<double>(a[j]) * a[j];
    bb += static_cast<double>(b[j]) * b[j];
  }
  return std::acos(std::clamp(ab / std::sqrt(aa * bb), -1.0, 1.0)) * 180.0 / kPi;
}

double norm(const std::vector<float>& a) {
  double s = 0;
  for (const float x : a) s += static_cast<double>(x) * x;
  return std::sqrt(s);
}

TEST(UserRates, EveryUserTurnsAtItsOwnRateAndTheStillOnesNever) {
  // start=3 (1-based): period indices 2..11 each turn by rate * f_u (d = 8: even).
  const WorldModel world(
      config_of("user-rates(periods=12,start=3,rate=5,spread=0.8,still_share=0.25)"), 5);
  std::vector<float> a(8), b(8);
  int still = 0;
  std::vector<double> moving;
  for (std::int32_t u = 0; u < world.total_users(); ++u) {
    const double f = world.user_rate(u);
    if (f == 0.0)
      ++still;
    else
      moving.push_back(f);
    if (u >= 40) continue;  // the angles of the first 40 users, every period
    for (int t = 1; t < 12; ++t) {
      world.user_vector(t - 1, u, false, a.data());
      world.user_vector(t, u, false, b.data());
      const double expected = t >= 2 ? std::min(180.0, 5.0 * f) : 0.0;
      EXPECT_NEAR(angle_degrees(a, b), expected, 0.05) << "user " << u << " period " << t;
      EXPECT_NEAR(norm(a), norm(b), 1e-5);
    }
  }
  EXPECT_EQ(still, 500);  // exactly round(0.25 * 2000)
  // Lognormal factors exp(s Z - s^2/2): mean 1, log-sd s (1500 draws; 4 standard errors).
  double mean = 0, log_mean = 0, log_sq = 0;
  for (const double f : moving) mean += f, log_mean += std::log(f);
  mean /= static_cast<double>(moving.size());
  log_mean /= static_cast<double>(moving.size());
  for (const double f : moving) log_sq += (std::log(f) - log_mean) * (std::log(f) - log_mean);
  const double log_sd = std::sqrt(log_sq / static_cast<double>(moving.size() - 1));
  const double n = static_cast<double>(moving.size());
  EXPECT_NEAR(log_mean, -0.32, 4 * 0.8 / std::sqrt(n));  // -s^2/2
  EXPECT_NEAR(log_sd, 0.8, 4 * 0.8 / std::sqrt(2 * n));
  EXPECT_NEAR(mean, 1.0, 4 * std::sqrt(std::exp(0.64) - 1) / std::sqrt(n));
  const auto w = internal::drift_windows(world.config());
  EXPECT_EQ(w.start, std::vector<int>{2});
  EXPECT_EQ(w.end, std::vector<int>{11});
}

TEST(UserRates, WithoutSpreadItIsTheIncrementalWorld) {
  // spread 0 and nobody still: the one rotation of `incremental`, to the bit.
  const WorldModel a(config_of("user-rates(periods=6,rate=7,spread=0,still_share=0)"), 3);
  const WorldModel b(config_of("incremental(periods=6,rate=7)"), 3);
  PeriodState sa, sb;
  for (int t = 0; t < 6; ++t) {
    a.prepare(t, sa);
    b.prepare(t, sb);
    EXPECT_EQ(sa.user_old, sb.user_old) << t;
  }
}

TEST(ItemDrift, ItemsTurnTheirOwnWayAndAreReplacedAtTheRate) {
  // start=4 (1-based): items turn from period index 3 on; 60 of 3000 replaced a period.
  const std::string spec = "item-drift(periods=9,start=4,rate=8,replace=0.02)";
  const WorldModel world(config_of(spec), 7);
  EXPECT_EQ(world.total_items(), 3000 + 6 * 60);
  EXPECT_EQ(world.total_users(), 2000);  // users stay
  std::vector<float> a(8), b(8), c(8);
  std::vector<std::vector<float>> step(30, std::vector<float>(8));
  for (std::int32_t i = 0; i < 30; ++i) {
    for (int t = 1; t < 9; ++t) {
      world.item_vector(t - 1, i, a.data());
      world.item_vector(t, i, b.data());
      EXPECT_NEAR(angle_degrees(a, b), t >= 3 ? 8.0 : 0.0, 0.05) << "item " << i << " t " << t;
      EXPECT_NEAR(norm(a), norm(b), 1e-5);
    }
    // The great circle: two steps turn by twice the rate.
    world.item_vector(3, i, a.data());
    world.item_vector(5, i, c.data());
    EXPECT_NEAR(angle_degrees(a, c), 16.0, 0.05);
    for (int j = 0; j < 8; ++j) step[i][j] = c[j] - a[j];
  }
  // Each item moves its own way: no one rotation of the space (which a user-side
  // drift would be) moves them all. Their steps point in scattered directions:
  // the mean |cos| between two items' steps is far below 1 (about 0.27 for random
  // directions in 8 dimensions).
  double mean_cos = 0;
  int pairs = 0;
  for (int i = 0; i < 30; ++i)
    for (int k = i + 1; k < 30; ++k, ++pairs)
      mean_cos += std::abs(std::cos(angle_degrees(step[i], step[k]) * kPi / 180.0));
  EXPECT_LT(mean_cos / pairs, 0.45);
  // The ground truth follows: users' probabilities for moving items change,
  // and the stream shows new items.
  PeriodState s2, s3;
  world.prepare(2, s2);
  world.prepare(3, s3);
  EXPECT_NE(s2.probability_of(0, 0, false), s3.probability_of(0, 0, false));
  std::set<std::int64_t> new_items;
  for (const auto& p : all_periods(spec, 7))
    for (const auto i : p.item)
      if (i >= 3000) new_items.insert(i);
  EXPECT_GT(new_items.size(), 100u);
  const auto w = internal::drift_windows(world.config());
  EXPECT_EQ(w.start, (std::vector<int>{3, 3}));  // replacement and motion
}

TEST(Seasonal, MixAndClickRateFollowTheSeasonAndRepeat) {
  const std::string spec =
      "seasonal(periods=24,season=8,mix=0.6,click_amplitude=0.7,samples_per_period=4000)";
  const WorldModel world(config_of(spec), 9);
  const WorldConfig& c = world.config();
  PeriodState st, later;
  for (int t = 0; t < 24; ++t) {
    // By hand: share = 0.6 (1 - cos(2 pi t / 8)) / 2, bias = -0.5 + 0.7 sin(2 pi t / 8).
    EXPECT_NEAR(internal::mixing_share(c, t), 0.3 * (1 - std::cos(kPi * t / 4)), 1e-12) << t;
    EXPECT_NEAR(internal::click_bias(c, t), -0.5 + 0.7 * std::sin(kPi * t / 4), 1e-12) << t;
  }
  EXPECT_EQ(internal::mixing_share(c, 0), 0.0);
  EXPECT_NEAR(internal::mixing_share(c, 4), 0.6, 1e-12);
  // The ground truth repeats every season.
  for (int t = 0; t + 8 < 24; ++t) {
    world.prepare(t, st);
    world.prepare(t + 8, later);
    for (std::int32_t u = 0; u < 20; ++u)
      for (std::int32_t i = 0; i < 20; ++i)
        ASSERT_NEAR(st.attainable_of(u, i), later.attainable_of(u, i), 1e-12) << t;
  }
  // The samples: the seasonal concept's share within 4 binomial standard errors,
  // the recorded probability the mixture, and the click rate moving with the bias.
  const auto periods = all_periods(spec, 9);
  std::vector<double> rate(24);
  for (int t = 0; t < 24; ++t) {
    world.prepare(t, st);
    const auto& p = periods[static_cast<std::size_t>(t)];
    double drawn = 0;
    for (std::size_t j = 0; j < p.user.size(); ++j) {
      drawn += p.concept_id[j];
      const auto u = static_cast<std::int32_t>(p.user[j]);
      const auto i = static_cast<std::int32_t>(p.item[j]);
      ASSERT_EQ(p.probability[j], static_cast<float>(st.attainable_of(u, i)));
      rate[static_cast<std::size_t>(t)] += p.label[j] / static_cast<double>(p.user.size());
    }
    const double share = internal::mixing_share(c, t);
    EXPECT_NEAR(drawn / p.user.size(), share, 4 * binomial_se(share, p.user.size()) + 1e-12) << t;
  }
  // Periods at the bias's peak (t = 2, 10, 18) click more than at its trough
  // (6, 14, 22): 0.7 logit at a click rate near 0.4 is about 0.16 in rate.
  for (int k = 0; k < 3; ++k) EXPECT_GT(rate[2 + 8 * k], rate[6 + 8 * k] + 0.08) << k;
  const auto w = internal::drift_windows(c);
  EXPECT_EQ(w.start, std::vector<int>{1});
  EXPECT_EQ(w.end, std::vector<int>{23});
}

TEST(MoreDrifts, ScenariosListTheirParameters) {
  for (const char* name : {"user-rates", "item-drift", "seasonal"}) {
    const ScenarioEntry& e = scenario_registry().find(name);
    EXPECT_GT(e.params.info().size(), 14u) << name;  // world parameters, then their own
  }
  EXPECT_NE(parse_scenario("user-rates").canonical().find(",spread=1,still_share=0.25)"),
            std::string::npos);
  EXPECT_NE(parse_scenario("item-drift").canonical().find(",start=2,rate=6,replace=0.02)"),
            std::string::npos);
  EXPECT_NE(parse_scenario("seasonal").canonical().find(",season=12,mix=0.8,click_amplitude=0.5)"),
            std::string::npos);
}

}  // namespace
}  // namespace crbench::sim
