// The block kernels of ASMG's coordinate-wise GRU (Peng et al., RecSys 2021),
// written once over GCC vector types and compiled once per SIMD level: each
// gru_kernels_<level>.cpp defines CRBENCH_GRU_LEVEL (its namespace) and
// CRBENCH_GRU_LANES (its vector width) and includes this file, with that
// level's -m flags. Everything here has internal linkage and uses nothing from
// the standard library, so the linker cannot merge code compiled for a wide
// level into a narrower one.
//
// Why the levels agree bit for bit: every lane runs the same IEEE operations
// in the same order (the build passes -ffp-contract=off, so no multiply-add is
// fused; no level uses an approximate reciprocal), lanes never mix (each
// coordinate is independent), and a meta weight shared by several coordinates
// (an embedding column) receives one addition per lane block, in coordinate
// order, whatever the width. The float tanh is Eigen 3.4's rational
// approximation (generic_fast_tanh_float without FMA) operation for operation,
// so the results equal those of the Eigen kernels these replaced; the double
// instantiation (gradient checks) uses the exact tanh.
//
// Per coordinate (input size 1, hidden size H, no gate biases):
//   z = sigma(x u_z + h W_z), r = sigma(x u_r + h W_r),
//   g = tanh(x u_g + (r * h) W_g), h' = (1 - z) h + z g, y = h' w_y + b_y,
// with sigma(v) = (1 + tanh(v / 2)) / 2. Meta weights of one coordinate, in this
// order (4H + 3H^2 + 1 = 65 at H = 4): u_z[a], u_r[a], u_g[a] (a < H),
// W_z[b][a], W_r[b][a], W_g[b][a] (b, a < H), w_y[a], b_y.
//
// No include guard on purpose: one inclusion per translation unit.
// NOLINTBEGIN(llvm-header-guard)
#include <cstddef>
#include <cstdint>

#include "methods/asmg/gru_tile.hpp"

#ifndef CRBENCH_GRU_LEVEL
#error "define CRBENCH_GRU_LEVEL and CRBENCH_GRU_LANES before including gru_kernels.hpp"
#endif

// Vectors wider than the level's registers are passed by value only between
// internal functions of this translation unit: the ABI note does not apply.
// (Not popped: GCC reports it at the end of the translation unit.)
#pragma GCC diagnostic ignored "-Wpsabi"

