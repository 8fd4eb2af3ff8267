// Microbenchmarks of the reference base model at reference shapes: one Adam
// training step (loss_and_gradient + Adam step + gradient clear) and scoring, on
// batches of 1024 samples with full 30-item histories and 1-3 categories per item
// (bench/micro/bench_stream.hpp). items_per_second is samples per second.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "bench/micro/bench_stream.hpp"
#include "bench/micro/flops.hpp"
#include "bench/micro/model_flops.hpp"
#include "datasets/stream.hpp"
#include "methods/adam.hpp"
#include "methods/base_model.hpp"
#include "methods/base_models/emb_mlp.hpp"

namespace crbench {
namespace {

using micro::BatchReads;
using micro::kBatch;
using micro::kBatches;

// FLOPs of the Emb&MLP on one batch (methods/base_models/emb_mlp.cpp), counted
// from its shapes and what the batch reads (micro::batch_reads): the inputs and
// Adam as bench/micro/model_flops.hpp says; per sample the MLP's layers
// (2 fan_in fan_out + fan_out each), the loss (sigmoid and log loss: 4), and
// backward the logit's gradient (2), each layer's dW and dA (2 x 2 fan_in
// fan_out) and db (fan_out).
micro::StepFlops emb_mlp_flops(const EmbMlp& model, const BatchReads& b) {
  const double d = model.config().embedding_dim;
  const bool cats = model.shape().num_categories > 0;
  const double n = static_cast<double>(b.samples);
  double mlp = 0.0, mlp_bias = 0.0;
  int fan_in = model.input_dim();
  std::vector<int> widths = model.config().hidden;
  widths.push_back(1);
  for (const int fan_out : widths) {
    mlp += 2.0 * fan_in * fan_out;
    mlp_bias += fan_out;
    fan_in = fan_out;
  }
  micro::StepFlops f;
  f.forward = micro::embedding_inputs_forward(d, cats, b) + n * (mlp + mlp_bias);
  f.loss = 4 * n;
  f.backward = 2 * n + n * (2 * mlp + mlp_bias) + micro::embedding_inputs_backward(d, cats, b);
  f.adam = micro::adam_flops(model.layout(), d, cats, b);
  return f;
}

// Mean FLOPs per batch over the kBatches batches the benchmark cycles through.
double mean_batch_flops(const Stream& stream, const EmbMlp& model, bool training) {
  double total = 0.0;
  for (std::size_t b = 0; b < kBatches; ++b) {
    const micro::StepFlops f =
        emb_mlp_flops(model, micro::batch_reads(stream, micro::bench_batch(stream, b)));
    total += training ? f.total() : f.forward + 3 * kBatch;
  }
  return total / kBatches;
}

// Counter flop_per_sample: the mean FLOPs of one sample's share of the step.
void BM_EmbMlpTrainStep(benchmark::State& state) {
  const Stream& stream = micro::bench_stream(static_cast<int>(state.range(0)));
  EmbMlp model(shape_of(stream), EmbMlpParams{}, 1);
  // Lazy embedding Adam, as this benchmark has always measured; dense against
  // lazy at the ML-25M shape is in embedding_adam_bench.cpp.
  Adam adam(model.parameter_count(), AdamSettings{.embedding = EmbeddingAdam::lazy});
  Gradient grad(model.layout());
  const double flops = mean_batch_flops(stream, model, true);
  std::size_t batch = 0;
  micro::FlopCounter counter(state);
  for (auto _ : state) {
    const std::span<const RowIndex> batch_rows = micro::bench_batch(stream, batch);
    grad.clear();
    const double loss = model.loss_and_gradient(stream, batch_rows, {}, grad);
    adam.step(model.parameters(), grad, 1e-3f);
    benchmark::DoNotOptimize(loss);
    batch = (batch + 1) % kBatches;
  }
  counter.report(flops);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBatch));
  state.counters["flop_per_sample"] = flops / kBatch;
}
BENCHMARK(BM_EmbMlpTrainStep)->ArgName("skew")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// Scoring: the forward pass and the sigmoid (3 per sample).
void BM_EmbMlpScore(benchmark::State& state) {
  const Stream& stream = micro::bench_stream(static_cast<int>(state.range(0)));
  const EmbMlp model(shape_of(stream), EmbMlpParams{}, 1);
  const double flops = mean_batch_flops(stream, model, false);
  std::vector<float> out(kBatch);
  std::size_t batch = 0;
  micro::FlopCounter counter(state);
  for (auto _ : state) {
    model.score(stream, micro::bench_batch(stream, batch), out);
    benchmark::DoNotOptimize(out.data());
    batch = (batch + 1) % kBatches;
  }
  counter.report(flops);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBatch));
  state.counters["flop_per_sample"] = flops / kBatch;
}
BENCHMARK(BM_EmbMlpScore)->ArgName("skew")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace crbench
