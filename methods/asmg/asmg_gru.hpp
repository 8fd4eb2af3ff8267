// The coordinate-wise GRU of ASMG's meta generator (docs/methods/asmg.md), as
// kernels over a tile of coordinates in structure-of-arrays form: every quantity
// (input, hidden unit a, each meta weight) is a contiguous array over the tile's
// coordinates. The kernels walk the tile in lane blocks of kLanes coordinates and
// run the whole window for one block before the next, so that a block's state,
// gates and gradients stay in registers and L1 (an Eigen fixed-size array is a
// pair of SSE registers) and each meta weight's gradient is written once per
// block, not once per step. Templated on the scalar so that the gradient tests
// can run it in double; the hidden size is a compile-time constant for the
// reference H = 4 (fully unrolled) and a runtime bound otherwise.
//
// Per coordinate (input size 1, hidden size H, no gate biases):
//   z = sigma(x u_z + h W_z), r = sigma(x u_r + h W_r),
//   g = tanh(x u_g + (r * h) W_g), h' = (1 - z) h + z g, y = h' w_y + b_y.
// Meta weights of one coordinate, in this order (4H + 3H^2 + 1 = 65 at H = 4):
//   u_z[a], u_r[a], u_g[a] (a < H), W_z[b][a], W_r[b][a], W_g[b][a] (b, a < H),
//   w_y[a], b_y.
// Weight p of tile coordinate i is weights[p * stride + i % stride]; its
// gradient goes to grads[p * stride + i % stride] (+=). A dense block passes its
// own per-scalar weights (stride >= n); an embedding block whose row length is a
// multiple of kLanes passes its per-column weights with stride = columns, so that
// every row of the tile reads and accumulates into the same few; other embedding
// blocks pass their column weights repeated across the tile's rows (the caller
// sums the repeats). stride must be >= n or a multiple of kLanes, so that no lane
// block wraps.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace crbench::asmg {

// Largest tile the generator hands the kernels (its scratch sizing).
constexpr std::size_t kTile = 256;
// Coordinates per lane block: two SSE registers of floats.
constexpr std::size_t kLanes = 8;
// Largest hidden size the kernels support.
constexpr int kMaxHidden = 32;

inline std::size_t gru_meta_size(int hidden) {
  const auto h = static_cast<std::size_t>(hidden);
  return 4 * h + 3 * h * h + 1;
}

struct GruIndex {
  std::size_t h;
  std::size_t uz(std::size_t a) const { return a; }
  std::size_t ur(std::size_t a) const { return h + a; }
  std::size_t ug(std::size_t a) const { return 2 * h + a; }
  std::size_t wz(std::size_t b, std::size_t a) const { return 3 * h + b * h + a; }
  std::size_t wr(std::size_t b, std::size_t a) const { return 3 * h + h * h + b * h + a; }
  std::size_t wg(std::size_t b, std::size_t a) const { return 3 * h + 2 * h * h + b * h + a; }
  std::size_t wy(std::size_t a) const { return 3 * h + 3 * h * h + a; }
  std::size_t by() const { return 4 * h + 3 * h * h; }
};

// What a forward pass keeps for the backward pass, per lane block: the states
// h_0..h_L and the gates z, r, g of every step. Its layout is the kernels' own;
// callers only size it (in scalars, for n coordinates and a window of L).
inline std::size_t gru_cache_size(int hidden, int length, std::size_t n) {
  const std::size_t blocks = (n + kLanes - 1) / kLanes;
  return blocks * (4 * static_cast<std::size_t>(length) + 1) * static_cast<std::size_t>(hidden) *
         kLanes;
}