namespace crbench::asmg::CRBENCH_GRU_LEVEL {
namespace {

using std::size_t;

static_assert(kLanes % CRBENCH_GRU_LANES == 0 && kLaneGroup % CRBENCH_GRU_LANES == 0,
              "a level's lane blocks must tile kLanes and the dense lane groups");

template <class Scalar, size_t W>
struct Lanes {
  using T = Scalar;
  typedef T V __attribute__((vector_size(sizeof(T) * W)));
  static constexpr size_t kW = W;
  static V load(const T* p) {
    V v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
  }
  static void store(T* p, V v) { __builtin_memcpy(p, &v, sizeof v); }
  static V splat(T s) {
    V v;
    for (size_t i = 0; i < W; ++i) v[i] = s;
    return v;
  }
  static V tanh(V a);
};

// Eigen 3.4's generic_fast_tanh_float as its SSE2 packets evaluate it: clamp
// to +-7.90531110763549805 (pmin/pmax return the first argument on NaN),
// |x| < 4e-4 returns x, else a 13/6 odd/even rational function with every
// multiply-add a multiply then an add, and an IEEE division. Bounded error
// (tested against std::tanh in asmg_tanh_test).
using F = Lanes<float, CRBENCH_GRU_LANES>;

// x < y ? x : y and x > y ? x : y, y when either is NaN: the semantics of the
// x86 minps / maxps instructions, which compute them in one operation (the
// generic form is a compare and a blend).
inline F::V min_first(F::V x, F::V y) {
#if CRBENCH_GRU_LANES == 8 && defined(__AVX__)
  return __builtin_ia32_minps256(x, y);
#elif CRBENCH_GRU_LANES == 4 && defined(__SSE__)
  return __builtin_ia32_minps(x, y);
#else
  return x < y ? x : y;
#endif
}
inline F::V max_first(F::V x, F::V y) {
#if CRBENCH_GRU_LANES == 8 && defined(__AVX__)
  return __builtin_ia32_maxps256(x, y);
#elif CRBENCH_GRU_LANES == 4 && defined(__SSE__)
  return __builtin_ia32_maxps(x, y);
#else
  return x > y ? x : y;
#endif
}

template <>
inline F::V F::tanh(V a) {
  using IV = std::int32_t __attribute__((vector_size(sizeof(V))));
  // Eigen's pmin(a, c) is minps(c, a), pmax(x, -c) maxps(-c, x): NaN passes.
  V x = min_first(splat(7.90531110763549805f), a);
  x = max_first(splat(-7.90531110763549805f), x);
  const V magnitude = reinterpret_cast<V>(reinterpret_cast<IV>(a) & 0x7fffffff);
  const auto tiny = magnitude < 0.0004f;
  const V x2 = x * x;
  V p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
  p = x2 * p + -8.60467152213735e-11f;
  p = x2 * p + 5.12229709037114e-08f;
  p = x2 * p + 1.48572235717979e-05f;
  p = x2 * p + 6.37261928875436e-04f;
  p = x2 * p + 4.89352455891786e-03f;
  p = x * p;
  V q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
  q = x2 * q + 2.26843463243900e-03f;
  q = x2 * q + 4.89352518554385e-03f;
  const V ratio = p / q;
  return tiny ? x : ratio;
}

template <>
inline Lanes<double, CRBENCH_GRU_LANES>::V Lanes<double, CRBENCH_GRU_LANES>::tanh(V a) {
  V out;
  for (size_t i = 0; i < CRBENCH_GRU_LANES; ++i) out[i] = __builtin_tanh(a[i]);
  return out;
}

template <class O>
inline typename O::V sigmoid(typename O::V v) {
  using T = typename O::T;
  return T(0.5) + T(0.5) * O::tanh(T(0.5) * v);
}

// One lane block: coordinate l of the block is at offset i0 + l of xs[j], ys[j],
// dys[j], and of h0 / h_final rows (unit a at a * state_stride); its meta
// weight p is the vector at w + p * ps (gradient at g + p * ps).
template <class T>
struct BlockIo {
  int length;
  const T* const* xs;
  const T* h0;  // nullptr: zero state
  size_t state_stride;
  size_t i0;
  const T* w;
  size_t ps;
};

// The cache of one lane block of width kW: [h_0..h_L][z][r][g], each
// [step][unit][lane].
struct BlockLayout {
  size_t H, L, W;
  size_t h(size_t j, size_t a) const { return (j * H + a) * W; }
  size_t z(size_t j, size_t a) const { return ((L + 1) * H + j * H + a) * W; }
  size_t r(size_t j, size_t a) const { return ((2 * L + 1) * H + j * H + a) * W; }
  size_t g(size_t j, size_t a) const { return ((3 * L + 1) * H + j * H + a) * W; }
  size_t size() const { return (4 * L + 1) * H * W; }
};

// The loops over hidden units are short (H = 4): unrolled, the weight offsets
// become constants and the unit vectors stay in registers.
#define CRBENCH_UNROLL_UNITS _Pragma("GCC unroll 8")
#define CRBENCH_UNROLL_STEPS _Pragma("GCC unroll 4")

// kH, kL: the hidden size and window length when they are compile-time
// constants (the reference H = 4 with the k = 3 window and its prefixes, so
// that every offset is a constant and a step's values stay in registers), else
// 0 (read at run time).
template <class O, int kH, int kL>
struct GruBlock {
  using T = typename O::T;
  using V = typename O::V;
  static constexpr size_t kW = O::kW;
  static constexpr int kCap = kH > 0 ? kH : kMaxHidden;

