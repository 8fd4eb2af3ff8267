// Floating-point work of the microbenchmarks, reported as a share of the
// machine: every benchmark counts the fp32 (or fp64) operations one iteration
// performs from its shapes (documented next to it: an add, multiply or divide
// is 1, a multiply-add 2, a comparison, select, load or store 0, a library call
// such as exp or tanh as stated there) and reports them with a FlopCounter:
//   GFLOP/s     those operations per CPU second of the timing loop;
//   peak_share  that rate over peak_flops(), this core's fp32 peak.
#pragma once

#include <benchmark/benchmark.h>

namespace crbench::micro {

// fp32 operations per CPU second of one core with the widest FMA this CPU runs
// (BM_PeakFma's kernel, timed once per process for about 0.1 s; best of five).
double peak_flops();

// Construct right before the timing loop, call report() right after it. The
// rate is over the thread's CPU time between the two (a loop that pauses its
// timer for set-up counts that set-up too; the benchmarks that do say so).
class FlopCounter {
 public:
  explicit FlopCounter(benchmark::State& state);
  void report(double flops_per_iteration);

 private:
  benchmark::State& state_;
  double cpu0_;
};

}  // namespace crbench::micro
