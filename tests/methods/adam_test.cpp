// Tests of the Adam optimiser: the dense update against values worked out from
// Kingma & Ba's algorithm, and the lazy row-sparse update (untouched rows keep
// their values and moments; touched rows use the global step's bias correction).
#include "methods/adam.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <vector>

#include "methods/base_model.hpp"

namespace crbench {
namespace {

// A dense block of 3 and an embedding table of 4 rows x 2.
std::vector<ParamBlock> test_layout() {
  return {{"dense", 0, 1, 3, false}, {"table", 3, 4, 2, true}};
}

// Reference Adam for one scalar, written as Kingma & Ba's Algorithm 1 with the
// epsilon of their section 2 reordering (eps-hat), in double.
struct ScalarAdam {
  double theta;
  double m = 0.0;
  double v = 0.0;
  void step(double g, double lr, int t) {
    m = 0.9 * m + 0.1 * g;
    v = 0.999 * v + 0.001 * g * g;
    const double alpha_t = lr * std::sqrt(1.0 - std::pow(0.999, t)) / (1.0 - std::pow(0.9, t));
    theta -= alpha_t * m / (std::sqrt(v) + 1e-8);
  }
};

TEST(AdamTest, DenseStepMatchesHandComputation) {
  const auto layout = test_layout();
  std::vector<float> params = {0.5f, -1.0f, 2.0f, 0, 0, 0, 0, 0, 0, 0, 0};
  Adam adam(params.size());
  Gradient grad(layout);

  // Step 1 by hand: m = 0.1 g, v = 0.001 g^2, alpha_1 = lr sqrt(0.001) / 0.1, so
  // the step is lr * g / (|g| + eps / sqrt(0.001)) ~= lr * sign(g).
  grad.data()[0] = 0.2f;
  grad.data()[1] = -3.0f;
  grad.data()[2] = 0.0f;
  adam.step(params, grad, 0.01f);
  EXPECT_EQ(adam.steps_taken(), 1);
  EXPECT_NEAR(params[0], 0.5 - 0.01 * 0.2 / (0.2 + 1e-8 / std::sqrt(0.001)), 1e-7);
  EXPECT_NEAR(params[1], -1.0 + 0.01, 1e-7);
  EXPECT_EQ(params[2], 2.0f);  // zero gradient, zero moments: no move

  // Step 2, g = (0.1, 1, 0): parameter 0 by hand:
  //   m = 0.9 * 0.02 + 0.1 * 0.1 = 0.028, v = 0.999 * 4e-5 + 0.001 * 0.01 = 4.996e-5,
  //   alpha_2 = 0.01 * sqrt(1 - 0.999^2) / (1 - 0.81) = 0.01 * sqrt(0.001999) / 0.19.
  grad.clear();
  grad.data()[0] = 0.1f;
  grad.data()[1] = 1.0f;
  adam.step(params, grad, 0.01f);
  const double alpha2 = 0.01 * std::sqrt(0.001999) / 0.19;
  const double p0_after_1 = 0.5 - 0.01 * 0.2 / (0.2 + 1e-8 / std::sqrt(0.001));
  EXPECT_NEAR(params[0], p0_after_1 - alpha2 * 0.028 / (std::sqrt(4.996e-5) + 1e-8), 1e-6);

  // And the three dense parameters against the scalar reference.
  ScalarAdam ref[3] = {{0.5}, {-1.0}, {2.0}};
  const double g1[3] = {0.2, -3.0, 0.0};
  const double g2[3] = {0.1, 1.0, 0.0};
  for (int k = 0; k < 3; ++k) {
    ref[k].step(g1[k], 0.01, 1);
    ref[k].step(g2[k], 0.01, 2);
    EXPECT_NEAR(params[static_cast<std::size_t>(k)], ref[k].theta, 1e-6) << k;
  }
}

TEST(AdamTest, DenseBlocksKeepMovingOnMomentum) {
  const auto layout = test_layout();
  std::vector<float> params(11, 0.0f);
  Adam adam(params.size());
  Gradient grad(layout);
  grad.data()[0] = 1.0f;
  adam.step(params, grad, 0.1f);
  grad.clear();  // zero gradient, but a dense block still applies its moments
  const float before = params[0];
  adam.step(params, grad, 0.1f);
  ScalarAdam ref{0.0};
  ref.step(1.0, 0.1, 1);
  ref.step(0.0, 0.1, 2);
  EXPECT_LT(params[0], before);
  EXPECT_NEAR(params[0], ref.theta, 1e-6);
}

TEST(AdamTest, LazyRowsUpdateOnlyWhenTouched) {
  const auto layout = test_layout();
  std::vector<float> params = {0, 0, 0, 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f};
  Adam adam(params.size(), AdamSettings{.embedding = EmbeddingAdam::lazy});
  Gradient grad(layout);
  auto row = [&](std::size_t r, std::size_t c) -> float& { return grad.data()[3 + r * 2 + c]; };

  // Step 1: rows 0 and 2 touched.
  row(0, 0) = 0.5f;
  row(0, 1) = -0.5f;
  grad.touch_row(1, 0);
  row(2, 0) = 2.0f;
  grad.touch_row(1, 2);
  adam.step(params, grad, 0.01f);
  // Row 1 and row 3 untouched: unchanged.
  EXPECT_EQ(params[3 + 2], 3.0f);
  EXPECT_EQ(params[3 + 3], 4.0f);
  EXPECT_EQ(params[3 + 6], 7.0f);
  EXPECT_EQ(params[3 + 7], 8.0f);

  // Step 2: only row 2 touched. Row 0 must not move (a dense Adam would move it
  // on its momentum) and its moments must not decay.
  grad.clear();
  row(2, 0) = 1.0f;
  grad.touch_row(1, 2);
  const float row0_after_step1 = params[3];
  adam.step(params, grad, 0.01f);
  EXPECT_EQ(params[3], row0_after_step1);

  // Step 3: row 0 touched again with g = 0.25. Its moments hold step 1 only:
  //   m = 0.9 * (0.1 * 0.5) + 0.1 * 0.25 = 0.07,
  //   v = 0.999 * (0.001 * 0.25) + 0.001 * 0.0625 = 3.1225e-4,
  // with the global step's correction alpha_3 = lr sqrt(1 - 0.999^3) / (1 - 0.9^3).
  grad.clear();
  row(0, 0) = 0.25f;
  grad.touch_row(1, 0);
  adam.step(params, grad, 0.01f);
  const double alpha3 = 0.01 * std::sqrt(1.0 - std::pow(0.999, 3)) / (1.0 - std::pow(0.9, 3));
  const double expected = row0_after_step1 - alpha3 * 0.07 / (std::sqrt(3.1225e-4) + 1e-8);
  EXPECT_NEAR(params[3], expected, 1e-6);
  // Row 0, column 1 got g = 0 at step 3: m = 0.9 * -0.05, v = 0.999 * 2.5e-4.
  const double row01_after_step1 = 2.0 + 0.01 * 0.5 / (0.5 + 1e-8 / std::sqrt(0.001));
  EXPECT_NEAR(params[4], row01_after_step1 - alpha3 * (-0.045) / (std::sqrt(0.999 * 2.5e-4) + 1e-8),
              1e-6);
  // Untouched throughout.
  EXPECT_EQ(params[3 + 2], 3.0f);
  EXPECT_EQ(params[3 + 6], 7.0f);
  EXPECT_EQ(adam.steps_taken(), 3);
}

TEST(AdamTest, ResetForgetsMomentsAndSteps) {
  const auto layout = test_layout();
  std::vector<float> a(11, 0.0f);
  Adam adam(a.size());
  Gradient grad(layout);
  grad.data()[0] = 1.0f;
  adam.step(a, grad, 0.1f);
  adam.step(a, grad, 0.1f);
  adam.reset();
  EXPECT_EQ(adam.steps_taken(), 0);
  // After reset, a step equals the first step of a fresh optimiser.
  std::vector<float> b(11, 0.0f);
  std::vector<float> c = a;
  Adam fresh(b.size());
  adam.step(c, grad, 0.1f);
  fresh.step(b, grad, 0.1f);
  EXPECT_FLOAT_EQ(c[0] - a[0], b[0]);
}

TEST(AdamTest, DefaultConstructedAdoptsTheModelSizeAndMismatchThrows) {
  const auto layout = test_layout();
  std::vector<float> params(11, 0.0f);
  Gradient grad(layout);
  grad.data()[1] = 1.0f;
  Adam adam;
  adam.step(params, grad, 0.1f);
  EXPECT_NEAR(params[1], -0.1, 1e-6);
  std::vector<float> other(5, 0.0f);
  EXPECT_THROW(adam.step(other, grad, 0.1f), std::invalid_argument);
}

}  // namespace
}  // namespace crbench