  [[gnu::flatten]] static void forward(int hidden, const BlockIo<T>& in, T* const* ys, T* h_final,
                                       T* cache) {
    const size_t H = kH > 0 ? static_cast<size_t>(kH) : static_cast<size_t>(hidden);
    const size_t L = kL > 0 ? static_cast<size_t>(kL) : static_cast<size_t>(in.length);
    const GruIndex ix{H};
    const BlockLayout lay{H, L, kW};
    auto w = [&](size_t p) { return O::load(in.w + p * in.ps); };
    V h[kCap], z[kCap], r[kCap], g[kCap], rh[kCap];
    CRBENCH_UNROLL_UNITS
    for (size_t a = 0; a < H; ++a)
      h[a] = in.h0 ? O::load(in.h0 + a * in.state_stride + in.i0) : V{};
    CRBENCH_UNROLL_STEPS
    for (size_t j = 0; j < L; ++j) {
      const V x = O::load(in.xs[j] + in.i0);
      if (cache) {
        CRBENCH_UNROLL_UNITS
        for (size_t a = 0; a < H; ++a) O::store(cache + lay.h(j, a), h[a]);
      }
      CRBENCH_UNROLL_UNITS
      for (size_t a = 0; a < H; ++a) {
        V zp = x * w(ix.uz(a));
        V rp = x * w(ix.ur(a));
        CRBENCH_UNROLL_UNITS
        for (size_t b = 0; b < H; ++b) {
          zp += h[b] * w(ix.wz(b, a));
          rp += h[b] * w(ix.wr(b, a));
        }
        z[a] = sigmoid<O>(zp);
        r[a] = sigmoid<O>(rp);
      }
      CRBENCH_UNROLL_UNITS
      for (size_t b = 0; b < H; ++b) rh[b] = r[b] * h[b];
      CRBENCH_UNROLL_UNITS
      for (size_t a = 0; a < H; ++a) {
        V gp = x * w(ix.ug(a));
        CRBENCH_UNROLL_UNITS
        for (size_t b = 0; b < H; ++b) gp += rh[b] * w(ix.wg(b, a));
        g[a] = O::tanh(gp);
      }
      CRBENCH_UNROLL_UNITS
      for (size_t a = 0; a < H; ++a) h[a] += z[a] * (g[a] - h[a]);
      if (cache) {
        CRBENCH_UNROLL_UNITS
        for (size_t a = 0; a < H; ++a) {
          O::store(cache + lay.z(j, a), z[a]);
          O::store(cache + lay.r(j, a), r[a]);
          O::store(cache + lay.g(j, a), g[a]);
        }
      }
      if (ys[j]) {
        V y = w(ix.by());
        CRBENCH_UNROLL_UNITS
        for (size_t a = 0; a < H; ++a) y += h[a] * w(ix.wy(a));
        O::store(ys[j] + in.i0, y);
      }
    }
    if (cache) {
      CRBENCH_UNROLL_UNITS
      for (size_t a = 0; a < H; ++a) O::store(cache + lay.h(L, a), h[a]);
    }
    if (h_final) {
      CRBENCH_UNROLL_UNITS
      for (size_t a = 0; a < H; ++a) O::store(h_final + a * in.state_stride + in.i0, h[a]);
    }
  }

