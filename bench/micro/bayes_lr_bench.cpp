// Microbenchmarks of the Bayesian logistic-regression update
// (docs/methods/bayes-lr.md): one period update of the GLMix model (bayes-lr's observe) on a
// period of the stationary simulated world, after a fit on the periods before
// it, over period sizes, with and without item effects. Counters: samples per
// second and the L-BFGS iterations of the global block.
// FLOPs: a lower bound, the global block only. Per L-BFGS iteration one
// evaluation of the loss and its gradient over the period (2 per entry of the
// hashed design, counted before duplicates merge, for the scores, 2 for the
// gradient, 12 per sample for the
// sigmoid, log loss and weights) and the two-loop recursion over the 2^16 + 1
// coefficients with LBFGS++'s 6 corrections ((4 x 6 + 6) per coefficient); line
// search re-evaluations, the posterior precisions and the per-user solves are
// left out.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/micro/flops.hpp"
#include "methods/lr/glmix_model.hpp"
#include "methods/lr/lr_features.hpp"
#include "sim/simulator.hpp"

namespace crbench {
namespace {

void BM_GlmixPeriodUpdate(benchmark::State& state) {
  const auto samples = static_cast<int>(state.range(0));
  const bool item_effects = state.range(1) != 0;
  const Stream s = sim::simulate_stream(
      sim::parse_scenario("stationary(periods=3,samples_per_period=" + std::to_string(samples) +
                          ")"),
      1);
  std::vector<RowIndex> history, period;
  for (RowIndex r = 0; r < s.period_end(1); ++r) history.push_back(r);
  for (RowIndex r = s.period_begin(2); r < s.period_end(2); ++r) period.push_back(r);
  GlmixConfig config;
  config.item_effects = item_effects;
  GlmixModel fitted(shape_of(s), config);
  GlmixUpdateSettings settings;
  settings.delta = 0.0;
  glmix_update(fitted, s, history, settings);
  settings.delta = 0.8;
  const LrFeatureMap features(config.log2_hash_size, s.num_categories);
  LrFeatureMap::Entries entries;
  double nonzeros = 0.0;
  for (const RowIndex r : period) {
    entries.clear();
    features.global_features(s, r, entries);
    nonzeros += static_cast<double>(entries.size());
  }
  const double per_iteration =
      4 * nonzeros + 12.0 * samples + 30.0 * static_cast<double>(features.global_dim());
  double iterations = 0.0;
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    state.PauseTiming();
    GlmixModel model = fitted;
    state.ResumeTiming();
    const GlmixUpdateReport report = glmix_update(model, s, period, settings);
    iterations += report.global_iterations;
    benchmark::DoNotOptimize(model.global.mean.data());
  }
  flops.report(per_iteration * iterations / static_cast<double>(state.iterations()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * samples);
  state.counters["global_lbfgs_iterations"] =
      benchmark::Counter(iterations, benchmark::Counter::kAvgIterations);
}

void configurations(benchmark::internal::Benchmark* b) {
  for (const int samples : {2000, 8000}) {
    for (const int items : {0, 1}) b->Args({samples, items});
  }
}
BENCHMARK(BM_GlmixPeriodUpdate)->Apply(configurations)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace crbench
