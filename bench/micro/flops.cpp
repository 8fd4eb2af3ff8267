#include "bench/micro/flops.hpp"

#include <algorithm>

#include "bench/micro/peak_fma.hpp"
#include "core/stopwatch.hpp"

namespace crbench::micro {

namespace {

double measure_peak() {
  PeakKernel best = PeakKernel::sse2_mul_add;
  for (const PeakKernel k : {PeakKernel::avx2_fma, PeakKernel::avx512_fma}) {
    if (peak_kernel_supported(k)) best = k;
  }
  constexpr std::int64_t kRounds = 2'000'000;  // ~20 ms per trial at 4 GHz
  double rate = 0.0;
  volatile float sink = 0.0f;
  for (int trial = 0; trial < 5; ++trial) {
    const Stopwatch watch;
    sink = sink + run_peak_kernel(best, kRounds, 1.0f, 0.0f);
    const double seconds = watch.cpu_seconds();
    if (seconds > 0.0) {
      rate = std::max(rate, peak_kernel_flops_per_round(best) * kRounds / seconds);
    }
  }
  return rate;
}

}  // namespace

double peak_flops() {
  static const double peak = measure_peak();
  return peak;
}

FlopCounter::FlopCounter(benchmark::State& state) : state_(state), cpu0_(thread_cpu_seconds()) {}

void FlopCounter::report(double flops_per_iteration) {
  const double seconds = thread_cpu_seconds() - cpu0_;
  if (seconds <= 0.0 || state_.iterations() == 0) return;
  const double rate = flops_per_iteration * static_cast<double>(state_.iterations()) / seconds;
  state_.counters["GFLOP/s"] = rate * 1e-9;
  state_.counters["peak_share"] = rate / peak_flops();
}

}  // namespace crbench::micro
