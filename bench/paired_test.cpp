// Wilcoxon signed-rank statistic, tie-corrected variance and normal p-value.
#include "bench/paired_test.hpp"

#include <algorithm>
#include <cmath>

namespace crbench {

SignedRankTest wilcoxon_signed_rank(const std::vector<double>& differences) {
  std::vector<double> d;
  for (const double v : differences)
    if (v != 0.0 && !std::isnan(v)) d.push_back(v);
  SignedRankTest t;
  t.n = d.size();
  if (t.n == 0) return t;
  std::sort(d.begin(), d.end(), [](double a, double b) { return std::fabs(a) < std::fabs(b); });
  double tie_term = 0.0;
  for (std::size_t i = 0; i < d.size();) {
    std::size_t j = i;
    while (j < d.size() && std::fabs(d[j]) == std::fabs(d[i])) ++j;
    const double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;  // mean
    const double size = static_cast<double>(j - i);
    tie_term += size * size * size - size;
    for (std::size_t k = i; k < j; ++k) (d[k] > 0 ? t.w_plus : t.w_minus) += rank;
    i = j;
  }
  const double n = static_cast<double>(t.n);
  const double mean = n * (n + 1.0) / 4.0;
  const double variance = n * (n + 1.0) * (2.0 * n + 1.0) / 24.0 - tie_term / 48.0;
  if (variance <= 0.0) return t;  // n == 1 cannot reject anything
  t.z = (t.w_plus - mean) / std::sqrt(variance);
  t.p_value = std::erfc(std::fabs(t.z) / std::sqrt(2.0));  // 2 * (1 - Phi(|z|))
  return t;
}

}  // namespace crbench
