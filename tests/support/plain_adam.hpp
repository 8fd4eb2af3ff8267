// Test helper: Adam written out plainly, updating every parameter at every step
// (g = 0 where a batch has no gradient), as TensorFlow 1's AdamOptimizer does
// with an embedding gradient: the reference the dense embedding Adam of
// methods/adam.hpp is tested against. In T = float it rounds as crbench does
// (the same operations in the same order, the same float betas); in T = double
// it is the exact reference.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace crbench::test_support {

template <class T>
struct PlainAdam {
  std::vector<T> theta, m, v;
  std::int64_t t = 0;
  explicit PlainAdam(const std::vector<float>& start)
      : theta(start.begin(), start.end()), m(start.size(), T(0)), v(start.size(), T(0)) {}
  void step(const std::vector<float>& g, float lr) {
    ++t;
    const auto b1 = static_cast<T>(0.9f);
    const auto b2 = static_cast<T>(0.999f);
    const auto eps = static_cast<T>(1e-8f);
    const double c1 = 1.0 - std::pow(static_cast<double>(0.9f), static_cast<double>(t));
    const double c2 = 1.0 - std::pow(static_cast<double>(0.999f), static_cast<double>(t));
    const auto lr_t = static_cast<T>(static_cast<double>(lr) * std::sqrt(c2) / c1);
    for (std::size_t k = 0; k < theta.size(); ++k) {
      const auto gk = static_cast<T>(g[k]);
      m[k] = b1 * m[k] + (T(1) - b1) * gk;
      v[k] = b2 * v[k] + ((T(1) - b2) * gk) * gk;
      theta[k] -= lr_t * m[k] / (std::sqrt(v[k]) + eps);
    }
  }
};

}  // namespace crbench::test_support