  // Truncated BPTT over the window from the block's cache; dys[j] (nullptr: step
  // j has no loss) at the block's offset. Two phases: the gate gradients of every
  // step (kept in `deltas`, 4 L H lanes), then each meta weight's gradient summed
  // over the steps in registers and added to grads once.
  [[gnu::flatten]] static void backward(int hidden, const BlockIo<T>& in, const T* const* dys,
                                        const T* cache, T* grads, T* deltas) {
    const size_t H = kH > 0 ? static_cast<size_t>(kH) : static_cast<size_t>(hidden);
    const size_t L = kL > 0 ? static_cast<size_t>(kL) : static_cast<size_t>(in.length);
    const GruIndex ix{H};
    const BlockLayout lay{H, L, kW};
    auto w = [&](size_t p) { return O::load(in.w + p * in.ps); };
    auto c = [&](size_t off) { return O::load(cache + off); };
    // deltas: dz, dr, dg and r*h of step j, unit a.
    auto dz_at = [&](size_t j, size_t a) { return deltas + (j * H + a) * kW; };
    auto dr_at = [&](size_t j, size_t a) { return deltas + ((L + j) * H + a) * kW; };
    auto dg_at = [&](size_t j, size_t a) { return deltas + ((2 * L + j) * H + a) * kW; };
    auto rh_at = [&](size_t j, size_t a) { return deltas + ((3 * L + j) * H + a) * kW; };
    V dh[kCap], dhp[kCap], dz[kCap], dr[kCap], dg[kCap], h[kCap], r[kCap];
    CRBENCH_UNROLL_UNITS
    for (size_t a = 0; a < H; ++a) dh[a] = V{};
    CRBENCH_UNROLL_STEPS
    for (size_t back = 0; back < L; ++back) {
      const size_t jj = L - 1 - back;
      if (dys[jj]) {
        const V dy = O::load(dys[jj] + in.i0);
        CRBENCH_UNROLL_UNITS
        for (size_t a = 0; a < H; ++a) dh[a] += dy * w(ix.wy(a));
      }
      CRBENCH_UNROLL_UNITS
      for (size_t a = 0; a < H; ++a) {
        h[a] = c(lay.h(jj, a));
        r[a] = c(lay.r(jj, a));
        const V za = c(lay.z(jj, a));
        const V ga = c(lay.g(jj, a));
        // h' = h + z (g - h).
        dz[a] = dh[a] * (ga - h[a]) * za * (T(1) - za);
        dg[a] = dh[a] * za * (T(1) - ga * ga);
        dhp[a] = dh[a] * (T(1) - za);
        O::store(dz_at(jj, a), dz[a]);
        O::store(dg_at(jj, a), dg[a]);
        O::store(rh_at(jj, a), r[a] * h[a]);
      }
      CRBENCH_UNROLL_UNITS
      for (size_t b = 0; b < H; ++b) {
        // g = tanh(x u_g + (r h) W_g): d(rh)_b = sum_a dg_a W_g[b][a].
        V drh = dg[0] * w(ix.wg(b, 0));
        CRBENCH_UNROLL_UNITS
        for (size_t a = 1; a < H; ++a) drh += dg[a] * w(ix.wg(b, a));
        dr[b] = drh * h[b] * r[b] * (T(1) - r[b]);
        O::store(dr_at(jj, b), dr[b]);
        dhp[b] += drh * r[b];
      }
      CRBENCH_UNROLL_UNITS
      for (size_t b = 0; b < H; ++b) {
        // z = sigma(x u_z + h W_z), r = sigma(x u_r + h W_r).
        V acc = dhp[b];
        CRBENCH_UNROLL_UNITS
        for (size_t a = 0; a < H; ++a) acc += dz[a] * w(ix.wz(b, a)) + dr[a] * w(ix.wr(b, a));
        dh[b] = acc;
      }
    }
    // Weight gradients, each summed over the window's steps, added once.
    auto add = [&](size_t p, V v) {
      T* dst = grads + p * in.ps;
      O::store(dst, O::load(dst) + v);
    };
    V gby = V{};
    V gwy[kCap];
    CRBENCH_UNROLL_UNITS
    for (size_t a = 0; a < H; ++a) gwy[a] = V{};
    CRBENCH_UNROLL_STEPS
    for (size_t j = 0; j < L; ++j) {
      if (!dys[j]) continue;
      const V dy = O::load(dys[j] + in.i0);
      gby += dy;
      CRBENCH_UNROLL_UNITS
      for (size_t a = 0; a < H; ++a) gwy[a] += dy * c(lay.h(j + 1, a));
    }
    add(ix.by(), gby);
    CRBENCH_UNROLL_UNITS
    for (size_t a = 0; a < H; ++a) add(ix.wy(a), gwy[a]);
    if constexpr (kL > 0) {
      // The window's inputs and each unit's gate gradients in registers, read
      // once rather than once per (unit, unit) pair.
      V x[kL];
      CRBENCH_UNROLL_STEPS
      for (size_t j = 0; j < L; ++j) x[j] = O::load(in.xs[j] + in.i0);
      CRBENCH_UNROLL_UNITS
      for (size_t a = 0; a < H; ++a) {
        V dza[kL], dra[kL], dga[kL];
        V guz = V{}, gur = V{}, gug = V{};
        CRBENCH_UNROLL_STEPS
        for (size_t j = 0; j < L; ++j) {
          dza[j] = O::load(dz_at(j, a));
          dra[j] = O::load(dr_at(j, a));
          dga[j] = O::load(dg_at(j, a));
          guz += dza[j] * x[j];
          gur += dra[j] * x[j];
          gug += dga[j] * x[j];
        }
        add(ix.uz(a), guz);
        add(ix.ur(a), gur);
        add(ix.ug(a), gug);
        CRBENCH_UNROLL_UNITS
        for (size_t b = 0; b < H; ++b) {
          V gwz = V{}, gwr = V{}, gwg = V{};
          CRBENCH_UNROLL_STEPS
          for (size_t j = 0; j < L; ++j) {
            const V hb = c(lay.h(j, b));
            gwz += dza[j] * hb;
            gwr += dra[j] * hb;
            gwg += dga[j] * O::load(rh_at(j, b));
          }
          add(ix.wz(b, a), gwz);
          add(ix.wr(b, a), gwr);
          add(ix.wg(b, a), gwg);
        }
      }
    } else {
      CRBENCH_UNROLL_UNITS
      for (size_t a = 0; a < H; ++a) {
        V guz = V{}, gur = V{}, gug = V{};
        for (size_t j = 0; j < L; ++j) {
          const V x = O::load(in.xs[j] + in.i0);
          guz += O::load(dz_at(j, a)) * x;
          gur += O::load(dr_at(j, a)) * x;
          gug += O::load(dg_at(j, a)) * x;
        }
        add(ix.uz(a), guz);
        add(ix.ur(a), gur);
        add(ix.ug(a), gug);
        CRBENCH_UNROLL_UNITS
        for (size_t b = 0; b < H; ++b) {
          V gwz = V{}, gwr = V{}, gwg = V{};
          for (size_t j = 0; j < L; ++j) {
            const V hb = c(lay.h(j, b));
            gwz += O::load(dz_at(j, a)) * hb;
            gwr += O::load(dr_at(j, a)) * hb;
            gwg += O::load(dg_at(j, a)) * O::load(rh_at(j, b));
          }
          add(ix.wz(b, a), gwz);
          add(ix.wr(b, a), gwr);
          add(ix.wg(b, a), gwg);
        }
      }
    }
  }
};

#undef CRBENCH_UNROLL_STEPS
#undef CRBENCH_UNROLL_UNITS

// Where the weights of the lane block at tile coordinate i0 are, when its W
// coordinates are one contiguous run of the layout (else false: a tail). Its
// gradients sit at the same offset from grads.
template <class T>
bool place_block(const GruTile<T>& t, size_t i0, size_t width, size_t P, size_t* offset,
                 size_t* ps) {
  if (i0 + width > t.n) return false;
  if (t.layout.kind == WeightLayout::Kind::columns) {
    const size_t s = t.layout.stride;
    *offset = i0 % s;
    *ps = s;
    return *offset + width <= s;
  }
  const size_t g = i0 - i0 % kLaneGroup;
  const size_t group = t.n - g < kLaneGroup ? t.n - g : kLaneGroup;
  *offset = g * P + (i0 - g);
  *ps = group;
  return i0 - g + width <= group;
}

// Offset of meta weight p of tile coordinate i (any coordinate).
template <class T>
size_t weight_offset(const GruTile<T>& t, size_t i, size_t p, size_t P) {
  if (t.layout.kind == WeightLayout::Kind::columns) {
    return p * t.layout.stride + i % t.layout.stride;
  }
  const size_t g = i - i % kLaneGroup;
  const size_t group = t.n - g < kLaneGroup ? t.n - g : kLaneGroup;
  return g * P + p * group + (i - g);
}

// A tail of m < kW coordinates, copied into the zero-padded scratch so that the
// block kernels need no masks.
template <class O>
BlockIo<typename O::T> pad_tail(const GruTile<typename O::T>& t, size_t i0, size_t m,
                                bool with_h0) {
  using T = typename O::T;
  constexpr size_t W = O::kW;
  const auto L = static_cast<size_t>(t.length);
  const auto H = static_cast<size_t>(t.hidden);
  const size_t P = gru_meta_size(t.hidden);
  const GruScratch<T>& s = t.scratch;
  for (size_t k = 0; k < L * W; ++k) s.x[k] = T(0);
  for (size_t k = 0; k < P * W; ++k) s.weights[k] = T(0);
  for (size_t k = 0; k < 2 * H * W; ++k) s.h[k] = T(0);
  for (size_t j = 0; j < L; ++j) {
    for (size_t l = 0; l < m; ++l) s.x[j * W + l] = t.xs[j][i0 + l];
    s.xs[j] = s.x + j * W;
  }
  for (size_t p = 0; p < P; ++p) {
    for (size_t l = 0; l < m; ++l) s.weights[p * W + l] = t.weights[weight_offset(t, i0 + l, p, P)];
  }
  if (with_h0) {
    for (size_t a = 0; a < H; ++a) {
      for (size_t l = 0; l < m; ++l) s.h[a * W + l] = t.h0[a * t.n + i0 + l];
    }
  }
  return BlockIo<T>{t.length, s.xs, with_h0 ? s.h : nullptr, W, 0, s.weights, W};
}

// Runs block(in, cache) over the tile's whole lane blocks, in coordinate order
// (cache: the block's part of a tile cache, from cache_base); returns where the
// tail of fewer than W coordinates starts.
template <class O, class Cache, class Block>
size_t for_each_block(const GruTile<typename O::T>& t, const typename O::T* h0, Cache* cache_base,
                      Block block) {
  constexpr size_t W = O::kW;
  const size_t P = gru_meta_size(t.hidden);
  const size_t block_cache =
      BlockLayout{static_cast<size_t>(t.hidden), static_cast<size_t>(t.length), W}.size();
  BlockIo<typename O::T> in{t.length, t.xs, h0, t.n, 0, nullptr, 0};
  size_t i0 = 0;
  size_t offset = 0;
  for (; place_block(t, i0, W, P, &offset, &in.ps); i0 += W) {
    in.i0 = i0;
    in.w = t.weights + offset;
    block(in, offset, cache_base ? cache_base + (i0 / W) * block_cache : nullptr);
  }
  return i0;
}

template <class O, int kH, int kL>
void forward_tile(const GruTile<typename O::T>& t) {
  using T = typename O::T;
  constexpr size_t W = O::kW;
  const auto L = static_cast<size_t>(t.length);
  const auto H = static_cast<size_t>(t.hidden);
  const size_t block_cache = BlockLayout{H, L, W}.size();
  const size_t i0 =
      for_each_block<O>(t, t.h0, t.cache, [&](const BlockIo<T>& in, size_t, T* cache) {
        GruBlock<O, kH, kL>::forward(t.hidden, in, t.ys, t.h_final, cache);
      });
  if (i0 == t.n) return;
  const size_t m = t.n - i0;
  const GruScratch<T>& s = t.scratch;
  BlockIo<T> tail = pad_tail<O>(t, i0, m, t.h0 != nullptr);
  for (size_t j = 0; j < L; ++j) s.ys[j] = t.ys[j] ? s.y + j * W : nullptr;
  T* tail_h = t.h_final ? s.h + H * W : nullptr;
  GruBlock<O, kH, kL>::forward(t.hidden, tail, s.ys, tail_h,
                               t.cache ? t.cache + (i0 / W) * block_cache : nullptr);
  for (size_t j = 0; j < L; ++j) {
    if (!t.ys[j]) continue;
    for (size_t l = 0; l < m; ++l) t.ys[j][i0 + l] = s.y[j * W + l];
  }
  if (t.h_final) {
    for (size_t a = 0; a < H; ++a) {
      for (size_t l = 0; l < m; ++l) t.h_final[a * t.n + i0 + l] = tail_h[a * W + l];
    }
  }
}

template <class O, int kH, int kL>
void backward_tile(const GruTile<typename O::T>& t) {
  using T = typename O::T;
  constexpr size_t W = O::kW;
  const auto L = static_cast<size_t>(t.length);
  const size_t P = gru_meta_size(t.hidden);
  const size_t block_cache = BlockLayout{static_cast<size_t>(t.hidden), L, W}.size();
  const GruScratch<T>& s = t.scratch;
  // The block's gradients sit at the same offset from grads as its weights.
  const size_t i0 = for_each_block<O>(
      t, nullptr, t.cache_in, [&](const BlockIo<T>& in, size_t offset, const T* block_cache_in) {
        GruBlock<O, kH, kL>::backward(t.hidden, in, t.dys, block_cache_in, t.grads + offset,
                                      s.deltas);
      });
  if (i0 == t.n) return;
  const size_t m = t.n - i0;
  BlockIo<T> tail = pad_tail<O>(t, i0, m, false);
  for (size_t j = 0; j < L; ++j) {
    s.dys[j] = nullptr;
    if (!t.dys[j]) continue;
    for (size_t l = 0; l < W; ++l) s.y[j * W + l] = l < m ? t.dys[j][i0 + l] : T(0);
    s.dys[j] = s.y + j * W;
  }
  for (size_t k = 0; k < P * W; ++k) s.grads[k] = T(0);
  GruBlock<O, kH, kL>::backward(t.hidden, tail, s.dys, t.cache_in + (i0 / W) * block_cache, s.grads,
                                s.deltas);
  for (size_t p = 0; p < P; ++p) {
    for (size_t l = 0; l < m; ++l) t.grads[weight_offset(t, i0 + l, p, P)] += s.grads[p * W + l];
  }
}

// The float tanh over n values (any n), for its accuracy test.
template <class O>
void tanh_values(const float* in, float* out, size_t n) {
  constexpr size_t W = O::kW;
  size_t i = 0;
  for (; i + W <= n; i += W) O::store(out + i, O::tanh(O::load(in + i)));
  if (i == n) return;
  float pad[W] = {};
  for (size_t l = 0; l < n - i; ++l) pad[l] = in[i + l];
  O::store(pad, O::tanh(O::load(pad)));
  for (size_t l = 0; l < n - i; ++l) out[i + l] = pad[l];
}

// The reference shape (H = 4, windows of 1 to 3) with constant sizes, the
// rest at run time.
template <class O, template <class, int, int> class Tile>
void dispatch(const GruTile<typename O::T>& t) {
  if (t.hidden != 4) return Tile<O, 0, 0>::run(t);
  switch (t.length) {
    case 1:
      return Tile<O, 4, 1>::run(t);
    case 2:
      return Tile<O, 4, 2>::run(t);
    case 3:
      return Tile<O, 4, 3>::run(t);
    default:
      return Tile<O, 4, 0>::run(t);
  }
}

template <class O, int kH, int kL>
struct ForwardTile {
  static void run(const GruTile<typename O::T>& t) { forward_tile<O, kH, kL>(t); }
};
template <class O, int kH, int kL>
struct BackwardTile {
  static void run(const GruTile<typename O::T>& t) { backward_tile<O, kH, kL>(t); }
};

template <class O>
void forward(const GruTile<typename O::T>& t) {
  dispatch<O, ForwardTile>(t);
}

template <class O>
void backward(const GruTile<typename O::T>& t) {
  dispatch<O, BackwardTile>(t);
}

}  // namespace
}  // namespace crbench::asmg::CRBENCH_GRU_LEVEL

// NOLINTEND(llvm-header-guard)