namespace detail {

template <typename T>
using Lanes = Eigen::Array<T, static_cast<int>(kLanes), 1>;

template <typename T>
inline Lanes<T> load(const T* p) {
  return Eigen::Map<const Lanes<T>>(p);
}
template <typename T>
inline void store(T* p, const Lanes<T>& v) {
  Eigen::Map<Lanes<T>> out(p);
  out = v;
}
// sigma(v) = (1 + tanh(v / 2)) / 2: Eigen's vectorised tanh is cheaper than an
// exp and a division.
template <typename T>
inline Lanes<T> sigmoid(const Lanes<T>& v) {
  return T(0.5) + T(0.5) * (T(0.5) * v).tanh();
}

// Where a lane block's inputs and outputs live: coordinate i of the block is at
// offset i0 + i of every array; state unit a at a * state_stride.
template <typename T>
struct BlockArgs {
  int length;
  const T* const* xs;
  const T* h0;  // nullptr: zero state
  const T* weights;
  std::size_t stride;
  std::size_t state_stride;
  std::size_t i0;
};

// The cache of one lane block: [h_0..h_L][z][r][g], each [step][unit][lane].
struct BlockLayout {
  std::size_t H;
  std::size_t L;
  std::size_t h(std::size_t j, std::size_t a) const { return (j * H + a) * kLanes; }
  std::size_t z(std::size_t j, std::size_t a) const { return ((L + 1) * H + j * H + a) * kLanes; }
  std::size_t r(std::size_t j, std::size_t a) const {
    return ((2 * L + 1) * H + j * H + a) * kLanes;
  }
  std::size_t g(std::size_t j, std::size_t a) const {
    return ((3 * L + 1) * H + j * H + a) * kLanes;
  }
  std::size_t size() const { return (4 * L + 1) * H * kLanes; }
};

// The loops over hidden units are short (H = 4): unrolled, the weight offsets
// become constants and the unit arrays stay in registers.
#define CRBENCH_UNROLL_UNITS _Pragma("GCC unroll 8")

template <typename T, int kH>
struct GruBlock {
  using V = Lanes<T>;
  static constexpr int kCap = kH > 0 ? kH : kMaxHidden;

  // ys[j] (nullptr: not wanted) and h_final (nullptr: not wanted) at the block's
  // offset; cache (nullptr: none kept) is the block's own.
  [[gnu::flatten]] static void forward(int hidden, const BlockArgs<T>& in, T* const* ys, T* h_final,
                                       T* cache) {
    const std::size_t H = kH > 0 ? static_cast<std::size_t>(kH) : static_cast<std::size_t>(hidden);
    const auto L = static_cast<std::size_t>(in.length);
    const GruIndex ix{H};
    const BlockLayout lay{H, L};
    const std::size_t w0 = in.i0 % in.stride;
    auto w = [&](std::size_t p) { return load(in.weights + p * in.stride + w0); };
    V h[kCap], z[kCap], r[kCap], g[kCap], rh[kCap];
    CRBENCH_UNROLL_UNITS
    for (std::size_t a = 0; a < H; ++a) {
      h[a] = in.h0 ? load(in.h0 + a * in.state_stride + in.i0) : V::Zero().eval();
    }
    for (std::size_t j = 0; j < L; ++j) {
      const V x = load(in.xs[j] + in.i0);
      if (cache) {
        CRBENCH_UNROLL_UNITS
        for (std::size_t a = 0; a < H; ++a) store(cache + lay.h(j, a), h[a]);
      }
      CRBENCH_UNROLL_UNITS
      for (std::size_t a = 0; a < H; ++a) {
        V zp = x * w(ix.uz(a));
        V rp = x * w(ix.ur(a));
        CRBENCH_UNROLL_UNITS
        for (std::size_t b = 0; b < H; ++b) {
          zp += h[b] * w(ix.wz(b, a));
          rp += h[b] * w(ix.wr(b, a));
        }
        z[a] = sigmoid<T>(zp);
        r[a] = sigmoid<T>(rp);
      }
      CRBENCH_UNROLL_UNITS
      for (std::size_t b = 0; b < H; ++b) rh[b] = r[b] * h[b];
      CRBENCH_UNROLL_UNITS
      for (std::size_t a = 0; a < H; ++a) {
        V gp = x * w(ix.ug(a));
        CRBENCH_UNROLL_UNITS
        for (std::size_t b = 0; b < H; ++b) gp += rh[b] * w(ix.wg(b, a));
        g[a] = gp.tanh();
      }
      CRBENCH_UNROLL_UNITS
      for (std::size_t a = 0; a < H; ++a) h[a] += z[a] * (g[a] - h[a]);
      if (cache) {
        CRBENCH_UNROLL_UNITS
        for (std::size_t a = 0; a < H; ++a) {
          store(cache + lay.z(j, a), z[a]);
          store(cache + lay.r(j, a), r[a]);
          store(cache + lay.g(j, a), g[a]);
        }
      }
      if (ys[j]) {
        V y = w(ix.by());
        CRBENCH_UNROLL_UNITS
        for (std::size_t a = 0; a < H; ++a) y += h[a] * w(ix.wy(a));
        store(ys[j] + in.i0, y);
      }
    }
    if (cache) {
      CRBENCH_UNROLL_UNITS
      for (std::size_t a = 0; a < H; ++a) store(cache + lay.h(L, a), h[a]);
    }
    if (h_final) {
      CRBENCH_UNROLL_UNITS
      for (std::size_t a = 0; a < H; ++a) store(h_final + a * in.state_stride + in.i0, h[a]);
    }
  }

