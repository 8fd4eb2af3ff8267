// The Wilcoxon signed-rank test and the paired t-test against values computed by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "bench/paired_test.hpp"

namespace crbench {
namespace {

// By hand, with a zero and two ties: d = {0, 2, -2, 3, 5, 5}. The zero is dropped
// (n = 6, 5 used). |d| = 2, 2, 3, 5, 5 get mid-ranks 1.5, 1.5, 3, 4.5, 4.5;
// W+ = 1.5 + 3 + 4.5 + 4.5 = 13.5, W- = 1.5. Exact, over the 2^5 = 32 sign
// assignments of these ranks: W- <= 1.5 only for no negative rank or one of the two
// 1.5s, 3 assignments, so P(W+ >= 13.5) = 3/32 and p = 2 x 3/32 = 0.1875.
TEST(WilcoxonSignedRank, ExactWithATieAndAZero) {
  const SignedRankTest t = wilcoxon_signed_rank({0, 2, -2, 3, 5, 5});
  EXPECT_EQ(t.n, 6u);
  EXPECT_EQ(t.zeros, 1u);
  EXPECT_EQ(t.used(), 5u);
  EXPECT_TRUE(t.exact);
  EXPECT_DOUBLE_EQ(t.w_plus, 13.5);
  EXPECT_DOUBLE_EQ(t.w_minus, 1.5);
  EXPECT_DOUBLE_EQ(t.p_value, 0.1875);
  // Mirrored: the same p.
  EXPECT_DOUBLE_EQ(wilcoxon_signed_rank({0, -2, 2, -3, -5, -5}).p_value, 0.1875);
}

// Seven periods all in one direction: the smallest p seven units can give,
// 2 / 2^7 = 0.015625 (the bound the leaderboard's 7 recorded periods put on any p).
TEST(WilcoxonSignedRank, SevenPositiveDifferencesGiveTheSmallestPossibleP) {
  const SignedRankTest t = wilcoxon_signed_rank({0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07});
  EXPECT_DOUBLE_EQ(t.p_value, 2.0 / 128.0);
}

// n = 10, no ties, negatives at ranks 1 and 7: W- = 8. Subsets of {1..10} with sum
// <= 8: sums 0,1,2 one each, 3 and 4 two each, 5 three, 6 four, 7 five, 8 six:
// 25 of 1024, so p = 2 x 25/1024 = 0.048828125 (8 is the tabulated two-sided 5%
// critical value for n = 10).
TEST(WilcoxonSignedRank, ExactTailCountsSubsetsOfRanks) {
  const SignedRankTest t = wilcoxon_signed_rank({-1, 2, 3, 4, 5, 6, -7, 8, 9, 10});
  EXPECT_DOUBLE_EQ(t.w_minus, 8.0);
  EXPECT_DOUBLE_EQ(t.p_value, 50.0 / 1024.0);
}

// The worked example of the Wikipedia article "Wilcoxon signed-rank test", normal
// approximation: after dropping the zero, n = 9; W+ = 27, W- = 18; mean 22.5,
// variance 9*10*19/24 - (2^3 - 2)/48 = 71.125, z = 4.5/8.43356 = 0.53358,
// p = 2(1 - Phi(0.53358)) = 0.5936 (Phi(0.53) = 0.7019, Phi(0.54) = 0.7054).
TEST(WilcoxonSignedRank, NormalApproximationWithATieAndAZero) {
  const std::vector<double> a = {125, 115, 130, 140, 140, 115, 140, 125, 140, 135};
  const std::vector<double> b = {110, 122, 125, 120, 140, 124, 123, 137, 135, 145};
  std::vector<double> d;
  for (std::size_t i = 0; i < a.size(); ++i) d.push_back(a[i] - b[i]);
  const SignedRankTest t = wilcoxon_signed_rank(d, SignedRankMethod::normal);
  EXPECT_EQ(t.used(), 9u);
  EXPECT_FALSE(t.exact);
  EXPECT_DOUBLE_EQ(t.w_plus, 27.0);
  EXPECT_DOUBLE_EQ(t.w_minus, 18.0);
  EXPECT_NEAR(t.z, 0.53358, 1e-5);
  EXPECT_NEAR(t.p_value, 0.5936, 5e-4);
}

// Five positive differences: exact p = 2/32 = 0.0625; the normal approximation
// (variance 5*6*11/24 = 13.75, z = 7.5/3.70810 = 2.02260) gives 0.0431, smaller:
// why small n get the exact distribution.
TEST(WilcoxonSignedRank, ExactAndNormalDifferAtSmallN) {
  const std::vector<double> d = {0.1, 0.2, 0.3, 0.4, 0.5};
  EXPECT_DOUBLE_EQ(wilcoxon_signed_rank(d).p_value, 0.0625);
  const SignedRankTest normal = wilcoxon_signed_rank(d, SignedRankMethod::normal);
  EXPECT_NEAR(normal.z, 2.02260, 1e-5);
  EXPECT_NEAR(normal.p_value, 0.0431, 2e-4);
}

// Differences below 1e-12 are zeros (rounding in seed averages), and |d| within
// 1e-12 of each other are tied.
TEST(WilcoxonSignedRank, RoundingNoiseIsAZeroOrATie) {
  const SignedRankTest t = wilcoxon_signed_rank({1e-15, 0.02, -0.02 + 1e-16, 0.05});
  EXPECT_EQ(t.zeros, 1u);
  EXPECT_DOUBLE_EQ(t.w_plus, 4.5);  // ranks 1.5 and 3
  EXPECT_DOUBLE_EQ(t.w_minus, 1.5);
  // Doubled ranks 3, 3, 6: sums >= 9 in 3 of 8 assignments, p = 0.75.
  EXPECT_DOUBLE_EQ(t.p_value, 0.75);
}

TEST(WilcoxonSignedRank, SymmetricZerosAndEmptyInputsGiveNoEvidence) {
  const SignedRankTest sym = wilcoxon_signed_rank({1, -1, 2, -2, 0, 0});
  EXPECT_EQ(sym.used(), 4u);
  EXPECT_DOUBLE_EQ(sym.w_plus, sym.w_minus);
  EXPECT_DOUBLE_EQ(sym.p_value, 1.0);
  const SignedRankTest none = wilcoxon_signed_rank({0, 0});
  EXPECT_EQ(none.n, 2u);
  EXPECT_EQ(none.used(), 0u);
  EXPECT_DOUBLE_EQ(none.p_value, 1.0);
}

// d = {0.01, ..., 0.05}: mean 0.03, std 0.0158114, t = 0.03 / (0.0158114 / sqrt 5)
// = sqrt(18) = 4.24264; 4 dof, p = 0.0132356 (closed form in distributions_test).
TEST(PairedTTest, MatchesTheHandComputation) {
  const PairedTTest t = paired_t_test({0.01, 0.02, 0.03, 0.04, 0.05});
  EXPECT_EQ(t.n, 5u);
  EXPECT_NEAR(t.mean, 0.03, 1e-15);
  EXPECT_NEAR(t.std, 0.0158114, 1e-7);
  EXPECT_NEAR(t.t, std::sqrt(18.0), 1e-9);
  EXPECT_NEAR(t.p_value, 0.0132356, 2e-7);
}

TEST(PairedTTest, NoVariationOrOneValueIsNoTest) {
  EXPECT_TRUE(std::isnan(paired_t_test({0.05, 0.05, 0.05}).p_value));
  EXPECT_EQ(paired_t_test({0.05, 0.05, 0.05}).std, 0.0);
  EXPECT_TRUE(std::isnan(paired_t_test({0.05}).p_value));
}

}  // namespace
}  // namespace crbench
