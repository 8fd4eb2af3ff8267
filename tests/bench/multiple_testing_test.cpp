// Holm's step-down adjustment on a textbook example.
#include <gtest/gtest.h>

#include <cmath>

#include "bench/multiple_testing.hpp"

namespace crbench {
namespace {

// The example of the Wikipedia article "Holm-Bonferroni method": four hypotheses
// with p = 0.01, 0.04, 0.03, 0.005 at alpha = 0.05; H1 and H4 are rejected, H2
// and H3 are not. By hand, sorted 0.005, 0.01, 0.03, 0.04 with factors 4, 3, 2, 1:
// 0.02, 0.03, 0.06, max(0.06, 0.04) = 0.06; so adjusted (in input order)
// 0.03, 0.06, 0.06, 0.02 (R: p.adjust(c(.01, .04, .03, .005), "holm")).
TEST(Holm, WikipediaExample) {
  const std::vector<double> adjusted = holm_adjust({0.01, 0.04, 0.03, 0.005});
  ASSERT_EQ(adjusted.size(), 4u);
  EXPECT_NEAR(adjusted[0], 0.03, 1e-15);
  EXPECT_NEAR(adjusted[1], 0.06, 1e-15);
  EXPECT_NEAR(adjusted[2], 0.06, 1e-15);
  EXPECT_NEAR(adjusted[3], 0.02, 1e-15);
  // Rejections at 0.05: exactly H1 and H4.
  EXPECT_LE(adjusted[0], 0.05);
  EXPECT_GT(adjusted[1], 0.05);
  EXPECT_GT(adjusted[2], 0.05);
  EXPECT_LE(adjusted[3], 0.05);
}

TEST(Holm, MissingTestsDoNotCountAndValuesCapAtOne) {
  const double nan = std::nan("");
  const std::vector<double> adjusted = holm_adjust({0.2, nan, 0.6});
  // m = 2: 2 x 0.2 = 0.4, max(0.4, 1 x 0.6) = 0.6.
  EXPECT_NEAR(adjusted[0], 0.4, 1e-15);
  EXPECT_TRUE(std::isnan(adjusted[1]));
  EXPECT_NEAR(adjusted[2], 0.6, 1e-15);
  EXPECT_EQ(holm_adjust({0.7, 0.8})[0], 1.0);  // 2 x 0.7 capped
  EXPECT_TRUE(holm_adjust({}).empty());
}

}  // namespace
}  // namespace crbench
