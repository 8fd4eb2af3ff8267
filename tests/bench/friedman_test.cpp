// Friedman, Iman-Davenport and Nemenyi on Demsar's worked example and on a small
// example computed by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "bench/friedman.hpp"

namespace crbench {
namespace {

// Demsar (2006), section 3.2.2: C4.5 with and without its m and cf parameters
// tuned, on 14 data sets; average ranks 3.143, 2.000, 2.893, 1.964 (rank sums 44,
// 28, 40.5, 27.5: the table has ties). Published: chi2_F = 9.28, F_F = 3.69,
// Nemenyi CD at 0.05 = 2.569 sqrt(4*5 / (6*14)) = 1.25, and at 0.10 CD = 1.12.
// (The per-data-set AUC table is not reproduced here: only its rank sums.)
TEST(Friedman, DemsarWorkedExample) {
  const FriedmanTest t =
      friedman_from_average_ranks({44 / 14.0, 28 / 14.0, 40.5 / 14.0, 27.5 / 14.0}, 14);
  EXPECT_NEAR(t.chi_squared, 9.28, 5e-3);
  EXPECT_NEAR(t.f, 3.69, 5e-3);
  EXPECT_DOUBLE_EQ(t.f_dof1, 3.0);
  EXPECT_DOUBLE_EQ(t.f_dof2, 39.0);
  // F_F = 3.69 > 2.85, the 5% critical value of F(3, 39): p below 0.05.
  EXPECT_LT(t.f_p, 0.05);
  EXPECT_NEAR(nemenyi_critical_difference(4, 14, 0.05), 1.25, 5e-3);
  EXPECT_NEAR(nemenyi_critical_difference(4, 14, 0.10), 1.12, 5e-3);
}

// By hand: 3 methods (A, B, C) on 4 data sets, AUCs
//   1: .70 .65 .60 -> ranks 1 2 3       2: .68 .68 .60 -> 1.5 1.5 3
//   3: .62 .66 .61 -> 2 1 3             4: .71 .64 .66 -> 1 3 2
// Average ranks A 5.5/4 = 1.375, B 7.5/4 = 1.875, C 11/4 = 2.75.
// chi2_F = 12*4/(3*4) * (1.375^2 + 1.875^2 + 2.75^2 - 3*4^2/4) = 4 * 0.96875 = 3.875;
// 2 dof: p = exp(-3.875/2) = 0.144064.
// F_F = 3 * 3.875 / (4*2 - 3.875) = 2.818182 with (2, 6) dof: p = (1 + 2F/6)^-3 = 0.137088.
// CD = 2.343 * sqrt(3*4 / (6*4)) = 1.6568 (q from Demsar's Table 5a): all three
// ranks lie within 2.75 - 1.375 = 1.375 < CD, one group.
TEST(Friedman, SmallExampleByHand) {
  const std::vector<std::vector<double>> auc = {
      {0.70, 0.65, 0.60}, {0.68, 0.68, 0.60}, {0.62, 0.66, 0.61}, {0.71, 0.64, 0.66}};
  EXPECT_EQ(ranks_highest_first(auc[1]), (std::vector<double>{1.5, 1.5, 3}));
  const FriedmanTest t = friedman_test(auc);
  ASSERT_EQ(t.average_ranks.size(), 3u);
  EXPECT_DOUBLE_EQ(t.average_ranks[0], 1.375);
  EXPECT_DOUBLE_EQ(t.average_ranks[1], 1.875);
  EXPECT_DOUBLE_EQ(t.average_ranks[2], 2.75);
  EXPECT_NEAR(t.chi_squared, 3.875, 1e-12);
  EXPECT_NEAR(t.chi_squared_p, 0.144064, 1e-6);
  EXPECT_NEAR(t.f, 2.818182, 1e-6);
  EXPECT_NEAR(t.f_p, 0.137088, 1e-6);
  const double cd = nemenyi_critical_difference(3, 4);
  EXPECT_NEAR(cd, 1.6568, 5e-4);
  EXPECT_EQ(groups_within_cd(t.average_ranks, cd),
            (std::vector<std::pair<std::size_t, std::size_t>>{{0, 2}}));
}

TEST(Friedman, IdenticalRankingsEverywhereGiveAnInfiniteF) {
  const FriedmanTest t = friedman_test({{3, 2, 1}, {3, 2, 1}, {3, 2, 1}});
  EXPECT_NEAR(t.chi_squared, 6.0, 1e-12);  // N (k - 1): the maximum
  EXPECT_TRUE(std::isinf(t.f));
  EXPECT_TRUE(std::isnan(t.f_p));
  // chi2 = 6 with 2 dof: p = exp(-3) = 0.049787.
  EXPECT_NEAR(t.chi_squared_p, std::exp(-3.0), 1e-12);
}

// Ranks 1, 1.5, 3, 4.2, 6 with CD 2: runs starting at each method are [0,1] (3 - 1
// >= 2), [1,2] (1.5..3), [2,3] (3..4.2), [3,4] (4.2..6); none inside another.
// With CD 3.5: from 1, ranks up to 4.2 (3.2 < 3.5): [0,3]; from 1.5 also up to
// 4.2, inside it; from 3 up to 6 (3 < 3.5): [2,4]. Two overlapping bars.
TEST(Friedman, GroupsAreMaximalRunsWithinTheCriticalDifference) {
  using Groups = std::vector<std::pair<std::size_t, std::size_t>>;
  const std::vector<double> ranks = {1, 1.5, 3, 4.2, 6};
  EXPECT_EQ(groups_within_cd(ranks, 2.0), (Groups{{0, 1}, {1, 2}, {2, 3}, {3, 4}}));
  EXPECT_EQ(groups_within_cd(ranks, 3.5), (Groups{{0, 3}, {2, 4}}));
  EXPECT_EQ(groups_within_cd(ranks, 0.4), Groups{});
  EXPECT_EQ(groups_within_cd(ranks, 10), (Groups{{0, 4}}));
}

// Demsar 2006, 3.2.2: z = (R_i - R_j) / sqrt(k(k+1)/(6N)). The small example
// above, B as the baseline: z_A = -0.5 / 0.707107 = -0.707107, p = 0.4795
// (Phi(0.7071) = 0.7602).
TEST(Friedman, RankZTestAgainstABaseline) {
  const auto [z, p] = rank_z_test(1.375, 1.875, 3, 4);
  EXPECT_NEAR(z, -0.707107, 1e-6);
  EXPECT_NEAR(p, 0.4795, 2e-4);
}

}  // namespace
}  // namespace crbench
