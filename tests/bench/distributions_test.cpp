// Quantiles and tail probabilities against published tables.
#include <gtest/gtest.h>

#include <cmath>

#include "bench/distributions.hpp"

namespace crbench {
namespace {

// NIST/SEMATECH e-Handbook of Statistical Methods, section 1.3.6.7.2 ("Critical
// values of the Student's t distribution"), 3 decimals. The hand-typed table
// this replaces gave 2.000 for every dof in 31..60 (df 40: 2.021).
TEST(Distributions, StudentTQuantilesMatchThePublishedTable) {
  struct Row {
    double dof, p, t;
  };
  for (const Row& r :
       {Row{1, 0.975, 12.706}, Row{2, 0.975, 4.303}, Row{4, 0.975, 2.776}, Row{10, 0.975, 2.228},
        Row{30, 0.975, 2.042}, Row{40, 0.975, 2.021}, Row{60, 0.975, 2.000}, Row{100, 0.975, 1.984},
        Row{4, 0.995, 4.604}, Row{10, 0.95, 1.812}, Row{20, 0.99, 2.528}})
    EXPECT_NEAR(student_t_quantile(r.p, r.dof), r.t, 6e-4) << "dof " << r.dof << " p " << r.p;
  // Two-sided tails invert the quantiles.
  EXPECT_NEAR(student_t_two_sided_p(2.776445, 4), 0.05, 1e-6);
  EXPECT_NEAR(student_t_two_sided_p(-2.228139, 10), 0.05, 1e-6);
}

// The same handbook, section 1.3.6.7.1 (standard normal), and the closed form
// of t with 4 dof: F(t) = 1/2 + (3/4) a (1 - a^2/3), a = t / sqrt(4 + t^2).
// At t = sqrt(18): a = 0.9045340, F = 0.9933822, two-sided p = 0.0132356.
TEST(Distributions, NormalQuantilesAndAClosedFormTail) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959964, 1e-6);
  EXPECT_NEAR(normal_quantile(0.95), 1.644854, 1e-6);
  EXPECT_NEAR(normal_quantile(0.995), 2.575829, 1e-6);
  EXPECT_NEAR(normal_two_sided_p(1.959964), 0.05, 1e-6);
  EXPECT_NEAR(student_t_two_sided_p(std::sqrt(18.0), 4), 0.0132356, 2e-7);
}

// Chi-squared upper critical values (handbook section 1.3.6.7.4) and F (section
// 1.3.6.7.3); Demsar (2006, section 3.2.2) quotes F(3, 39) at 0.05 as 2.85.
TEST(Distributions, ChiSquaredAndFTailsMatchTheTables) {
  EXPECT_NEAR(chi_squared_upper_tail(3.841, 1), 0.05, 1e-4);
  EXPECT_NEAR(chi_squared_upper_tail(5.991, 2), 0.05, 1e-4);
  EXPECT_NEAR(chi_squared_upper_tail(18.307, 10), 0.05, 1e-4);
  // 2 dof: the tail is exp(-x/2).
  EXPECT_NEAR(chi_squared_upper_tail(3.875, 2), std::exp(-3.875 / 2), 1e-12);
  EXPECT_NEAR(fisher_f_quantile(0.95, 2, 10), 4.103, 6e-4);
  EXPECT_NEAR(fisher_f_quantile(0.95, 5, 20), 2.711, 6e-4);
  EXPECT_NEAR(fisher_f_quantile(0.95, 3, 39), 2.85, 6e-3);
  // F(2, d) has the tail (1 + 2f/d)^(-d/2).
  EXPECT_NEAR(fisher_f_upper_tail(2.8, 2, 6), std::pow(1 + 2 * 2.8 / 6, -3.0), 1e-12);
}

// Demsar (2006), Table 5(a): critical values of the two-tailed Nemenyi test
// (the studentized range statistic divided by sqrt 2), k = 2..10. The table was
// derived from 3-decimal range tables (q(0.05; 3) = 3.314 -> 2.343; the integral
// gives 3.3145 -> 2.3437), so its last digit may be off by up to 0.0009.
TEST(Distributions, NemenyiCriticalValuesMatchDemsarTable5a) {
  const double q05[] = {1.960, 2.343, 2.569, 2.728, 2.850, 2.949, 3.031, 3.102, 3.164};
  const double q10[] = {1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.780, 2.855, 2.920};
  for (std::size_t k = 2; k <= 10; ++k) {
    EXPECT_NEAR(nemenyi_q(0.05, k), q05[k - 2], 9e-4) << "k = " << k;
    EXPECT_NEAR(nemenyi_q(0.10, k), q10[k - 2], 9e-4) << "k = " << k;
  }
  // k = 2 is the normal case: the range of two is |Z1 - Z2| = sqrt(2) |Z|.
  EXPECT_NEAR(nemenyi_q(0.05, 2), normal_quantile(0.975), 1e-9);
  // Harter (1960) tables of the studentized range, infinite dof: q(0.05; 20) = 5.01.
  EXPECT_NEAR(nemenyi_q(0.05, 20) * std::sqrt(2.0), 5.01, 6e-3);
  EXPECT_THROW(nemenyi_q(0.05, 1), std::invalid_argument);
}

}  // namespace
}  // namespace crbench
