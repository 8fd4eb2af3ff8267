// Test helper: central finite differences of a base model's mean loss against
// every parameter, compared with its analytic gradient (any BaseModel). Parameters
// are float, so eps = 1e-3 keeps the rounding noise of the loss difference under
// the absolute floor and the O(eps^2) truncation error under the 1% relative
// tolerance. A +-1e-3 probe can straddle a ReLU kink of some sample, where central
// differences are wrong by design; such a parameter is re-probed with eps = 1e-4
// and, if still off, 2e-5 (a bias shifts every sample's pre-activation, so a unit
// within 1e-4 of its kink in one sample is not that rare in a low-rank layer; the
// finer probe's float noise is then still far below the tolerance for these
// O(1e-3) derivatives), and those re-probes must stay rare.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "methods/base_model.hpp"

namespace crbench::test_support {

inline void expect_gradient_matches_finite_differences(BaseModel& model, const Stream& stream,
                                                       const std::vector<RowIndex>& rows,
                                                       const std::vector<float>& targets) {
  Gradient grad(model.layout());
  model.loss_and_gradient(stream, rows, targets, grad);
  const std::vector<float> analytic(grad.data(), grad.data() + grad.size());

  Gradient scratch(model.layout());
  auto params = model.parameters();
  auto numeric_derivative = [&](std::size_t k, float eps) {
    auto loss = [&] {
      scratch.clear();
      return model.loss_and_gradient(stream, rows, targets, scratch);
    };
    const float original = params[k];
    const float up = original + eps;
    const float down = original - eps;
    params[k] = up;
    const double loss_up = loss();
    params[k] = down;
    const double loss_down = loss();
    params[k] = original;
    return (loss_up - loss_down) / (static_cast<double>(up) - static_cast<double>(down));
  };
  const double rel_tol = 1e-2;
  const double abs_tol = 1e-4;
  auto close = [&](double a, double numeric) {
    return std::abs(a - numeric) <= rel_tol * std::max(std::abs(a), std::abs(numeric)) + abs_tol;
  };
  int failures = 0;
  std::size_t reprobed = 0;
  for (const ParamBlock& block : model.layout()) {
    double largest = 0.0;
    for (std::size_t k = block.offset; k < block.offset + block.size(); ++k) {
      const double a = analytic[k];
      largest = std::max(largest, std::abs(a));
      double numeric = numeric_derivative(k, 1e-3f);
      if (close(a, numeric)) continue;
      ++reprobed;
      numeric = numeric_derivative(k, 1e-4f);
      if (!close(a, numeric)) numeric = numeric_derivative(k, 2e-5f);
      if (!close(a, numeric) && ++failures <= 20) {
        const std::size_t i = k - block.offset;
        ADD_FAILURE() << block.name << "[" << i / block.cols << "][" << i % block.cols
                      << "]: analytic " << a << " numeric " << numeric;
      }
    }
    // Every block must get a gradient well above the tolerance floor, so the
    // comparison above means something for it.
    EXPECT_GT(largest, 10 * abs_tol) << block.name;
  }
  EXPECT_EQ(failures, 0);
  EXPECT_LT(reprobed, params.size() / 50) << "too many parameters needed the finer probe";
}

}  // namespace crbench::test_support
