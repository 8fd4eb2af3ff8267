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

#include <cmath>
#include <cstddef>

namespace crbench::asmg {

// Largest tile the kernels are used with (scratch sizing).
constexpr std::size_t kTile = 64;

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

template <typename T>
inline T sigmoid_of(T v) {
  return T(1) / (T(1) + std::exp(-v));
}

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
    for (std::size_t k = 0; k < hn; ++k) h_prev[k] = h0[k];
  } else {
    for (std::size_t k = 0; k < hn; ++k) h_prev[k] = T(0);
  }
  T zbuf[64 * kTile];
  T rbuf[64 * kTile];
  T gbuf[64 * kTile];
  T rh[64 * kTile];
  for (int j = 0; j < length; ++j) {
    const auto sj = static_cast<std::size_t>(j);
    T* h_next = cache ? cache->h + (sj + 1) * hn : h_work + ((sj + 1) % 2) * hn;
    if (!cache) h_prev = h_work + (sj % 2) * hn;
    T* z = cache ? cache->z + sj * hn : zbuf;
    T* r = cache ? cache->r + sj * hn : rbuf;
    T* g = cache ? cache->g + sj * hn : gbuf;
    const T* x = xs[j];
    for (std::size_t a = 0; a < H; ++a) {
      T* za = z + a * n;
      T* ra = r + a * n;
      const T* uz = weights + ix.uz(a) * stride;
      const T* ur = weights + ix.ur(a) * stride;
      for (std::size_t i = 0; i < n; ++i) {
        za[i] = x[i] * uz[i];
        ra[i] = x[i] * ur[i];
      }
      for (std::size_t b = 0; b < H; ++b) {
        const T* hb = h_prev + b * n;
        const T* wz = weights + ix.wz(b, a) * stride;
        const T* wr = weights + ix.wr(b, a) * stride;
        for (std::size_t i = 0; i < n; ++i) {
          za[i] += hb[i] * wz[i];
          ra[i] += hb[i] * wr[i];
        }
      }
      for (std::size_t i = 0; i < n; ++i) {
        za[i] = sigmoid_of(za[i]);
        ra[i] = sigmoid_of(ra[i]);
      }
    }
    for (std::size_t k = 0; k < hn; ++k) rh[k] = r[k] * h_prev[k];
    for (std::size_t a = 0; a < H; ++a) {
      T* ga = g + a * n;
      const T* ug = weights + ix.ug(a) * stride;
      for (std::size_t i = 0; i < n; ++i) ga[i] = x[i] * ug[i];
      for (std::size_t b = 0; b < H; ++b) {
        const T* rhb = rh + b * n;
        const T* wg = weights + ix.wg(b, a) * stride;
        for (std::size_t i = 0; i < n; ++i) ga[i] += rhb[i] * wg[i];
      }
      for (std::size_t i = 0; i < n; ++i) ga[i] = std::tanh(ga[i]);
    }
    for (std::size_t k = 0; k < hn; ++k) h_next[k] = h_prev[k] + z[k] * (g[k] - h_prev[k]);
    if (ys[j]) {
      T* y = ys[j];
      const T* by = weights + ix.by() * stride;
      for (std::size_t i = 0; i < n; ++i) y[i] = by[i];
      for (std::size_t a = 0; a < H; ++a) {
        const T* wy = weights + ix.wy(a) * stride;
        const T* ha = h_next + a * n;
        for (std::size_t i = 0; i < n; ++i) y[i] += ha[i] * wy[i];
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
  for (std::size_t k = 0; k < hn; ++k) dh_next[k] = T(0);
  T dzp[64 * kTile];
  T drp[64 * kTile];
  T dgp[64 * kTile];
  T rh[64 * kTile];
  T drh[64 * kTile];
  for (int j = length - 1; j >= 0; --j) {
    const auto sj = static_cast<std::size_t>(j);
    const T* x = xs[j];
    const T* h = cache.h + sj * hn;
    const T* h1 = cache.h + (sj + 1) * hn;
    const T* z = cache.z + sj * hn;
    const T* r = cache.r + sj * hn;
    const T* g = cache.g + sj * hn;
    // Read-out y = h' w_y + b_y.
    if (dys[j]) {
      const T* dy = dys[j];
      T* gby = grads + ix.by() * stride;
      for (std::size_t i = 0; i < n; ++i) gby[i] += dy[i];
      for (std::size_t a = 0; a < H; ++a) {
        const T* wy = weights + ix.wy(a) * stride;
        T* gwy = grads + ix.wy(a) * stride;
        T* dha = dh_next + a * n;
        const T* ha = h1 + a * n;
        for (std::size_t i = 0; i < n; ++i) {
          gwy[i] += dy[i] * ha[i];
          dha[i] += dy[i] * wy[i];
        }
      }
    }
    // h' = h + z (g - h): gate pre-activations' gradients.
    for (std::size_t k = 0; k < hn; ++k) {
      const T d = dh_next[k];
      dzp[k] = d * (g[k] - h[k]) * z[k] * (T(1) - z[k]);
      dgp[k] = d * z[k] * (T(1) - g[k] * g[k]);
      dh_prev[k] = d * (T(1) - z[k]);
      rh[k] = r[k] * h[k];
      drh[k] = T(0);
    }
    // g = tanh(x u_g + (r h) W_g).
    for (std::size_t a = 0; a < H; ++a) {
      const T* dga = dgp + a * n;
      T* gug = grads + ix.ug(a) * stride;
      for (std::size_t i = 0; i < n; ++i) gug[i] += dga[i] * x[i];
      for (std::size_t b = 0; b < H; ++b) {
        const T* wg = weights + ix.wg(b, a) * stride;
        T* gwg = grads + ix.wg(b, a) * stride;
        const T* rhb = rh + b * n;
        T* drhb = drh + b * n;
        for (std::size_t i = 0; i < n; ++i) {
          gwg[i] += dga[i] * rhb[i];
          drhb[i] += dga[i] * wg[i];
        }
      }
    }
    for (std::size_t k = 0; k < hn; ++k) {
      drp[k] = drh[k] * h[k] * r[k] * (T(1) - r[k]);
      dh_prev[k] += drh[k] * r[k];
    }
    // z = sigma(x u_z + h W_z), r = sigma(x u_r + h W_r).
    for (std::size_t a = 0; a < H; ++a) {
      const T* dza = dzp + a * n;
      const T* dra = drp + a * n;
      T* guz = grads + ix.uz(a) * stride;
      T* gur = grads + ix.ur(a) * stride;
      for (std::size_t i = 0; i < n; ++i) {
        guz[i] += dza[i] * x[i];
        gur[i] += dra[i] * x[i];
      }
      for (std::size_t b = 0; b < H; ++b) {
        const T* wz = weights + ix.wz(b, a) * stride;
        const T* wr = weights + ix.wr(b, a) * stride;
        T* gwz = grads + ix.wz(b, a) * stride;
        T* gwr = grads + ix.wr(b, a) * stride;
        const T* hb = h + b * n;
        T* dhb = dh_prev + b * n;
        for (std::size_t i = 0; i < n; ++i) {
          gwz[i] += dza[i] * hb[i];
          gwr[i] += dra[i] * hb[i];
          dhb[i] += dza[i] * wz[i] + dra[i] * wr[i];
        }
      }
    }
    T* t = dh_next;
    dh_next = dh_prev;
    dh_prev = t;
  }
}

}  // namespace crbench::asmg
