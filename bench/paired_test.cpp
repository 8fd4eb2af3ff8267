// Wilcoxon signed-rank (exact distribution of the mid-rank sums, or normal) and
// the paired t-test.
#include "bench/paired_test.hpp"

#include <algorithm>
#include <cmath>

#include "bench/distributions.hpp"

namespace crbench {

namespace {

// P(W+ <= w) and P(W+ >= w) under the null hypothesis (each sign + or - with
// probability 1/2, independently), for integer doubled ranks (mid-ranks are
// multiples of 1/2): a table of the distribution of sums, built rank by rank.
std::pair<double, double> exact_tails(const std::vector<int>& doubled_ranks, int observed) {
  int total = 0;
  for (const int r : doubled_ranks) total += r;
  std::vector<double> probability(static_cast<std::size_t>(total) + 1, 0.0);
  probability[0] = 1.0;
  int reach = 0;
  for (const int r : doubled_ranks) {
    for (int s = reach; s >= 0; --s) {
      const double half = 0.5 * probability[static_cast<std::size_t>(s)];
      probability[static_cast<std::size_t>(s)] = half;
      probability[static_cast<std::size_t>(s + r)] += half;
    }
    reach += r;
  }
  double lower = 0.0, upper = 0.0;
  for (int s = 0; s <= total; ++s) {
    if (s <= observed) lower += probability[static_cast<std::size_t>(s)];
    if (s >= observed) upper += probability[static_cast<std::size_t>(s)];
  }
  return {lower, upper};
}

}  // namespace

SignedRankTest wilcoxon_signed_rank(const std::vector<double>& differences,
                                    SignedRankMethod method) {
  SignedRankTest t;
  std::vector<double> d;
  for (const double v : differences) {
    if (std::isnan(v)) continue;
    ++t.n;
    if (std::fabs(v) <= kDifferenceTolerance) {
      ++t.zeros;
    } else {
      d.push_back(v);
    }
  }
  const std::size_t m = d.size();
  if (m == 0) return t;
  std::sort(d.begin(), d.end(), [](double a, double b) { return std::fabs(a) < std::fabs(b); });
  // Tie groups: runs of |d| within the tolerance of the run's first value.
  std::vector<int> doubled(m);
  double tie_term = 0.0;
  int doubled_plus = 0;
  for (std::size_t i = 0; i < m;) {
    std::size_t j = i;
    while (j < m && std::fabs(d[j]) - std::fabs(d[i]) <= kDifferenceTolerance) ++j;
    const int twice_rank = static_cast<int>(i + 1 + j);  // 2 x mean of ranks i+1..j
    const double size = static_cast<double>(j - i);
    tie_term += size * size * size - size;
    for (std::size_t k = i; k < j; ++k) {
      doubled[k] = twice_rank;
      if (d[k] > 0) {
        t.w_plus += 0.5 * twice_rank;
        doubled_plus += twice_rank;
      } else {
        t.w_minus += 0.5 * twice_rank;
      }
    }
    i = j;
  }
  t.exact = method == SignedRankMethod::exact ||
            (method == SignedRankMethod::automatic && m <= kExactSignedRankLimit);
  const double mm = static_cast<double>(m);
  if (t.exact) {
    const auto [lower, upper] = exact_tails(doubled, doubled_plus);
    t.z = NAN;
    t.p_value = std::min(1.0, 2.0 * std::min(lower, upper));
    return t;
  }
  const double mean = mm * (mm + 1.0) / 4.0;
  const double variance = mm * (mm + 1.0) * (2.0 * mm + 1.0) / 24.0 - tie_term / 48.0;
  if (variance <= 0.0) return t;  // one non-zero difference: no evidence either way
  t.z = (t.w_plus - mean) / std::sqrt(variance);
  t.p_value = std::min(1.0, normal_two_sided_p(t.z));
  return t;
}

PairedTTest paired_t_test(const std::vector<double>& differences) {
  PairedTTest t;
  t.n = differences.size();
  if (t.n < 2) {
    if (t.n == 1) t.mean = differences[0];
    return t;
  }
  t.mean = 0.0;
  for (const double v : differences) t.mean += v;
  const double n = static_cast<double>(t.n);
  t.mean /= n;
  double ss = 0.0;
  for (const double v : differences) ss += (v - t.mean) * (v - t.mean);
  t.std = std::sqrt(ss / (n - 1.0));
  if (t.std <= kDifferenceTolerance) {
    t.std = 0.0;
    t.t = t.p_value = NAN;
    return t;
  }
  t.t = t.mean / (t.std / std::sqrt(n));
  t.p_value = student_t_two_sided_p(t.t, n - 1.0);
  return t;
}

}  // namespace crbench
