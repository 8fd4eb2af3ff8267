// Quantiles and tail probabilities for the leaderboard's intervals and tests. All
// of them come from Boost.Math (normal, Student t, chi-squared, Fisher F); the
// studentized range, which Boost lacks, is integrated here from Boost's normal.
#pragma once

#include <cstddef>

namespace crbench {

// The p-quantile of the standard normal distribution (0 < p < 1).
double normal_quantile(double p);
// Two-sided p-value of a standard normal statistic: P(|Z| >= |z|).
double normal_two_sided_p(double z);

// The p-quantile of Student's t with `dof` degrees of freedom (dof > 0).
double student_t_quantile(double p, double dof);
// Two-sided p-value of a t statistic: P(|T| >= |t|).
double student_t_two_sided_p(double t, double dof);

// Upper tail P(X >= x) of the chi-squared distribution with `dof` degrees of freedom.
double chi_squared_upper_tail(double x, double dof);
// Upper tail P(X >= x) of Fisher's F with (dof1, dof2) degrees of freedom.
double fisher_f_upper_tail(double x, double dof1, double dof2);
// The p-quantile of Fisher's F with (dof1, dof2) degrees of freedom.
double fisher_f_quantile(double p, double dof1, double dof2);

// P(R <= q) for the range R of k independent standard normal variables (the
// studentized range with infinite degrees of freedom):
// k * integral of phi(z) * (Phi(z) - Phi(z - q))^(k-1) dz.
double normal_range_cdf(double q, std::size_t k);
// Nemenyi's critical value q_alpha for k methods (Demsar 2006, Table 5a): the
// upper-alpha quantile of that range divided by sqrt(2). k >= 2.
double nemenyi_q(double alpha, std::size_t k);

}  // namespace crbench
