// Comparing k methods over N data sets by their ranks (Demsar 2006, "Statistical
// comparisons of classifiers over multiple data sets", JMLR 7:1-30): the
// Friedman test with Iman and Davenport's F form, Nemenyi's critical difference
// for all pairs, and the comparison of every method with a baseline (z test on
// average ranks, Holm-corrected by the caller).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace crbench {

// Ranks 1..k of one data set's scores, 1 for the highest (the best AUC); tied
// scores share the mean of their ranks (two methods tied for first both get 1.5).
std::vector<double> ranks_highest_first(const std::vector<double>& scores);

struct FriedmanTest {
  std::size_t data_sets = 0;  // N
  std::size_t methods = 0;    // k
  std::vector<double> average_ranks;
  // chi2_F = 12N / (k(k+1)) * (sum_j R_j^2 - k(k+1)^2 / 4), chi-squared with k - 1
  // degrees of freedom. Ties enter through their mid-ranks, without the tie
  // correction of the variance (as in Demsar 2006): ties make it conservative.
  double chi_squared = 0.0;
  double chi_squared_p = 1.0;
  // Iman and Davenport (1980): F_F = (N - 1) chi2_F / (N (k - 1) - chi2_F), F with
  // (k - 1, (k - 1)(N - 1)) degrees of freedom; less conservative than chi2_F.
  // Infinite, with p NaN (undefined; the chi-squared p still holds), when every
  // data set ranks the methods the same way.
  double f = 0.0;
  double f_p = 1.0;
  double f_dof1 = 0.0;
  double f_dof2 = 0.0;
};

// From the average ranks of k methods over N data sets (N >= 2, k >= 2).
FriedmanTest friedman_from_average_ranks(const std::vector<double>& average_ranks,
                                         std::size_t data_sets);
// From scores[data set][method] (higher is better; every row the same length).
FriedmanTest friedman_test(const std::vector<std::vector<double>>& scores);

// Nemenyi's critical difference CD = q_alpha sqrt(k(k+1) / (6N)): two methods'
// performances differ significantly when their average ranks differ by at least CD.
double nemenyi_critical_difference(std::size_t methods, std::size_t data_sets, double alpha = 0.05);

// The groups a critical-difference diagram joins by a bar: maximal runs of
// methods (indices into `sorted_ranks`, ascending) whose average ranks all lie
// within less than `cd` of each other; runs of one method are left out.
std::vector<std::pair<std::size_t, std::size_t>> groups_within_cd(
    const std::vector<double>& sorted_ranks, double cd);

// Demsar 2006, section 3.2.2: z = (R_i - R_baseline) / sqrt(k(k+1) / (6N)) and its
// two-sided normal p-value, for one method against the baseline.
std::pair<double, double> rank_z_test(double rank, double baseline_rank, std::size_t methods,
                                      std::size_t data_sets);

}  // namespace crbench
