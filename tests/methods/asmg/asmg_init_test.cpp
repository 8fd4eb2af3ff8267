// ASMG's GRU meta weights start at the scales of the reference's tensors
// (Sobazaar/Tmall ASMGgru_*/model.py): each variable covers every coordinate of
// a parameter tensor at once ([P, 1, H], [P, H, H], [P, H, 1], [P, 1, 1]), so
// TensorFlow's Glorot fans multiply by P. Expected scales worked out by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "methods/asmg/asmg_generator.hpp"

namespace crbench {
namespace {

// Per coordinate (H = 4): 12 input weights u, 48 recurrent W, 4 read-out w_y and
// b_y: 65, drawn from U(-a, a) with mean square a^2 / 3.
double expected_mean_square(double P) {
  const double u = 6.0 / (P * 5.0);  // [P, 1, 4]: fans P and 4P
  const double w = 6.0 / (P * 8.0);  // [P, 4, 4]: fans 4P and 4P
  const double y = 6.0 / (P * 5.0);  // [P, 4, 1]
  const double b = 6.0 / (P * 2.0);  // [P, 1, 1]
  return (12 * u + 48 * w + 4 * y + 1 * b) / 3.0 / 65.0;
}

TEST(AsmgInit, GruMetaWeightsTakeTheFansOfWholeTensors) {
  // An embedding table of 50 x 8 (its 8 columns share weights: P = 8), the first
  // MLP kernel 40 x 20 (P = 800) and a one-entry bias (P = 1).
  const std::vector<ParamBlock> layout = {{"user_embedding", 0, 50, 8, true},
                                          {"mlp.0.weight", 400, 40, 20, false},
                                          {"mlp.2.bias", 1200, 1, 1, false}};
  const AsmgGenerator g(layout, GeneratorKind::gru, 4, 3, 7);
  const std::span<const float> meta = g.meta_parameters();
  ASSERT_EQ(meta.size(), (8 + 800 + 1) * 65u);
  struct Case {
    std::size_t begin, count;
    double P;
    double tolerance;  // relative, on the mean square (about 4 sd of the sample's)
  };
  const Case cases[] = {{0, 8 * 65, 8.0, 0.2}, {8 * 65, 800 * 65, 800.0, 0.03}};
  for (const Case& c : cases) {
    double sum_sq = 0.0, largest = 0.0;
    for (std::size_t k = c.begin; k < c.begin + c.count; ++k) {
      sum_sq += static_cast<double>(meta[k]) * meta[k];
      largest = std::max(largest, static_cast<double>(std::fabs(meta[k])));
    }
    // No weight beyond the largest limit, b_y's sqrt(3 / P): 0.612 for the
    // table, 0.0612 for the kernel (a per-coordinate 1 x 4 matrix would allow 1.095).
    EXPECT_LE(largest, std::sqrt(3.0 / c.P)) << c.P;
    const double ms = expected_mean_square(c.P);
    EXPECT_NEAR(sum_sq / static_cast<double>(c.count), ms, c.tolerance * ms) << c.P;
  }
  // The kernel's weights: RMS 0.019, where per-coordinate fans gave about 0.53.
  double sum_sq = 0.0;
  for (std::size_t k = 8 * 65; k < 808 * 65; ++k) sum_sq += static_cast<double>(meta[k]) * meta[k];
  EXPECT_LT(std::sqrt(sum_sq / (800.0 * 65.0)), 0.021);
  // A scalar tensor (P = 1): b_y is drawn too (within sqrt(3)), not zero.
  double largest = 0.0;
  for (std::size_t k = 808 * 65; k < 809 * 65; ++k) {
    largest = std::max(largest, static_cast<double>(std::fabs(meta[k])));
  }
  EXPECT_LE(largest, std::sqrt(3.0));
  EXPECT_GT(largest, 0.0);
}

TEST(AsmgInit, LinearMixStartsUniform) {
  const std::vector<ParamBlock> layout = {{"t", 0, 5, 8, true}, {"w", 40, 1, 3, false}};
  const AsmgGenerator g(layout, GeneratorKind::linear, 4, 3, 7);
  for (const float a : g.meta_parameters()) EXPECT_EQ(a, 0.0f);  // the reference's constant 0
}

}  // namespace
}  // namespace crbench
