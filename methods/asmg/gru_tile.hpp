// The argument block of one tile of ASMG's coordinate-wise GRU kernels, shared by
// the dispatcher (asmg_gru.cpp) and the kernels compiled once per SIMD level
// (gru_kernels_*.cpp). Plain pointers only: the per-level translation units use
// nothing from the standard library that the linker could merge across levels.
#pragma once

#include <cstddef>

namespace crbench::asmg {

// Coordinates per lane block of the widest level (SSE2 runs blocks of 4, AVX2
// and AVX-512 of 8). A columns layout's stride must be a multiple of it (or at
// least the tile size), so that no lane block wraps around its weights.
constexpr std::size_t kLanes = 8;
// Coordinates per lane group of the dense weight layout (below): a multiple of
// every level's block width, so that one layout serves them all.
constexpr std::size_t kLaneGroup = 16;
// Largest hidden size the kernels support.
constexpr int kMaxHidden = 32;

// Meta weights of one coordinate (input size 1, hidden size H, no gate
// biases; 65 at H = 4), in this order: u_z[a], u_r[a], u_g[a] (a < H), W_z[b][a],
// W_r[b][a], W_g[b][a] (b, a < H), w_y[a], b_y.
constexpr std::size_t gru_meta_size(int hidden) {
  const auto h = static_cast<std::size_t>(hidden);
  return 4 * h + 3 * h * h + 1;
}

// Index of each meta weight of one coordinate, in the order above.
struct GruIndex {
  std::size_t h;
  constexpr std::size_t uz(std::size_t a) const { return a; }
  constexpr std::size_t ur(std::size_t a) const { return h + a; }
  constexpr std::size_t ug(std::size_t a) const { return 2 * h + a; }
  constexpr std::size_t wz(std::size_t b, std::size_t a) const { return 3 * h + b * h + a; }
  constexpr std::size_t wr(std::size_t b, std::size_t a) const { return 3 * h + h * h + b * h + a; }
  constexpr std::size_t wg(std::size_t b, std::size_t a) const {
    return 3 * h + 2 * h * h + b * h + a;
  }
  constexpr std::size_t wy(std::size_t a) const { return 3 * h + 3 * h * h + a; }
  constexpr std::size_t by() const { return 4 * h + 3 * h * h; }
};

// Where meta weight p of tile coordinate i lives (P = gru_meta_size(hidden)).
//  columns: weights[p * stride + i % stride]. An embedding block's per-column
//    weights (stride = columns, a multiple of 8: every row of the tile reads and
//    accumulates into the same few), or one tile's own weights (stride >= n).
//  lane_groups: the tile's coordinates in groups of kLaneGroup, each group's
//    weights one contiguous run, weight-major inside it:
//    weights[g * P + p * width + (i - g)], g = i - i % kLaneGroup, width = the
//    group's size (kLaneGroup, or what is left of the tile). A dense block's
//    per-scalar weights: a lane group's 65 weights (H = 4) are 4 KB of
//    consecutive memory instead of 65 streams a tile's width apart.
struct WeightLayout {
  enum class Kind { columns, lane_groups };
  Kind kind = Kind::columns;
  std::size_t stride = 0;  // columns only
};

// Caller-owned scratch (sizes for kLanes-wide blocks): the backward pass's
// gate gradients (4 L H lanes) and a zero-padded copy of a tail block.
template <class T>
struct GruScratch {
  T* deltas;   // 4 * L * H * kLanes
  T* x;        // L * kLanes (the tail's inputs)
  T* y;        // L * kLanes (outputs or output gradients)
  T* h;        // 2 * H * kLanes (initial and final state)
  T* weights;  // P * kLanes
  T* grads;    // P * kLanes
  // The padded block's per-step pointers (L each).
  const T** xs;
  T** ys;
  const T** dys;
};

// One tile: n coordinates, input j of coordinate i at xs[j][i], state unit a at
// h0[a * n + i] (h0 nullptr: zero state).
template <class T>
struct GruTile {
  int hidden = 0;
  int length = 0;
  std::size_t n = 0;
  const T* const* xs = nullptr;
  const T* h0 = nullptr;
  const T* weights = nullptr;
  WeightLayout layout;
  // Forward: ys[j] (nullptr: not wanted), h_final (H x n; nullptr: not wanted),
  // cache (nullptr: none kept).
  T* const* ys = nullptr;
  T* h_final = nullptr;
  T* cache = nullptr;
  // Backward: dys[j] (nullptr: step j has no loss) and the cache of the forward
  // pass; gradients added to grads (laid out like weights).
  const T* const* dys = nullptr;
  const T* cache_in = nullptr;
  T* grads = nullptr;
  GruScratch<T> scratch{};
};

// The per-level kernels (gru_kernels_*.cpp).
void gru_forward_sse2(const GruTile<float>& tile);
void gru_backward_sse2(const GruTile<float>& tile);
void gru_forward_avx2(const GruTile<float>& tile);
void gru_backward_avx2(const GruTile<float>& tile);
void gru_forward_avx512(const GruTile<float>& tile);
void gru_backward_avx512(const GruTile<float>& tile);
// The float tanh of each level (the GRU's only approximation), for its tests.
void gru_tanh_sse2(const float* in, float* out, std::size_t n);
void gru_tanh_avx2(const float* in, float* out, std::size_t n);
void gru_tanh_avx512(const float* in, float* out, std::size_t n);
// Double precision, exact tanh: the reference the gradient checks run.
void gru_forward_reference(const GruTile<double>& tile);
void gru_backward_reference(const GruTile<double>& tile);

}  // namespace crbench::asmg
