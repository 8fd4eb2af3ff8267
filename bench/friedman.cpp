// Rank statistics over data sets: Friedman, Iman-Davenport, Nemenyi.
#include "bench/friedman.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "bench/distributions.hpp"

namespace crbench {

std::vector<double> ranks_highest_first(const std::vector<double>& scores) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  std::vector<double> ranks(scores.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) ++j;
    const double mean_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (std::size_t t = i; t < j; ++t) ranks[order[t]] = mean_rank;
    i = j;
  }
  return ranks;
}

FriedmanTest friedman_from_average_ranks(const std::vector<double>& average_ranks,
                                         std::size_t data_sets) {
  const std::size_t k = average_ranks.size();
  if (k < 2 || data_sets < 2)
    throw std::invalid_argument("Friedman test: needs at least 2 methods and 2 data sets");
  FriedmanTest t;
  t.data_sets = data_sets;
  t.methods = k;
  t.average_ranks = average_ranks;
  const double n = static_cast<double>(data_sets), kk = static_cast<double>(k);
  double sum_squares = 0.0;
  for (const double r : average_ranks) sum_squares += r * r;
  t.chi_squared = 12.0 * n / (kk * (kk + 1.0)) * (sum_squares - kk * (kk + 1.0) * (kk + 1.0) / 4.0);
  // Rounding of ranks that sum to N k (k+1)/2 can leave -1e-15 for identical ranks.
  t.chi_squared = std::max(0.0, t.chi_squared);
  t.chi_squared_p = chi_squared_upper_tail(t.chi_squared, kk - 1.0);
  t.f_dof1 = kk - 1.0;
  t.f_dof2 = (kk - 1.0) * (n - 1.0);
  const double denominator = n * (kk - 1.0) - t.chi_squared;
  if (denominator <= 1e-12 * n * kk) {
    t.f = std::numeric_limits<double>::infinity();
    t.f_p = NAN;
  } else {
    t.f = (n - 1.0) * t.chi_squared / denominator;
    t.f_p = fisher_f_upper_tail(t.f, t.f_dof1, t.f_dof2);
  }
  return t;
}

FriedmanTest friedman_test(const std::vector<std::vector<double>>& scores) {
  if (scores.empty()) throw std::invalid_argument("Friedman test: no data sets");
  const std::size_t k = scores.front().size();
  std::vector<double> sums(k, 0.0);
  for (const auto& row : scores) {
    if (row.size() != k) throw std::invalid_argument("Friedman test: ragged score table");
    const std::vector<double> r = ranks_highest_first(row);
    for (std::size_t j = 0; j < k; ++j) sums[j] += r[j];
  }
  for (double& s : sums) s /= static_cast<double>(scores.size());
  return friedman_from_average_ranks(sums, scores.size());
}

double nemenyi_critical_difference(std::size_t methods, std::size_t data_sets, double alpha) {
  const double k = static_cast<double>(methods), n = static_cast<double>(data_sets);
  return nemenyi_q(alpha, methods) * std::sqrt(k * (k + 1.0) / (6.0 * n));
}

std::vector<std::pair<std::size_t, std::size_t>> groups_within_cd(
    const std::vector<double>& sorted_ranks, double cd) {
  std::vector<std::pair<std::size_t, std::size_t>> groups;
  std::size_t last_end = 0;  // end of the previous group: a later run ending there is inside it
  for (std::size_t i = 0; i < sorted_ranks.size(); ++i) {
    std::size_t j = i;
    while (j + 1 < sorted_ranks.size() && sorted_ranks[j + 1] - sorted_ranks[i] < cd) ++j;
    if (j > i && (groups.empty() || j > last_end)) {
      groups.emplace_back(i, j);
      last_end = j;
    }
  }
  return groups;
}

std::pair<double, double> rank_z_test(double rank, double baseline_rank, std::size_t methods,
                                      std::size_t data_sets) {
  const double k = static_cast<double>(methods), n = static_cast<double>(data_sets);
  const double z = (rank - baseline_rank) / std::sqrt(k * (k + 1.0) / (6.0 * n));
  return {z, normal_two_sided_p(z)};
}

}  // namespace crbench
