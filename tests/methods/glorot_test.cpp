// TensorFlow's Glorot-uniform fans (methods/glorot.hpp) against values worked out
// by hand from init_ops._compute_fans: fans by rank, limits sqrt(6 / (in + out)).
#include "methods/glorot.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace crbench {
namespace {

TEST(Glorot, FansFollowTensorFlowsRuleByRank) {
  EXPECT_EQ(tensorflow_fans({}).in, 1.0);  // a scalar: 1 and 1
  EXPECT_EQ(tensorflow_fans({}).out, 1.0);
  EXPECT_EQ(tensorflow_fans({20}).in, 20.0);  // a vector of n: n and n
  EXPECT_EQ(tensorflow_fans({20}).out, 20.0);
  EXPECT_EQ(tensorflow_fans({40, 20}).in, 40.0);  // a matrix: rows and cols
  EXPECT_EQ(tensorflow_fans({40, 20}).out, 20.0);
  // [P, 1, H] with P = 800, H = 4: receptive field 800, fans 800 and 3200.
  EXPECT_EQ(tensorflow_fans({800, 1, 4}).in, 800.0);
  EXPECT_EQ(tensorflow_fans({800, 1, 4}).out, 3200.0);
  // A conv filter [3, 1, 1, 10]: receptive field 3, fans 3 and 30.
  EXPECT_EQ(tensorflow_fans({3, 1, 1, 10}).in, 3.0);
  EXPECT_EQ(tensorflow_fans({3, 1, 1, 10}).out, 30.0);
}

TEST(Glorot, LimitsOfTheReferenceVariables) {
  EXPECT_NEAR(glorot_limit({20}), std::sqrt(3.0 / 20.0), 1e-15);  // fcn1/bias: 0.387
  EXPECT_NEAR(glorot_limit({1}), std::sqrt(3.0), 1e-15);          // fcn3/bias: 1.732
  EXPECT_NEAR(glorot_limit({40, 20}), 0.3162277660, 1e-9);        // fcn1/kernel: sqrt(6/60)
  // ASMG's u_z for fcn1/kernel: sqrt(6 / (800 + 3200)) = 0.0387, not the 1.095 of
  // one coordinate's 1 x 4 matrix alone; w_z [800, 4, 4]: sqrt(6 / 6400) = 0.0306.
  EXPECT_NEAR(glorot_limit({800, 1, 4}), 0.03872983346, 1e-10);
  EXPECT_NEAR(glorot_limit({800, 4, 4}), 0.03061862178, 1e-10);
  EXPECT_NEAR(glorot_limit({1, 4}), 1.095445115, 1e-9);
}

TEST(Glorot, DrawsAreUniformWithinTheLimit) {
  std::mt19937_64 gen(3);
  std::vector<float> v(20000);
  fill_uniform<float>(v, 0.5, gen);
  double sum = 0.0, sum_sq = 0.0, largest = 0.0;
  for (const float x : v) {
    ASSERT_LT(std::fabs(x), 0.5f);
    sum += x;
    sum_sq += static_cast<double>(x) * x;
    largest = std::max(largest, static_cast<double>(std::fabs(x)));
  }
  // U(-a, a): mean 0 (sd a / sqrt(3 n) = 0.002), mean square a^2 / 3 = 0.0833.
  EXPECT_LT(std::fabs(sum / 20000.0), 0.01);
  EXPECT_NEAR(sum_sq / 20000.0, 0.25 / 3.0, 0.003);
  EXPECT_GT(largest, 0.499);
}

}  // namespace
}  // namespace crbench
