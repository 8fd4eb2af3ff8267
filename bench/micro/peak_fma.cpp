#include "bench/micro/peak_fma.hpp"

#include <immintrin.h>

namespace crbench::micro {

namespace {

constexpr int kChains = 12;

float sse2_mul_add(std::int64_t rounds, float mv, float av) {
  const __m128 m = _mm_set1_ps(mv), a = _mm_set1_ps(av);
  __m128 c[kChains];
  for (int k = 0; k < kChains; ++k) c[k] = _mm_set1_ps(1.0f);
  for (std::int64_t r = 0; r < rounds; ++r) {
#pragma GCC unroll 12
    for (int k = 0; k < kChains; k += 2) {
      c[k] = _mm_mul_ps(c[k], m);
      c[k + 1] = _mm_add_ps(c[k + 1], a);
    }
  }
  __m128 s = c[0];
  for (int k = 1; k < kChains; ++k) s = _mm_add_ps(s, c[k]);
  return _mm_cvtss_f32(s);
}

#define CRBENCH_PEAK_256(name, attr, step)                                            \
  __attribute__((target(attr))) float name(std::int64_t rounds, float mv, float av) { \
    const __m256 m = _mm256_set1_ps(mv), a = _mm256_set1_ps(av);                      \
    __m256 c[kChains];                                                                \
    for (int k = 0; k < kChains; ++k) c[k] = _mm256_set1_ps(1.0f);                    \
    for (std::int64_t r = 0; r < rounds; ++r) {                                       \
      _Pragma("GCC unroll 12") for (int k = 0; k < kChains; k += 2) { step }          \
    }                                                                                 \
    __m256 s = c[0];                                                                  \
    for (int k = 1; k < kChains; ++k) s = _mm256_add_ps(s, c[k]);                     \
    return _mm256_cvtss_f32(s);                                                       \
  }

CRBENCH_PEAK_256(avx2_mul_add, "avx2", c[k] = _mm256_mul_ps(c[k], m);
                 c[k + 1] = _mm256_add_ps(c[k + 1], a);)
CRBENCH_PEAK_256(avx2_fma, "avx2,fma", c[k] = _mm256_fmadd_ps(c[k], m, a);
                 c[k + 1] = _mm256_fmadd_ps(c[k + 1], m, a);)

#define CRBENCH_PEAK_512(name, step)                                                       \
  __attribute__((target("avx512f"))) float name(std::int64_t rounds, float mv, float av) { \
    const __m512 m = _mm512_set1_ps(mv), a = _mm512_set1_ps(av);                           \
    __m512 c[kChains];                                                                     \
    for (int k = 0; k < kChains; ++k) c[k] = _mm512_set1_ps(1.0f);                         \
    for (std::int64_t r = 0; r < rounds; ++r) {                                            \
      _Pragma("GCC unroll 12") for (int k = 0; k < kChains; k += 2) { step }               \
    }                                                                                      \
    __m512 s = c[0];                                                                       \
    for (int k = 1; k < kChains; ++k) s = _mm512_add_ps(s, c[k]);                          \
    float lanes[16];                                                                       \
    _mm512_storeu_ps(lanes, s);                                                            \
    return lanes[0] + lanes[15];                                                           \
  }

CRBENCH_PEAK_512(avx512_mul_add, c[k] = _mm512_mul_ps(c[k], m);
                 c[k + 1] = _mm512_add_ps(c[k + 1], a);)
CRBENCH_PEAK_512(avx512_fma, c[k] = _mm512_fmadd_ps(c[k], m, a);
                 c[k + 1] = _mm512_fmadd_ps(c[k + 1], m, a);)

}  // namespace

std::string_view peak_kernel_name(PeakKernel kernel) {
  switch (kernel) {
    case PeakKernel::sse2_mul_add:
      return "sse2_mul_add";
    case PeakKernel::avx2_mul_add:
      return "avx2_mul_add";
    case PeakKernel::avx2_fma:
      return "avx2_fma";
    case PeakKernel::avx512_mul_add:
      return "avx512_mul_add";
    case PeakKernel::avx512_fma:
      return "avx512_fma";
  }
  return "?";
}

bool peak_kernel_supported(PeakKernel kernel) {
  switch (kernel) {
    case PeakKernel::sse2_mul_add:
      return true;
    case PeakKernel::avx2_mul_add:
      return __builtin_cpu_supports("avx2") != 0;
    case PeakKernel::avx2_fma:
      return __builtin_cpu_supports("avx2") != 0 && __builtin_cpu_supports("fma") != 0;
    case PeakKernel::avx512_mul_add:
    case PeakKernel::avx512_fma:
      return __builtin_cpu_supports("avx512f") != 0;
  }
  return false;
}

double peak_kernel_flops_per_round(PeakKernel kernel) {
  switch (kernel) {
    case PeakKernel::sse2_mul_add:
      return kChains * 4.0;
    case PeakKernel::avx2_mul_add:
      return kChains * 8.0;
    case PeakKernel::avx2_fma:
      return kChains * 8.0 * 2.0;
    case PeakKernel::avx512_mul_add:
      return kChains * 16.0;
    case PeakKernel::avx512_fma:
      return kChains * 16.0 * 2.0;
  }
  return 0.0;
}

float run_peak_kernel(PeakKernel kernel, std::int64_t rounds, float multiplier, float addend) {
  switch (kernel) {
    case PeakKernel::sse2_mul_add:
      return sse2_mul_add(rounds, multiplier, addend);
    case PeakKernel::avx2_mul_add:
      return avx2_mul_add(rounds, multiplier, addend);
    case PeakKernel::avx2_fma:
      return avx2_fma(rounds, multiplier, addend);
    case PeakKernel::avx512_mul_add:
      return avx512_mul_add(rounds, multiplier, addend);
    case PeakKernel::avx512_fma:
      return avx512_fma(rounds, multiplier, addend);
  }
  return 0.0f;
}

}  // namespace crbench::micro
