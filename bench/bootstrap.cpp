// Percentile bootstrap of a mean.
#include "bench/bootstrap.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/seeding.hpp"

namespace crbench {

double sorted_quantile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return NAN;
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const auto below = static_cast<std::size_t>(std::floor(h));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (h - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

Interval bootstrap_mean_interval(const std::vector<double>& values, double level,
                                 std::uint64_t seed, std::size_t resamples) {
  std::vector<double> x;
  for (const double v : values)
    if (!std::isnan(v)) x.push_back(v);
  if (x.size() < 2 || resamples == 0) return {NAN, NAN};
  std::mt19937_64 rng(seed);
  std::vector<double> means(resamples);
  for (double& mean : means) {
    double sum = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) sum += x[uniform_below(rng, x.size())];
    mean = sum / static_cast<double>(x.size());
  }
  std::sort(means.begin(), means.end());
  return {sorted_quantile(means, (1.0 - level) / 2.0), sorted_quantile(means, (1.0 + level) / 2.0)};
}

}  // namespace crbench
