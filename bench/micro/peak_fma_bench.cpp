// BM_PeakFma: this core's fp32 peak, the denominator of every benchmark's
// peak_share (bench/micro/flops.hpp). One variant per instruction set the
// build can target at run time: SSE2 (the x86-64 baseline, no FMA, 4 lanes),
// AVX2 without and with FMA (8 lanes), AVX-512F without and with FMA (16
// lanes); the variants without FMA are what the ASMG GRU kernels can reach,
// since they use no fused operations. A variant the CPU lacks is skipped.
// FLOPs per round: 12 chains x lanes, x2 for a fused multiply-add.
#include <benchmark/benchmark.h>

#include "bench/micro/flops.hpp"
#include "bench/micro/peak_fma.hpp"

namespace crbench::micro {
namespace {

constexpr std::int64_t kRounds = 1'000'000;

void BM_PeakFma(benchmark::State& state, PeakKernel kernel) {
  if (!peak_kernel_supported(kernel)) {
    state.SkipWithError("this CPU does not support the instruction set");
    return;
  }
  volatile float multiplier = 1.0f, addend = 0.0f;
  FlopCounter flops(state);
  for (auto _ : state) {
    benchmark::DoNotOptimize(run_peak_kernel(kernel, kRounds, multiplier, addend));
  }
  flops.report(peak_kernel_flops_per_round(kernel) * kRounds);
}

BENCHMARK_CAPTURE(BM_PeakFma, sse2_mul_add, PeakKernel::sse2_mul_add)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PeakFma, avx2_mul_add, PeakKernel::avx2_mul_add)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PeakFma, avx2_fma, PeakKernel::avx2_fma)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PeakFma, avx512_mul_add, PeakKernel::avx512_mul_add)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_PeakFma, avx512_fma, PeakKernel::avx512_fma)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace crbench::micro
