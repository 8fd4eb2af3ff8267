// SML's transfer module for one parameter table (docs/methods/sml.md; Zhang
// et al., SIGIR 2020): maps each row's previous value p = W_prev and newly trained
// value h = Ŵ to the next model's row,
//   x = [p ; h ; p ⊙ h / (||p|| + 1e-15)]          (3 x D stack)
//   conv 3x1 -> 10 channels, GELU -> conv 1x1 -> 5 channels, GELU  (no conv biases)
//   flatten (5·D) -> FC to width L + GELU -> FC back to D.
// The weights are shared by every row of the table. GELU is the exact erf form
// (the ASMG reference's SML). Hand-derived backward pass: gradients w.r.t. the
// net's weights and w.r.t. h (p is frozen in both of SML's training phases).
// Templated on the scalar so that tests check the gradients in double.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace crbench {

struct TransferShape {
  int dim = 0;       // D: row length
  int fc_width = 0;  // L
  static constexpr int kChannels1 = 10;
  static constexpr int kChannels2 = 5;
  // Flat parameter layout, in order: conv1 (10 x 3), conv2 (5 x 10), fc1 kernel
  // ((5·D) x L, in x out), fc1 bias (L), fc2 kernel (L x D), fc2 bias (D).
  std::size_t conv1_offset() const { return 0; }
  std::size_t conv2_offset() const { return conv1_offset() + kChannels1 * 3; }
  std::size_t fc1_offset() const { return conv2_offset() + kChannels2 * kChannels1; }
  std::size_t fc1_bias_offset() const {
    return fc1_offset() + static_cast<std::size_t>(kChannels2) * dim * fc_width;
  }
  std::size_t fc2_offset() const { return fc1_bias_offset() + static_cast<std::size_t>(fc_width); }
  std::size_t fc2_bias_offset() const {
    return fc2_offset() + static_cast<std::size_t>(fc_width) * dim;
  }
  std::size_t parameter_count() const { return fc2_bias_offset() + static_cast<std::size_t>(dim); }
};

// Glorot-uniform filters, kernels and FC biases, each by its own shape as
// TensorFlow counts fans (the reference's tf.get_variable default); seeded.
template <class T>
void initialise_transfer(const TransferShape& shape, std::span<T> params, std::uint64_t seed);

// Activations of a batch of n rows, kept for the backward pass.
template <class T>
struct TransferCache {
  std::size_t n = 0;
  std::vector<T> p, h, inv_norm;  // inputs (n x D) and 1 / (||p|| + 1e-15) per row
  std::vector<T> q;               // n x D: p ⊙ h / (||p|| + eps)
  std::vector<T> z1, a1;          // n x (10·D), channel-major per row
  std::vector<T> z2, a2;          // n x (5·D)
  std::vector<T> z3, a3;          // n x L
};

// out (n x D, row-major) = f(p, h) for n rows; p and h are n x D row-major.
// With a cache, stores what backward() needs.
template <class T>
void transfer_forward(const TransferShape& shape, std::span<const T> params, std::size_t n,
                      const T* p, const T* h, T* out, TransferCache<T>* cache);

// Given dLoss/dout (n x D), adds dLoss/dparams to grad_params (skipped when it
// is empty: f frozen) and, when grad_h is not null, writes dLoss/dh (n x D) to it.
template <class T>
void transfer_backward(const TransferShape& shape, std::span<const T> params,
                       const TransferCache<T>& cache, const T* grad_out, std::span<T> grad_params,
                       T* grad_h);

}  // namespace crbench
