// Cohort AUCs (new users, new items, warm), exposure concentration and drift
// recovery, each on inputs small enough to work out by hand in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "bench/cohorts.hpp"
#include "bench/protocol.hpp"
#include "bench/recovery.hpp"
#include "tests/support/tiny_stream.hpp"

namespace crbench {
namespace {

using test_support::make_tiny_stream;
using test_support::TinySpec;

TEST(Gini, KnownValues) {
  // All equal: 0. One of n items has everything: (n - 1) / n.
  EXPECT_NEAR(gini_of({5, 5, 5, 5}, 4), 0.0, 1e-15);
  EXPECT_NEAR(gini_of({12}, 4), 0.75, 1e-15);
  // Counts 1, 2, 3 over 4 items (one unshown): sorted 0, 1, 2, 3, total 6;
  // sum (2i - 5) c_(i) = (-3)(0) + (-1)(1) + (1)(2) + (3)(3) = 10; G = 10 / (4 * 6).
  EXPECT_NEAR(gini_of({3, 1, 2}, 4), 10.0 / 24.0, 1e-15);
  EXPECT_TRUE(std::isnan(gini_of({}, 4)));
}

// Two periods. Period 0: users 0, 1 with items 0, 1. Period 1 (scored): user 2
// is new, item 2 is new; rows by timestamp:
//   r4 u0 i0 y1 | r5 u2 i0 y0 | r6 u1 i2 y1 | r7 u0 i1 y0 | r8 u2 i2 y1 | r9 u1 i1 y1
Stream two_periods() {
  TinySpec spec;
  spec.num_users = 3;
  spec.num_items = 3;
  spec.num_periods = 2;
  spec.interactions = {{0, 0, 1, 1}, {1, 1, 0, 2}, {0, 1, 1, 3}, {1, 0, 0, 4}, {0, 0, 1, 5},
                       {2, 0, 0, 6}, {1, 2, 1, 7}, {0, 1, 0, 8}, {2, 2, 1, 9}, {1, 1, 1, 10}};
  Stream s = make_tiny_stream(spec);
  s.period_offset = {0, 4, 10};  // period 0: rows 0-3; period 1: rows 4-9
  s.meta.catalogue_size = {3, 5};
  return s;
}

TEST(Cohorts, AucOfNewUsersNewItemsAndWarmSamples) {
  const Stream s = two_periods();
  FirstSeen seen;
  seen.add_period(s, 0);
  seen.add_period(s, 1);
  EXPECT_EQ(seen.user(2), 1);
  EXPECT_EQ(seen.item(2), 1);
  EXPECT_EQ(seen.user(0), 0);
  const std::vector<RowIndex> rows = {4, 5, 6, 7, 8, 9};
  const std::vector<float> scores = {0.9f, 0.2f, 0.3f, 0.6f, 0.1f, 0.5f};
  const CohortMetrics m = cohort_metrics(s, seen, 1, rows, scores);
  // New user 2: r5 (y0, 0.2), r8 (y1, 0.1): the positive scores lower, AUC 0.
  EXPECT_EQ(m.new_user_samples, 2u);
  EXPECT_DOUBLE_EQ(m.new_users_auc, 0.0);
  // New item 2: r6 (y1), r8 (y1): one label only, no AUC.
  EXPECT_EQ(m.new_item_samples, 2u);
  EXPECT_TRUE(std::isnan(m.new_items_auc));
  // Warm: r4 (y1, 0.9), r7 (y0, 0.6), r9 (y1, 0.5): pairs (0.9 > 0.6) yes,
  // (0.5 > 0.6) no: AUC 1/2.
  EXPECT_DOUBLE_EQ(m.warm_auc, 0.5);
}

TEST(Cohorts, ExposureOverTheCatalogue) {
  const Stream s = two_periods();
  // Period 1 shows item 0 twice, item 1 twice, item 2 twice out of 5 alive:
  // counts 0, 0, 2, 2, 2, total 6; sum (2i - 6) c_(i) = 0 + 0 + 0 + 2*2 + 4*2 = 12;
  // G = 12 / (5 * 6) = 0.4; coverage 3/5.
  const Exposure e = exposure_of(s, 1);
  EXPECT_NEAR(e.gini, 0.4, 1e-15);
  EXPECT_NEAR(e.coverage, 0.6, 1e-15);
  Stream real = s;
  real.meta.catalogue_size.clear();  // a real log: no catalogue, no exposure measure
  EXPECT_TRUE(std::isnan(exposure_of(real, 1).gini));
}

std::vector<PeriodResult> regret_series(const std::vector<double>& regret, int first) {
  std::vector<PeriodResult> out;
  for (std::size_t k = 0; k < regret.size(); ++k) {
    PeriodResult p;
    p.test_period = first + static_cast<int>(k);
    p.oracle.auc = 0.8;
    p.metrics.auc = 0.8 - regret[k];
    out.push_back(p);
  }
  return out;
}

TEST(Recovery, DropRecoveryPeriodsAndAreaByHand) {
  // Periods 10..19, regret 0.10 0.10 0.10 0.10 | 0.30 0.24 0.18 0.115 0.11 0.10; drift at 14.
  // before = mean(11, 12, 13) = 0.10; drop = 0.20; half: first regret <= 0.20 is
  // 0.18 at 16 (2 periods); 90%: <= 0.12 at 17 (3 periods);
  // area = 0.30 + 0.24 + 0.18 + 0.115 + 0.11 + 0.10 = 1.045.
  const auto periods = regret_series({0.1, 0.1, 0.1, 0.1, 0.3, 0.24, 0.18, 0.115, 0.11, 0.1}, 10);
  const RecoveryMetrics r = recovery_metrics(periods, {14, 2 /* before the tests: ignored */});
  EXPECT_EQ(r.drift_points, 1);
  EXPECT_NEAR(r.drop, 0.2, 1e-12);
  EXPECT_EQ(r.half_periods, 2.0);
  EXPECT_EQ(r.ninety_periods, 3.0);
  EXPECT_NEAR(r.regret_area, 1.045, 1e-12);
}

TEST(Recovery, TwoPointsAverageAndUnrecoveredCountsItsSegment) {
  // Drift at 12 and 15 (periods 10..17):
  //   10: 0.1  11: 0.1 | 12: 0.5  13: 0.4  14: 0.4 | 15: 0.2  16: 0.1  17: 0.1
  // Point 12: before = mean(10, 11) = 0.1, drop 0.4; never back to <= 0.3 before
  // 15: half = 90% = 3 (the segment, a lower bound); area 1.3.
  // Point 15: before = mean(13, 14) = 0.4 (after the previous point), drop -0.2:
  // no rise, recovery 0; area 0.4.
  const auto periods = regret_series({0.1, 0.1, 0.5, 0.4, 0.4, 0.2, 0.1, 0.1}, 10);
  const RecoveryMetrics r = recovery_metrics(periods, {15, 12, 12});
  EXPECT_EQ(r.drift_points, 2);
  EXPECT_NEAR(r.drop, (0.4 - 0.2) / 2, 1e-12);
  EXPECT_NEAR(r.half_periods, 1.5, 1e-12);
  EXPECT_NEAR(r.ninety_periods, 1.5, 1e-12);
  EXPECT_NEAR(r.regret_area, (1.3 + 0.4) / 2, 1e-12);
}

TEST(Recovery, NothingWithoutGroundTruthOrPoints) {
  auto periods = regret_series({0.1, 0.2, 0.3}, 10);
  EXPECT_EQ(recovery_metrics(periods, {}).drift_points, 0);
  EXPECT_TRUE(std::isnan(recovery_metrics(periods, {10}).drop));  // no period before it
  for (auto& p : periods) p.oracle.auc = NAN;                     // a real log
  EXPECT_TRUE(std::isnan(recovery_metrics(periods, {11}).drop));
}

}  // namespace
}  // namespace crbench
