// Microbenchmarks of the drift simulator: samples generated per second, one
// thread, periods of 100k samples in the default world (stationary) and in the
// world with every drift but gradual/recurring switched on (mixed).
// FLOPs (double) per sample, from sim/world.hpp: the affinity <u, v> over d = 8
// (16), the logit (5), the noisy sigmoid with its exp (7), and the uniform draws
// of the alias tables and the label (4); the per-period preparation (alias
// tables, drifted vectors: linear in users + items) is not counted.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <string>

#include "bench/micro/flops.hpp"
#include "sim/simulator.hpp"

namespace crbench {
namespace {

constexpr int kSamples = 100'000;

void simulate_periods(benchmark::State& state, const std::string& name) {
  const sim::Scenario scenario = sim::parse_scenario(
      name + "(periods=200,samples_per_period=" + std::to_string(kSamples) + ")");
  auto sim = std::make_unique<sim::Simulator>(scenario, 1);
  sim::SimulatedPeriod period;
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    if (sim->periods_generated() == sim->num_periods()) {
      state.PauseTiming();
      sim = std::make_unique<sim::Simulator>(scenario, 1);
      state.ResumeTiming();
    }
    sim->next_period(period);  // includes the per-period preparation (alias tables, vectors)
    benchmark::DoNotOptimize(period.probability.data());
  }
  flops.report(32.0 * kSamples);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * kSamples);
}

void BM_SimulatePeriod(benchmark::State& state) { simulate_periods(state, "stationary"); }
BENCHMARK(BM_SimulatePeriod)->Unit(benchmark::kMillisecond);

void BM_SimulatePeriodMixed(benchmark::State& state) { simulate_periods(state, "mixed"); }
BENCHMARK(BM_SimulatePeriodMixed)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace crbench
