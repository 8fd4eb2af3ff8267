// The coordinate-wise GRU of ASMG's meta generator (docs/methods/asmg.md) over
// a tile of coordinates in structure-of-arrays form: every quantity (input,
// hidden unit a, each meta weight) is an array over the tile's coordinates. The
// kernels (methods/asmg/gru_kernels.hpp) walk the tile in lane blocks of kLanes
// coordinates and run the whole window for one block before the next, so that
// a block's state, gates and gradients stay in registers and L1 and each meta
// weight's gradient is written once per block, not once per step.
//
// The float kernels are compiled for SSE2, AVX2 and AVX-512 and chosen at run
// time (core/simd_level.hpp); every level gives the same bits. The double
// overloads run a reference instantiation of the same kernels with the exact
// tanh, for the finite-difference checks.
//
// Per coordinate (input size 1, hidden size H, no gate biases):
//   z = sigma(x u_z + h W_z), r = sigma(x u_r + h W_r),
//   g = tanh(x u_g + (r * h) W_g), h' = (1 - z) h + z g, y = h' w_y + b_y.
// Meta weights of one coordinate, in this order (4H + 3H^2 + 1 = 65 at H = 4):
//   u_z[a], u_r[a], u_g[a] (a < H), W_z[b][a], W_r[b][a], W_g[b][a] (b, a < H),
//   w_y[a], b_y; where each lives: WeightLayout (methods/asmg/gru_tile.hpp).
#pragma once

#include <cstddef>

#include "core/simd_level.hpp"
#include "methods/asmg/gru_tile.hpp"

namespace crbench::asmg {

// Largest tile the generator hands the kernels (its scratch sizing).
constexpr std::size_t kTile = 256;

// What a forward pass keeps for the backward pass (the states h_0..h_L and the
// gates z, r, g of every step), in scalars, for n coordinates and a window of L.
// Its layout is the kernels' own; a tape must be read back at the level that
// wrote it.
inline std::size_t gru_cache_size(int hidden, int length, std::size_t n) {
  const std::size_t padded = (n + kLanes - 1) / kLanes * kLanes;
  return padded * (4 * static_cast<std::size_t>(length) + 1) * static_cast<std::size_t>(hidden);
}

// Runs the GRU over inputs xs[j][i] (j < L; input j of coordinate i at
// xs[j] + i), from h0 (H x n at stride n; nullptr = zero state). When ys[j] is not
// null, writes the read-out of step j to ys[j][i]; when h_final is not null, the
// state after the last step (H x n at stride n). With a cache
// (gru_cache_size(hidden, length, n) scalars), keeps what gru_backward needs.
void gru_forward(int hidden, std::size_t n, int length, const float* const* xs, const float* h0,
                 const float* weights, WeightLayout layout, float* const* ys, float* cache,
                 float* h_final = nullptr, SimdLevel level = simd_level());
void gru_forward(int hidden, std::size_t n, int length, const double* const* xs, const double* h0,
                 const double* weights, WeightLayout layout, double* const* ys, double* cache,
                 double* h_final = nullptr);

// Truncated BPTT over the window (the initial state is a constant: zero, or the
// carried state), from the cache of gru_forward over the same inputs and
// weights at the same level: dys[j][i] = dLoss/dy_j (nullptr: step j has no
// loss). Adds dLoss/dweights to grads (laid out like the weights).
void gru_backward(int hidden, std::size_t n, int length, const float* const* xs,
                  const float* weights, WeightLayout layout, const float* const* dys,
                  const float* cache, float* grads, SimdLevel level = simd_level());
void gru_backward(int hidden, std::size_t n, int length, const double* const* xs,
                  const double* weights, WeightLayout layout, const double* const* dys,
                  const double* cache, double* grads);

// A columns layout with this stride (see WeightLayout).
inline WeightLayout columns(std::size_t stride) { return {WeightLayout::Kind::columns, stride}; }
inline WeightLayout lane_groups() { return {WeightLayout::Kind::lane_groups, 0}; }

}  // namespace crbench::asmg