  // Truncated BPTT over the window from the block's cache; dys[j] (nullptr: step
  // j has no loss) at the block's offset. Two phases: the gate gradients of every
  // step (kept in `deltas`, 4 L H lanes), then each meta weight's gradient summed
  // over the steps in registers and added to grads once.
  [[gnu::flatten]] static void backward(int hidden, const BlockArgs<T>& in, const T* const* dys,
                                        const T* cache, T* grads, T* deltas) {
    const std::size_t H = kH > 0 ? static_cast<std::size_t>(kH) : static_cast<std::size_t>(hidden);
    const auto L = static_cast<std::size_t>(in.length);
    const GruIndex ix{H};
    const BlockLayout lay{H, L};
    const std::size_t w0 = in.i0 % in.stride;
    auto w = [&](std::size_t p) { return load(in.weights + p * in.stride + w0); };
    auto c = [&](std::size_t off) { return load(cache + off); };
    // deltas: dz, dr, dg and r*h of step j, unit a.
    auto dz_at = [&](std::size_t j, std::size_t a) { return deltas + (j * H + a) * kLanes; };
    auto dr_at = [&](std::size_t j, std::size_t a) { return deltas + ((L + j) * H + a) * kLanes; };
    auto dg_at = [&](std::size_t j, std::size_t a) {
      return deltas + ((2 * L + j) * H + a) * kLanes;
    };
    auto rh_at = [&](std::size_t j, std::size_t a) {
      return deltas + ((3 * L + j) * H + a) * kLanes;
    };
    V dh[kCap], dhp[kCap], dz[kCap], dr[kCap], dg[kCap], h[kCap], r[kCap];
    CRBENCH_UNROLL_UNITS
    for (std::size_t a = 0; a < H; ++a) dh[a].setZero();
    for (std::size_t jj = L; jj-- > 0;) {
      if (dys[jj]) {
        const V dy = load(dys[jj] + in.i0);
        CRBENCH_UNROLL_UNITS
        for (std::size_t a = 0; a < H; ++a) dh[a] += dy * w(ix.wy(a));
      }
      CRBENCH_UNROLL_UNITS
      for (std::size_t a = 0; a < H; ++a) {
        h[a] = c(lay.h(jj, a));
        r[a] = c(lay.r(jj, a));
        const V za = c(lay.z(jj, a));
        const V ga = c(lay.g(jj, a));
        // h' = h + z (g - h).
        dz[a] = dh[a] * (ga - h[a]) * za * (T(1) - za);
        dg[a] = dh[a] * za * (T(1) - ga * ga);
        dhp[a] = dh[a] * (T(1) - za);
        store(dz_at(jj, a), dz[a]);
        store(dg_at(jj, a), dg[a]);
        store(rh_at(jj, a), (r[a] * h[a]).eval());
      }
      CRBENCH_UNROLL_UNITS
      for (std::size_t b = 0; b < H; ++b) {
        // g = tanh(x u_g + (r h) W_g): d(rh)_b = sum_a dg_a W_g[b][a].
        V drh = dg[0] * w(ix.wg(b, 0));
        CRBENCH_UNROLL_UNITS
        for (std::size_t a = 1; a < H; ++a) drh += dg[a] * w(ix.wg(b, a));
        dr[b] = drh * h[b] * r[b] * (T(1) - r[b]);
        store(dr_at(jj, b), dr[b]);
        dhp[b] += drh * r[b];
      }
      CRBENCH_UNROLL_UNITS
      for (std::size_t b = 0; b < H; ++b) {
        // z = sigma(x u_z + h W_z), r = sigma(x u_r + h W_r).
        V acc = dhp[b];
        CRBENCH_UNROLL_UNITS
        for (std::size_t a = 0; a < H; ++a) {
          acc += dz[a] * w(ix.wz(b, a)) + dr[a] * w(ix.wr(b, a));
        }
        dh[b] = acc;
      }
    }
    // Weight gradients, each summed over the window's steps.
    auto add = [&](std::size_t p, const V& v) {
      T* dst = grads + p * in.stride + w0;
      store(dst, (load(dst) + v).eval());
    };
    V gby = V::Zero();
    V gwy[kCap];
    CRBENCH_UNROLL_UNITS
    for (std::size_t a = 0; a < H; ++a) gwy[a].setZero();
    for (std::size_t j = 0; j < L; ++j) {
      if (!dys[j]) continue;
      const V dy = load(dys[j] + in.i0);
      gby += dy;
      CRBENCH_UNROLL_UNITS
      for (std::size_t a = 0; a < H; ++a) gwy[a] += dy * c(lay.h(j + 1, a));
    }
    add(ix.by(), gby);
    CRBENCH_UNROLL_UNITS
    for (std::size_t a = 0; a < H; ++a) add(ix.wy(a), gwy[a]);
    CRBENCH_UNROLL_UNITS
    for (std::size_t a = 0; a < H; ++a) {
      V guz = V::Zero(), gur = V::Zero(), gug = V::Zero();
      for (std::size_t j = 0; j < L; ++j) {
        const V x = load(in.xs[j] + in.i0);
        guz += load(dz_at(j, a)) * x;
        gur += load(dr_at(j, a)) * x;
        gug += load(dg_at(j, a)) * x;
      }
      add(ix.uz(a), guz);
      add(ix.ur(a), gur);
      add(ix.ug(a), gug);
      CRBENCH_UNROLL_UNITS
      for (std::size_t b = 0; b < H; ++b) {
        V gwz = V::Zero(), gwr = V::Zero(), gwg = V::Zero();
        for (std::size_t j = 0; j < L; ++j) {
          const V hb = c(lay.h(j, b));
          gwz += load(dz_at(j, a)) * hb;
          gwr += load(dr_at(j, a)) * hb;
          gwg += load(dg_at(j, a)) * load(rh_at(j, b));
        }
        add(ix.wz(b, a), gwz);
        add(ix.wr(b, a), gwr);
        add(ix.wg(b, a), gwg);
      }
    }
  }
};

inline void check_stride(std::size_t n, std::size_t stride) {
  if (stride == 0 || (stride < n && stride % kLanes != 0)) {
    throw std::invalid_argument(
        "asmg GRU kernel: a weight stride below the tile size must be a "
        "multiple of the lane width");
  }
}

#undef CRBENCH_UNROLL_UNITS

// Per-thread scratch that only grows: no allocation in the steady state.
template <typename T>
T* scratch(std::vector<T>& buffer, std::size_t size) {
  if (buffer.size() < size) buffer.resize(size);
  return buffer.data();
}

// A tail of m < kLanes coordinates, copied into zero-padded lane-sized arrays so
// that the block kernels need no masks.
template <typename T>
struct PaddedTail {
  std::vector<T> x, h0, weights, ys;
  std::vector<const T*> x_ptrs;
  std::vector<T*> y_ptrs;
  BlockArgs<T> args;

