// Dense against lazy embedding Adam (methods/adam.hpp) on the reference Emb&MLP
// at the shape of the ASMG paper's MovieLens-25M stream (bench_stream.hpp:
// 162,541 users, 59,047 items, 788 batches of 1024 a period). The steps run as
// train() runs them: with dense Adam each batch's rows are caught up before its
// forward pass (rows_read + catch_up_rows) and every row at the end of each
// period (catch_up_all), so a user row is skipped for about 160 steps at a time,
// as in the real stream. Three periods per measurement, so the period-end
// catch-ups are in it. Counter "replayed": parameter-steps the catch-ups
// replayed one by one, per step. items_per_second is samples per second.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "bench/micro/bench_stream.hpp"
#include "methods/adam.hpp"
#include "methods/base_models/emb_mlp.hpp"

namespace crbench {
namespace {

// Argument: dense (1) or lazy (0) embedding Adam.
void BM_EmbMlpTrainStepMl25m(benchmark::State& state) {
  const Stream& stream = micro::ml25m_bench_stream();
  const bool dense = state.range(0) == 1;
  EmbMlp model(shape_of(stream), EmbMlpParams{}, 1);
  Adam adam(model.parameter_count(),
            AdamSettings{.embedding = dense ? EmbeddingAdam::dense : EmbeddingAdam::lazy});
  Gradient grad(model.layout());
  std::size_t batch = 0;
  for (auto _ : state) {
    const std::span<const RowIndex> rows = micro::bench_batch(stream, batch);
    grad.clear();
    if (dense) adam.catch_up_rows(model.parameters(), model.rows_read(stream, rows));
    const double loss = model.loss_and_gradient(stream, rows, {}, grad);
    adam.step(model.parameters(), grad, 1e-3f);
    benchmark::DoNotOptimize(loss);
    batch = (batch + 1) % micro::kMl25mBatches;
    if (batch == 0) adam.catch_up_all(model.parameters());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(micro::kBatch));
  state.counters["replayed"] = benchmark::Counter(static_cast<double>(adam.replayed_steps()) /
                                                  static_cast<double>(state.iterations()));
}
BENCHMARK(BM_EmbMlpTrainStepMl25m)
    ->ArgName("dense")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMicrosecond)
    ->Iterations(3 * micro::kMl25mBatches);

}  // namespace
}  // namespace crbench
