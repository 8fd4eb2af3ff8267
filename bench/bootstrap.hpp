// A percentile bootstrap interval of a mean, for the spread of a method's mean AUC
// over the recorded periods (the only spread a deterministic method has).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crbench {

struct Interval {
  double low;
  double high;
};

// Resamples per interval: the 2.5% and 97.5% quantiles of 10000 resampled means
// move by well under 1e-3 of the interval's width from one seed to another.
inline constexpr std::size_t kBootstrapResamples = 10000;

// The sample quantile of sorted values by linear interpolation between order
// statistics (Hyndman & Fan 1996, type 7: h = (n - 1) p).
double sorted_quantile(const std::vector<double>& sorted, double p);

// Percentile bootstrap (Efron & Tibshirani 1993, ch. 13): `resamples` means of n
// values drawn with replacement (std::mt19937_64 seeded with `seed`, indices by
// uniform_below: identical on every platform); the interval is their
// (1 - level)/2 and (1 + level)/2 quantiles. NaN values are left out; fewer than
// two values give {NaN, NaN}.
Interval bootstrap_mean_interval(const std::vector<double>& values, double level,
                                 std::uint64_t seed, std::size_t resamples = kBootstrapResamples);

}  // namespace crbench
