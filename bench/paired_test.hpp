// The Wilcoxon signed-rank test for paired samples (Wilcoxon 1945), with the
// normal approximation used for leaderboards: method vs iu over matched
// (seed, recorded test period) pairs of AUC.
#pragma once

#include <cstddef>
#include <vector>

namespace crbench {

struct SignedRankTest {
  std::size_t n = 0;     // non-zero differences (zeros are dropped: Wilcoxon's rule)
  double w_plus = 0.0;   // sum of the ranks of positive differences
  double w_minus = 0.0;  // sum of the ranks of negative differences
  double z = 0.0;        // (W+ - n(n+1)/4) / sigma, sigma with the tie correction
  double p_value = 1.0;  // two-sided, from the standard normal; 1 when n == 0
};

// Differences a_i - b_i of paired samples. |d| are ranked from 1 with tied
// values sharing their mean rank; Var(W+) = n(n+1)(2n+1)/24 - sum(t^3 - t)/48
// over tie groups of size t. No continuity correction.
SignedRankTest wilcoxon_signed_rank(const std::vector<double>& differences);

}  // namespace crbench
