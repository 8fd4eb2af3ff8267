// The coordinate-wise GRU of ASMG's meta generator (METHODS.md section 5), as
// kernels over a tile of coordinates in structure-of-arrays form: every quantity
// (input, hidden unit a, each meta weight) is a contiguous array over the tile's
// coordinates, so every loop runs over coordinates innermost and vectorises.
// Templated on the scalar so that the gradient tests can run it in double.
//
// Per coordinate (input size 1, hidden size H, no gate biases):
//   z = sigma(x u_z + h W_z), r = sigma(x u_r + h W_r),
//   g = tanh(x u_g + (r * h) W_g), h' = (1 - z) h + z g, y = h' w_y + b_y.
// Meta weights of one coordinate, in this order (4H + 3H^2 + 1 = 65 at H = 4):
//   u_z[a], u_r[a], u_g[a] (a < H), W_z[b][a], W_r[b][a], W_g[b][a] (b, a < H),
//   w_y[a], b_y.
// Weight p of tile coordinate i is weights[p * stride + i]; its gradient goes to
// grads[p * stride + i] (+=), so a dense block passes its own per-scalar weights
// and an embedding block passes its per-column weights repeated across the rows
// of the tile (the caller sums the repeats).
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstddef>
#include <vector>

namespace crbench::asmg {

// Largest tile the kernels are used with (scratch sizing).
constexpr std::size_t kTile = 256;

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

// What one forward pass over a window of L inputs keeps for the backward pass:
// states h_0..h_L and the gates z, r, g of every step, each [step][unit][coord].
template <typename T>
struct GruCache {
  T* h;  // (L + 1) x H x n
  T* z;  // L x H x n
  T* r;
  T* g;
};

// Contiguous arrays over a tile's coordinates: Eigen evaluates each expression in
// one SIMD loop (SSE2 without -march), its exp and tanh included, which libm's
// scalar calls would not be.
template <typename T>
using TileArray = Eigen::Array<T, Eigen::Dynamic, 1>;
template <typename T>
inline Eigen::Map<TileArray<T>> tile(T* p, std::size_t n) {
  return Eigen::Map<TileArray<T>>(p, static_cast<Eigen::Index>(n));
}
template <typename T>
inline Eigen::Map<const TileArray<T>> tile(const T* p, std::size_t n) {
  return Eigen::Map<const TileArray<T>>(p, static_cast<Eigen::Index>(n));
}

// out (= or +=) sum_k a[k] * b[k] over `count` product terms, four per Eigen
// expression so that the partial sums stay in registers (one store per four
// products instead of one per product).
template <typename T>
void sum_of_products(T* out, std::size_t n, bool assign, const T* const* a, const T* const* b,
                     std::size_t count) {
  auto o = tile(out, n);
  std::size_t k = 0;
  auto t = [&](std::size_t m) { return tile(a[m], n) * tile(b[m], n); };
  for (; k + 4 <= count; k += 4) {
    if (assign) {
      o = t(k) + t(k + 1) + t(k + 2) + t(k + 3);
    } else {
      o += t(k) + t(k + 1) + t(k + 2) + t(k + 3);
    }
    assign = false;
  }
  for (; k + 2 <= count; k += 2) {
    if (assign) {
      o = t(k) + t(k + 1);
    } else {
      o += t(k) + t(k + 1);
    }
    assign = false;
  }
  if (k < count) {
    if (assign) {
      o = t(k);
    } else {
      o += t(k);
    }
  }
}

// sigma(v) = (1 + tanh(v / 2)) / 2: Eigen's vectorised tanh is cheaper than an
// exp and a division.
template <typename T>
void sigmoid_in_place(T* v, std::size_t n) {
  tile(v, n) = T(0.5) + T(0.5) * (T(0.5) * tile(v, n)).tanh();
}

// Most terms a fused sum takes: 2 H + 1 at H <= 32.
constexpr std::size_t kMaxTerms = 65;

// Runs the GRU over inputs xs[j][i] (j < L; input j of coordinate i at
// xs[j] + i), from h0 (H x n at stride n; nullptr = zero state). When ys[j] is not
// null, writes the read-out of step j to ys[j][i]. With a cache, keeps what the
// backward pass needs; without, h_work (2 x H x n) is the scratch.
template <typename T>
void gru_forward(int hidden, std::size_t n, int length, const T* const* xs, const T* h0,
                 const T* weights, std::size_t stride, T* const* ys, GruCache<T>* cache,
                 T* h_work) {
  const auto H = static_cast<std::size_t>(hidden);
  const GruIndex ix{H};
  const std::size_t hn = H * n;
  T* h_prev = cache ? cache->h : h_work;
  if (h0) {
    tile(h_prev, hn) = tile(h0, hn);
  } else {
    tile(h_prev, hn).setZero();
  }
  // Per-thread scratch that only grows: no allocation in the steady state.
  thread_local std::vector<T> scratch;
  if (scratch.size() < 4 * hn) scratch.resize(4 * hn);
  T* zbuf = scratch.data();
  T* rbuf = zbuf + hn;
  T* gbuf = rbuf + hn;
  T* rh = gbuf + hn;
  auto w = [&](std::size_t p) { return tile(weights + p * stride, n); };
  for (int j = 0; j < length; ++j) {
    const auto sj = static_cast<std::size_t>(j);
    T* h_next = cache ? cache->h + (sj + 1) * hn : h_work + ((sj + 1) % 2) * hn;
    if (!cache) h_prev = h_work + (sj % 2) * hn;
    T* z = cache ? cache->z + sj * hn : zbuf;
    T* r = cache ? cache->r + sj * hn : rbuf;
    T* g = cache ? cache->g + sj * hn : gbuf;
    const T* ta[kMaxTerms];
    const T* tb[kMaxTerms];
    for (std::size_t a = 0; a < H; ++a) {
      // z_a = x u_z[a] + sum_b h_b W_z[b][a], likewise r_a.
      ta[0] = xs[j];
      tb[0] = weights + ix.uz(a) * stride;
      for (std::size_t b = 0; b < H; ++b) {
        ta[b + 1] = h_prev + b * n;
        tb[b + 1] = weights + ix.wz(b, a) * stride;
      }
      sum_of_products<T>(z + a * n, n, true, ta, tb, H + 1);
      tb[0] = weights + ix.ur(a) * stride;
      for (std::size_t b = 0; b < H; ++b) tb[b + 1] = weights + ix.wr(b, a) * stride;
      sum_of_products<T>(r + a * n, n, true, ta, tb, H + 1);
    }
    sigmoid_in_place(z, hn);
    sigmoid_in_place(r, hn);
    tile(rh, hn) = tile(r, hn) * tile(h_prev, hn);
    for (std::size_t a = 0; a < H; ++a) {
      // g_a = tanh(x u_g[a] + sum_b (r h)_b W_g[b][a]).
      ta[0] = xs[j];
      tb[0] = weights + ix.ug(a) * stride;
      for (std::size_t b = 0; b < H; ++b) {
        ta[b + 1] = rh + b * n;
        tb[b + 1] = weights + ix.wg(b, a) * stride;
      }
      sum_of_products<T>(g + a * n, n, true, ta, tb, H + 1);
    }
    tile(g, hn) = tile(g, hn).tanh();
    tile(h_next, hn) = tile(h_prev, hn) + tile(z, hn) * (tile(g, hn) - tile(h_prev, hn));
    if (ys[j]) {
      auto y = tile(ys[j], n);
      y = w(ix.by());
      for (std::size_t a = 0; a < H; ++a) {
        y += tile(static_cast<const T*>(h_next) + a * n, n) * w(ix.wy(a));
      }
    }
    h_prev = h_next;
  }
}

// Truncated BPTT over the window (the initial state is a constant: zero, or the
// carried state): dys[j][i] = dLoss/dy_j (nullptr: step j has no loss). Adds
// dLoss/dweights to grads (same stride as the weights). dh is 2 x H x n scratch.
template <typename T>
void gru_backward(int hidden, std::size_t n, int length, const T* const* xs, const T* weights,
                  std::size_t stride, const T* const* dys, const GruCache<T>& cache, T* grads,
                  T* dh) {
  const auto H = static_cast<std::size_t>(hidden);
  const GruIndex ix{H};
  const std::size_t hn = H * n;
  T* dh_next = dh;       // dLoss/dh_{j+1}, the state after step j
  T* dh_prev = dh + hn;  // dLoss/dh_j, built by step j
  tile(dh_next, hn).setZero();
  thread_local std::vector<T> scratch;
  if (scratch.size() < 5 * hn) scratch.resize(5 * hn);
  T* dzp = scratch.data();
  T* drp = dzp + hn;
  T* dgp = drp + hn;
  T* rh = dgp + hn;
  T* drh = rh + hn;
  auto w = [&](std::size_t p) { return tile(weights + p * stride, n); };
  auto gw = [&](std::size_t p) { return tile(grads + p * stride, n); };
  for (int j = length - 1; j >= 0; --j) {
    const auto sj = static_cast<std::size_t>(j);
    const auto x = tile(xs[j], n);
    const T* h = cache.h + sj * hn;
    const T* h1 = cache.h + (sj + 1) * hn;
    const auto z = tile(cache.z + sj * hn, hn);
    const auto r = tile(cache.r + sj * hn, hn);
    const auto g = tile(cache.g + sj * hn, hn);
    const auto hv = tile(h, hn);
    // Read-out y = h' w_y + b_y.
    if (dys[j]) {
      const auto dy = tile(dys[j], n);
      gw(ix.by()) += dy;
      for (std::size_t a = 0; a < H; ++a) {
        gw(ix.wy(a)) += dy * tile(h1 + a * n, n);
        tile(dh_next + a * n, n) += dy * w(ix.wy(a));
      }
    }
    // h' = h + z (g - h): gate pre-activations' gradients.
    const auto d = tile(static_cast<const T*>(dh_next), hn);
    tile(dzp, hn) = d * (g - hv) * z * (T(1) - z);
    tile(dgp, hn) = d * z * (T(1) - g * g);
    tile(dh_prev, hn) = d * (T(1) - z);
    tile(rh, hn) = r * hv;
    // g = tanh(x u_g + (r h) W_g).
    const T* ta[kMaxTerms];
    const T* tb[kMaxTerms];
    for (std::size_t a = 0; a < H; ++a) {
      const auto dga = tile(static_cast<const T*>(dgp) + a * n, n);
      gw(ix.ug(a)) += dga * x;
      for (std::size_t b = 0; b < H; ++b) {
        gw(ix.wg(b, a)) += dga * tile(static_cast<const T*>(rh) + b * n, n);
      }
    }
    for (std::size_t b = 0; b < H; ++b) {
      // d(rh)_b = sum_a dg_a W_g[b][a].
      for (std::size_t a = 0; a < H; ++a) {
        ta[a] = dgp + a * n;
        tb[a] = weights + ix.wg(b, a) * stride;
      }
      sum_of_products<T>(drh + b * n, n, true, ta, tb, H);
    }
    tile(drp, hn) = tile(drh, hn) * hv * r * (T(1) - r);
    tile(dh_prev, hn) += tile(drh, hn) * r;
    // z = sigma(x u_z + h W_z), r = sigma(x u_r + h W_r).
    for (std::size_t a = 0; a < H; ++a) {
      const auto dza = tile(static_cast<const T*>(dzp) + a * n, n);
      const auto dra = tile(static_cast<const T*>(drp) + a * n, n);
      gw(ix.uz(a)) += dza * x;
      gw(ix.ur(a)) += dra * x;
      for (std::size_t b = 0; b < H; ++b) {
        const auto hb = tile(h + b * n, n);
        gw(ix.wz(b, a)) += dza * hb;
        gw(ix.wr(b, a)) += dra * hb;
      }
    }
    for (std::size_t b = 0; b < H; ++b) {
      // dh_b += sum_a dz_a W_z[b][a] + dr_a W_r[b][a].
      for (std::size_t a = 0; a < H; ++a) {
        ta[2 * a] = dzp + a * n;
        tb[2 * a] = weights + ix.wz(b, a) * stride;
        ta[2 * a + 1] = drp + a * n;
        tb[2 * a + 1] = weights + ix.wr(b, a) * stride;
      }
      sum_of_products<T>(dh_prev + b * n, n, false, ta, tb, 2 * H);
    }
    T* t = dh_next;
    dh_next = dh_prev;
    dh_prev = t;
  }
}

}  // namespace crbench::asmg
