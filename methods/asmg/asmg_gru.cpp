// Dispatch of the GRU kernels to the SIMD level's instantiation, with the
// per-thread scratch they share.
#include "methods/asmg/asmg_gru.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace crbench::asmg {

namespace {

void check(int hidden, int length, std::size_t n, WeightLayout layout) {
  if (hidden < 1 || hidden > kMaxHidden || length < 1) {
    throw std::invalid_argument("asmg GRU kernel: hidden size or window length out of range");
  }
  if (layout.kind == WeightLayout::Kind::columns &&
      (layout.stride == 0 || (layout.stride < n && layout.stride % kLanes != 0))) {
    throw std::invalid_argument(
        "asmg GRU kernel: a weight stride below the tile size must be a "
        "multiple of the lane width");
  }
}

// Per-thread scratch that only grows: no allocation in the steady state.
template <class T>
struct Scratch {
  std::vector<T> values;
  std::vector<const T*> xs, dys;
  std::vector<T*> ys;

  GruScratch<T> get(int hidden, int length) {
    const auto H = static_cast<std::size_t>(hidden);
    const auto L = static_cast<std::size_t>(length);
    const std::size_t P = gru_meta_size(hidden);
    const std::size_t sizes[] = {4 * L * H, L, L, 2 * H, P, P};
    std::size_t total = 0;
    for (const std::size_t s : sizes) total += s * kLanes;
    if (values.size() < total) values.resize(total);
    if (xs.size() < L) {
      xs.resize(L);
      dys.resize(L);
      ys.resize(L);
    }
    T* p = values.data();
    auto take = [&p](std::size_t count) {
      T* out = p;
      p += count * kLanes;
      return out;
    };
    GruScratch<T> s{};
    s.deltas = take(sizes[0]);
    s.x = take(sizes[1]);
    s.y = take(sizes[2]);
    s.h = take(sizes[3]);
    s.weights = take(sizes[4]);
    s.grads = take(sizes[5]);
    s.xs = xs.data();
    s.ys = ys.data();
    s.dys = dys.data();
    return s;
  }
};

template <class T>
GruScratch<T> scratch(int hidden, int length) {
  thread_local Scratch<T> s;
  return s.get(hidden, length);
}

void check_level(SimdLevel level) {
  if (!simd_supported(level)) {
    throw std::invalid_argument("asmg GRU kernel: this CPU does not support the SIMD level " +
                                std::string(simd_name(level)));
  }
}

template <class T>
GruTile<T> tile_of(int hidden, std::size_t n, int length, const T* const* xs, const T* weights,
                   WeightLayout layout) {
  check(hidden, length, n, layout);
  GruTile<T> t;
  t.hidden = hidden;
  t.length = length;
  t.n = n;
  t.xs = xs;
  t.weights = weights;
  t.layout = layout;
  t.scratch = scratch<T>(hidden, length);
  return t;
}

}  // namespace

void gru_forward(int hidden, std::size_t n, int length, const float* const* xs, const float* h0,
                 const float* weights, WeightLayout layout, float* const* ys, float* cache,
                 float* h_final, SimdLevel level) {
  check_level(level);
  GruTile<float> t = tile_of(hidden, n, length, xs, weights, layout);
  t.h0 = h0;
  t.ys = ys;
  t.cache = cache;
  t.h_final = h_final;
  switch (level) {
    case SimdLevel::sse2:
      return gru_forward_sse2(t);
    case SimdLevel::avx2:
      return gru_forward_avx2(t);
    case SimdLevel::avx512:
      return gru_forward_avx512(t);
  }
}

void gru_forward(int hidden, std::size_t n, int length, const double* const* xs, const double* h0,
                 const double* weights, WeightLayout layout, double* const* ys, double* cache,
                 double* h_final) {
  GruTile<double> t = tile_of(hidden, n, length, xs, weights, layout);
  t.h0 = h0;
  t.ys = ys;
  t.cache = cache;
  t.h_final = h_final;
  gru_forward_reference(t);
}

void gru_backward(int hidden, std::size_t n, int length, const float* const* xs,
                  const float* weights, WeightLayout layout, const float* const* dys,
                  const float* cache, float* grads, SimdLevel level) {
  check_level(level);
  GruTile<float> t = tile_of(hidden, n, length, xs, weights, layout);
  t.dys = dys;
  t.cache_in = cache;
  t.grads = grads;
  switch (level) {
    case SimdLevel::sse2:
      return gru_backward_sse2(t);
    case SimdLevel::avx2:
      return gru_backward_avx2(t);
    case SimdLevel::avx512:
      return gru_backward_avx512(t);
  }
}

void gru_backward(int hidden, std::size_t n, int length, const double* const* xs,
                  const double* weights, WeightLayout layout, const double* const* dys,
                  const double* cache, double* grads) {
  GruTile<double> t = tile_of(hidden, n, length, xs, weights, layout);
  t.dys = dys;
  t.cache_in = cache;
  t.grads = grads;
  gru_backward_reference(t);
}

}  // namespace crbench::asmg
