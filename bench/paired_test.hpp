// Paired tests of one method against another on matched units: the Wilcoxon
// signed-rank test (Wilcoxon 1945), exact for the small n of a leaderboard, and
// the paired t-test. The leaderboard's units are recorded test periods (and, with
// enough seeds, seeds); see docs/statistics.md.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace crbench {

// Differences with |d| <= this are zeros, and |d|s closer than this are tied: AUC
// differences are in [-1, 1], and 1e-12 is far below the resolution of an AUC on
// any stream (1 / (positives x negatives)), so only values equal up to rounding
// in the seed averaging are merged.
inline constexpr double kDifferenceTolerance = 1e-12;

// Above this many non-zero differences the normal approximation replaces the
// exact distribution (whose table grows as n^3).
inline constexpr std::size_t kExactSignedRankLimit = 100;

struct SignedRankTest {
  std::size_t n = 0;      // differences given (the units: periods or seeds)
  std::size_t zeros = 0;  // of them, zero (dropped: Wilcoxon's rule)
  double w_plus = 0.0;    // sum of the ranks of positive differences
  double w_minus = 0.0;   // sum of the ranks of negative differences
  bool exact = true;      // exact p-value; false: normal approximation
  double z = 0.0;         // normal approximation only: (W+ - mean) / sigma
  double p_value = 1.0;   // two-sided; 1 when no difference is non-zero
  std::size_t used() const { return n - zeros; }
};

enum class SignedRankMethod { automatic, exact, normal };

// Zeros are dropped; the remaining |d| are ranked from 1 with tied values sharing
// their mean rank. Exact: the p-value is computed from the distribution of W+
// over all 2^m sign assignments of these (mid-)ranks (m non-zero differences),
// i.e. conditional on the ties observed, as min(1, 2 min(P(W+ <= w), P(W+ >= w))).
// Normal: z with Var(W+) = m(m+1)(2m+1)/24 - sum(t^3 - t)/48 over tie groups of
// size t, no continuity correction. automatic: exact up to kExactSignedRankLimit.
SignedRankTest wilcoxon_signed_rank(const std::vector<double>& differences,
                                    SignedRankMethod method = SignedRankMethod::automatic);

struct PairedTTest {
  std::size_t n = 0;  // differences
  double mean = NAN;  // mean difference
  double std = NAN;   // sample standard deviation of the differences
  double t = NAN;     // mean / (std / sqrt(n))
  // Two-sided, Student t with n - 1 degrees of freedom. NaN when n < 2 or when
  // the differences do not vary (then no test is possible, whatever the mean),
  // and in a test that was not run.
  double p_value = NAN;
};

// The paired t-test on differences (a one-sample t-test of their mean against 0).
PairedTTest paired_t_test(const std::vector<double>& differences);

}  // namespace crbench
