// Glorot-uniform initialisation as TensorFlow's tf.get_variable does it by default
// (glorot_uniform_initializer), which is how the ASMG reference code creates every
// variable it does not initialise otherwise: U(-a, a), a = sqrt(6 / (fan_in +
// fan_out)), with the fans TensorFlow computes from the variable's own shape
// (init_ops._compute_fans): a scalar has fans 1 and 1; a vector of n entries n
// and n; a matrix [r, c] r and c; a tensor [d1, ..., dk, in, out] in and out each
// times the receptive field d1 ... dk. So a bias vector is drawn by its own
// length, and a tensor that stacks many small matrices (ASMG's [param_dim, 1, H]
// meta weights) gets much smaller values than one of its matrices alone.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <span>

namespace crbench {

struct Fans {
  double in = 1.0;
  double out = 1.0;
};

inline Fans tensorflow_fans(std::initializer_list<std::size_t> shape) {
  const std::size_t rank = shape.size();
  const std::size_t* d = shape.begin();
  if (rank == 0) return {};
  if (rank == 1) return {static_cast<double>(d[0]), static_cast<double>(d[0])};
  double receptive = 1.0;
  for (std::size_t k = 0; k + 2 < rank; ++k) receptive *= static_cast<double>(d[k]);
  return {static_cast<double>(d[rank - 2]) * receptive,
          static_cast<double>(d[rank - 1]) * receptive};
}

// The bound a of the Glorot-uniform draw of a variable of this shape.
inline double glorot_limit(std::initializer_list<std::size_t> shape) {
  const Fans f = tensorflow_fans(shape);
  return std::sqrt(6.0 / (f.in + f.out));
}

// One value of U(-limit, limit) from the top 24 bits of a mt19937_64 draw (exact
// in float; std::uniform_real_distribution's output is implementation-defined).
inline double uniform_draw(std::mt19937_64& gen, double limit) {
  const double u = static_cast<double>(gen() >> 40) * 0x1.0p-24;  // [0, 1)
  return limit * (2.0 * u - 1.0);
}

template <class T>
void fill_uniform(std::span<T> out, double limit, std::mt19937_64& gen) {
  for (T& x : out) x = static_cast<T>(uniform_draw(gen, limit));
}

}  // namespace crbench
