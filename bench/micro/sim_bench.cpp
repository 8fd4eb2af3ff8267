// Microbenchmarks of the drift simulator: samples generated per second, one
// thread, periods of 100k samples in the default world (stationary) and in the
// world with every drift but gradual/recurring switched on (mixed).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <string>

#include "sim/simulator.hpp"

namespace crbench {
namespace {

constexpr int kSamples = 100'000;

void simulate_periods(benchmark::State& state, const std::string& name) {
  const sim::Scenario scenario = sim::parse_scenario(
      name + "(periods=200,samples_per_period=" + std::to_string(kSamples) + ")");
  auto sim = std::make_unique<sim::Simulator>(scenario, 1);
  sim::SimulatedPeriod period;
  for (auto _ : state) {
    if (sim->periods_generated() == sim->num_periods()) {
      state.PauseTiming();
      sim = std::make_unique<sim::Simulator>(scenario, 1);
      state.ResumeTiming();
    }
    sim->next_period(period);  // includes the per-period preparation (alias tables, vectors)
    benchmark::DoNotOptimize(period.probability.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * kSamples);
}

void BM_SimulatePeriod(benchmark::State& state) { simulate_periods(state, "stationary"); }
BENCHMARK(BM_SimulatePeriod)->Unit(benchmark::kMillisecond);

void BM_SimulatePeriodMixed(benchmark::State& state) { simulate_periods(state, "mixed"); }
BENCHMARK(BM_SimulatePeriodMixed)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace crbench
