// The Wilcoxon signed-rank test against values computed by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "bench/paired_test.hpp"

namespace crbench {
namespace {

// The worked example of the Wikipedia article "Wilcoxon signed-rank test"
// (pairs (125,110), (115,122), (130,125), (140,120), (140,140), (115,124),
// (140,123), (125,137), (140,135), (135,145)). By hand: the zero is dropped, n = 9;
// |d| ranks 5,5 -> 1.5 each, 7 -> 3, 9 -> 4, 10 -> 5, 12 -> 6, 15 -> 7, 17 -> 8,
// 20 -> 9; W+ = 1.5+1.5+7+8+9 = 27, W- = 3+4+5+6 = 18. Mean 9*10/4 = 22.5,
// variance 9*10*19/24 - (2^3-2)/48 = 71.125, z = 4.5/8.43356 = 0.53358,
// p = 2(1 - Phi(0.53358)) = 0.5936 (normal table: Phi(0.53) = 0.7019, Phi(0.54) = 0.7054).
TEST(WilcoxonSignedRank, TextbookExampleWithATieAndAZero) {
  const std::vector<double> a = {125, 115, 130, 140, 140, 115, 140, 125, 140, 135};
  const std::vector<double> b = {110, 122, 125, 120, 140, 124, 123, 137, 135, 145};
  std::vector<double> d;
  for (std::size_t i = 0; i < a.size(); ++i) d.push_back(a[i] - b[i]);
  const SignedRankTest t = wilcoxon_signed_rank(d);
  EXPECT_EQ(t.n, 9u);
  EXPECT_DOUBLE_EQ(t.w_plus, 27.0);
  EXPECT_DOUBLE_EQ(t.w_minus, 18.0);
  EXPECT_NEAR(t.z, 0.53358, 1e-5);
  EXPECT_NEAR(t.p_value, 0.5936, 5e-4);
}

// Five positive differences without ties: W+ = 15, mean 7.5, variance
// 5*6*11/24 = 13.75, z = 7.5/3.70810 = 2.02260, p = 2(1 - Phi(2.0226)) = 0.0431
// (Phi(2.02) = 0.97831, Phi(2.03) = 0.97882).
TEST(WilcoxonSignedRank, AllPositiveDifferences) {
  const SignedRankTest t = wilcoxon_signed_rank({0.1, 0.2, 0.3, 0.4, 0.5});
  EXPECT_DOUBLE_EQ(t.w_plus, 15.0);
  EXPECT_DOUBLE_EQ(t.w_minus, 0.0);
  EXPECT_NEAR(t.z, 2.02260, 1e-5);
  EXPECT_NEAR(t.p_value, 0.0431, 2e-4);
  // Mirrored differences: the same p, the opposite z.
  const SignedRankTest m = wilcoxon_signed_rank({-0.1, -0.2, -0.3, -0.4, -0.5});
  EXPECT_DOUBLE_EQ(m.z, -t.z);
  EXPECT_DOUBLE_EQ(m.p_value, t.p_value);
}

TEST(WilcoxonSignedRank, SymmetricZerosAndEmptyInputsGiveNoEvidence) {
  const SignedRankTest sym = wilcoxon_signed_rank({1, -1, 2, -2, 0, 0});
  EXPECT_EQ(sym.n, 4u);
  EXPECT_DOUBLE_EQ(sym.w_plus, sym.w_minus);
  EXPECT_DOUBLE_EQ(sym.z, 0.0);
  EXPECT_DOUBLE_EQ(sym.p_value, 1.0);
  const SignedRankTest none = wilcoxon_signed_rank({0, 0});
  EXPECT_EQ(none.n, 0u);
  EXPECT_DOUBLE_EQ(none.p_value, 1.0);
}

}  // namespace
}  // namespace crbench
