// The percentile bootstrap of a mean and the type-7 sample quantile.
#include <gtest/gtest.h>

#include <cmath>

#include "bench/bootstrap.hpp"

namespace crbench {
namespace {

// R's quantile(c(1, 2, 3, 4), c(0, .25, .5, 1)) (type 7): 1, 1.75, 2.5, 4.
TEST(Bootstrap, SortedQuantileIsType7) {
  const std::vector<double> x = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(sorted_quantile(x, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(sorted_quantile(x, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(sorted_quantile(x, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(sorted_quantile(x, 1.0), 4.0);
}

// {0, 1}: the resampled mean is 0 with probability 1/4, 1/2 w.p. 1/2, 1 w.p. 1/4,
// so the 2.5% and 97.5% quantiles of 10000 resamples are 0 and 1.
TEST(Bootstrap, TwoValuesGiveTheirRange) {
  const Interval i = bootstrap_mean_interval({0.0, 1.0}, 0.95, 7);
  EXPECT_EQ(i.low, 0.0);
  EXPECT_EQ(i.high, 1.0);
}

TEST(Bootstrap, ConstantValuesAndTooFewValues) {
  const Interval c = bootstrap_mean_interval({0.6, 0.6, 0.6, 0.6}, 0.95, 1);
  EXPECT_DOUBLE_EQ(c.low, 0.6);
  EXPECT_DOUBLE_EQ(c.high, 0.6);
  EXPECT_TRUE(std::isnan(bootstrap_mean_interval({0.6}, 0.95, 1).low));
}

// 400 evenly spaced values on [0, 1]: mean 0.5, population sd 0.28940, so the
// bootstrap standard error is 0.28940 / 20 = 0.014470 and the interval is close
// to 0.5 -+ 1.96 x 0.014470 = [0.4716, 0.5284]. Same seed, same interval.
TEST(Bootstrap, MatchesTheNormalIntervalForManyValuesAndIsSeeded) {
  std::vector<double> x;
  for (int i = 0; i < 400; ++i) x.push_back(i / 399.0);
  const Interval a = bootstrap_mean_interval(x, 0.95, 42);
  EXPECT_NEAR(a.low, 0.4716, 2e-3);
  EXPECT_NEAR(a.high, 0.5284, 2e-3);
  const Interval b = bootstrap_mean_interval(x, 0.95, 42);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
}

}  // namespace
}  // namespace crbench