  PaddedTail(int hidden, const BlockArgs<T>& in, std::size_t m, bool with_h0) {
    const auto L = static_cast<std::size_t>(in.length);
    const auto H = static_cast<std::size_t>(hidden);
    const std::size_t P = gru_meta_size(hidden);
    x.assign(L * kLanes, T(0));
    weights.assign(P * kLanes, T(0));
    ys.assign(L * kLanes, T(0));
    for (std::size_t j = 0; j < L; ++j) {
      std::memcpy(x.data() + j * kLanes, in.xs[j] + in.i0, m * sizeof(T));
      x_ptrs.push_back(x.data() + j * kLanes);
      y_ptrs.push_back(ys.data() + j * kLanes);
    }
    for (std::size_t p = 0; p < P; ++p) {
      std::memcpy(weights.data() + p * kLanes, in.weights + p * in.stride + in.i0 % in.stride,
                  m * sizeof(T));
    }
    if (with_h0) {
      h0.assign(H * kLanes, T(0));
      for (std::size_t a = 0; a < H; ++a) {
        std::memcpy(h0.data() + a * kLanes, in.h0 + a * in.state_stride + in.i0, m * sizeof(T));
      }
    }
    args = {in.length, x_ptrs.data(), with_h0 ? h0.data() : nullptr, weights.data(), kLanes, kLanes,
            0};
  }
};

template <typename T, int kH>
void forward_tile(int hidden, std::size_t n, const BlockArgs<T>& base, T* const* ys, T* cache,
                  T* h_final) {
  const auto L = static_cast<std::size_t>(base.length);
  const std::size_t block_cache = BlockLayout{static_cast<std::size_t>(hidden), L}.size();
  const std::size_t full = n / kLanes * kLanes;
  BlockArgs<T> in = base;
  for (std::size_t i0 = 0; i0 < full; i0 += kLanes) {
    in.i0 = i0;
    GruBlock<T, kH>::forward(hidden, in, ys, h_final,
                             cache ? cache + (i0 / kLanes) * block_cache : nullptr);
  }
  if (full == n) return;
  const std::size_t m = n - full;
  in.i0 = full;
  PaddedTail<T> tail(hidden, in, m, base.h0 != nullptr);
  std::vector<T*> tail_ys(L, nullptr);
  for (std::size_t j = 0; j < L; ++j) {
    if (ys[j]) tail_ys[j] = tail.y_ptrs[j];
  }
  const auto H = static_cast<std::size_t>(hidden);
  std::vector<T> tail_h(h_final ? H * kLanes : 0);
  GruBlock<T, kH>::forward(hidden, tail.args, tail_ys.data(), h_final ? tail_h.data() : nullptr,
                           cache ? cache + (full / kLanes) * block_cache : nullptr);
  for (std::size_t j = 0; j < L; ++j) {
    if (ys[j]) std::memcpy(ys[j] + full, tail_ys[j], m * sizeof(T));
  }
  if (h_final) {
    for (std::size_t a = 0; a < H; ++a) {
      std::memcpy(h_final + a * base.state_stride + full, tail_h.data() + a * kLanes,
                  m * sizeof(T));
    }
  }
}

template <typename T, int kH>
void backward_tile(int hidden, std::size_t n, const BlockArgs<T>& base, const T* const* dys,
                   const T* cache, T* grads) {
  const auto L = static_cast<std::size_t>(base.length);
  const auto H = static_cast<std::size_t>(hidden);
  const std::size_t block_cache = BlockLayout{H, L}.size();
  thread_local std::vector<T> delta_buffer;
  T* deltas = scratch(delta_buffer, 4 * L * H * kLanes);
  const std::size_t full = n / kLanes * kLanes;
  BlockArgs<T> in = base;
  for (std::size_t i0 = 0; i0 < full; i0 += kLanes) {
    in.i0 = i0;
    GruBlock<T, kH>::backward(hidden, in, dys, cache + (i0 / kLanes) * block_cache, grads, deltas);
  }
  if (full == n) return;
  const std::size_t m = n - full;
  in.i0 = full;
  PaddedTail<T> tail(hidden, in, m, false);
  std::vector<T> tail_dy(L * kLanes, T(0));
  std::vector<const T*> tail_dys(L, nullptr);
  for (std::size_t j = 0; j < L; ++j) {
    if (!dys[j]) continue;
    std::memcpy(tail_dy.data() + j * kLanes, dys[j] + full, m * sizeof(T));
    tail_dys[j] = tail_dy.data() + j * kLanes;
  }
  const std::size_t P = gru_meta_size(hidden);
  std::vector<T> tail_grads(P * kLanes, T(0));
  GruBlock<T, kH>::backward(hidden, tail.args, tail_dys.data(),
                            cache + (full / kLanes) * block_cache, tail_grads.data(), deltas);
  for (std::size_t p = 0; p < P; ++p) {
    T* dst = grads + p * base.stride + full % base.stride;
    for (std::size_t i = 0; i < m; ++i) dst[i] += tail_grads[p * kLanes + i];
  }
}

}  // namespace detail

// Runs the GRU over inputs xs[j][i] (j < L; input j of coordinate i at
// xs[j] + i), from h0 (H x n at stride n; nullptr = zero state). When ys[j] is not
// null, writes the read-out of step j to ys[j][i]; when h_final is not null, the
// state after the last step (H x n at stride n). With a cache
// (gru_cache_size(hidden, length, n) scalars), keeps what gru_backward needs.
template <typename T>
void gru_forward(int hidden, std::size_t n, int length, const T* const* xs, const T* h0,
                 const T* weights, std::size_t stride, T* const* ys, T* cache,
                 T* h_final = nullptr) {
  detail::check_stride(n, stride);
  const detail::BlockArgs<T> args{length, xs, h0, weights, stride, n, 0};
  if (hidden == 4) {
    detail::forward_tile<T, 4>(hidden, n, args, ys, cache, h_final);
  } else {
    detail::forward_tile<T, 0>(hidden, n, args, ys, cache, h_final);
  }
}

// Truncated BPTT over the window (the initial state is a constant: zero, or the
// carried state), from the cache of gru_forward over the same inputs and
// weights: dys[j][i] = dLoss/dy_j (nullptr: step j has no loss). Adds
// dLoss/dweights to grads (same stride as the weights).
template <typename T>
void gru_backward(int hidden, std::size_t n, int length, const T* const* xs, const T* weights,
                  std::size_t stride, const T* const* dys, const T* cache, T* grads) {
  detail::check_stride(n, stride);
  const detail::BlockArgs<T> args{length, xs, nullptr, weights, stride, n, 0};
  if (hidden == 4) {
    detail::backward_tile<T, 4>(hidden, n, args, dys, cache, grads);
  } else {
    detail::backward_tile<T, 0>(hidden, n, args, dys, cache, grads);
  }
}

}  // namespace crbench::asmg
