// Microbenchmarks of SML's transfer module (methods/sml/transfer_net.hpp) at the shapes
// SML uses: an embedding table's rows (D = 8 for Emb&MLP, 9 for MF's [factors ;
// bias], FC width 20) in batches, and the Emb&MLP's first kernel as one row
// (D = 800, width 80). Forward alone (generating a served model) and forward +
// backward (one training step's work). items_per_second is rows per second.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "bench/micro/bench_stream.hpp"
#include "bench/micro/flops.hpp"
#include "bench/micro/model_flops.hpp"
#include "methods/base_models/emb_mlp.hpp"
#include "methods/gradient.hpp"
#include "methods/sml/model_transfer.hpp"
#include "methods/sml/transfer_net.hpp"

namespace crbench {
namespace {

// FLOPs: micro::transfer_flops per row (bench/micro/model_flops.hpp).
struct Inputs {
  TransferShape shape;
  std::vector<float> weights, p, h, out, grad_out, grad_w, grad_h;
  TransferCache<float> cache;
  Inputs(int dim, int width, std::size_t rows) : shape{dim, width} {
    weights.resize(shape.parameter_count());
    initialise_transfer<float>(shape, weights, 1);
    std::mt19937_64 gen(2);
    auto fill = [&](std::vector<float>& v) {
      v.resize(rows * static_cast<std::size_t>(dim));
      for (auto& x : v) x = static_cast<float>(static_cast<double>(gen() >> 40) * 0x1.0p-24 - 0.5);
    };
    fill(p);
    fill(h);
    fill(grad_out);
    out.resize(p.size());
    grad_h.resize(p.size());
    grad_w.assign(weights.size(), 0.0f);
  }
};

void BM_TransferForward(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(2));
  Inputs in(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)), rows);
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    transfer_forward<float>(in.shape, in.weights, rows, in.p.data(), in.h.data(), in.out.data(),
                            nullptr);
    benchmark::DoNotOptimize(in.out.data());
  }
  flops.report(micro::transfer_flops(static_cast<double>(state.range(0)),
                                     static_cast<double>(state.range(1)), false) *
               static_cast<double>(rows));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(rows));
}

void BM_TransferForwardBackward(benchmark::State& state) {
  const auto rows = static_cast<std::size_t>(state.range(2));
  Inputs in(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)), rows);
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    transfer_forward<float>(in.shape, in.weights, rows, in.p.data(), in.h.data(), in.out.data(),
                            &in.cache);
    transfer_backward<float>(in.shape, in.weights, in.cache, in.grad_out.data(), in.grad_w,
                             in.grad_h.data());
    benchmark::DoNotOptimize(in.grad_h.data());
  }
  flops.report(micro::transfer_flops(static_cast<double>(state.range(0)),
                                     static_cast<double>(state.range(1)), true) *
               static_cast<double>(rows));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(rows));
}

void shapes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"D", "L", "rows"});
  for (const std::int64_t rows : {256, 4096}) {
    b->Args({8, 20, rows});
    b->Args({9, 20, rows});
  }
  b->Args({800, 80, 1});
}

BENCHMARK(BM_TransferForward)->Apply(shapes);
BENCHMARK(BM_TransferForwardBackward)->Apply(shapes);

}  // namespace
}  // namespace crbench

namespace crbench {
namespace {

// SML's transfer step on the reference model: f generates the rows a batch of
// 1024 reads (and every dense block) of an Emb&MLP at the base-model bench
// stream's shapes (100k users, 50k items, 20 categories), then the batch's
// model gradient (touched rows only) is back-propagated through f into its
// parameters and into Ŵ: ModelTransfer::generate + backward, the work SML adds
// to a base-model training step. items_per_second is embedding rows generated
// per second. FLOPs: micro::transfer_flops per generated row (forward) and per
// touched row (forward again and backward), each dense block one row of its own
// net's shape.
void BM_SmlTransferStep(benchmark::State& state) {
  const Stream& stream = micro::bench_stream(0);
  const EmbMlp model(shape_of(stream), EmbMlpParams{}, 1);
  const ModelTransfer transfer(model.layout(), 3);
  std::vector<float> prev(model.parameters().begin(), model.parameters().end());
  std::vector<float> hat = prev;
  for (std::size_t k = 0; k < hat.size(); ++k) hat[k] += 1e-3f * static_cast<float>(k % 7);
  std::vector<float> out(prev.size());
  constexpr std::size_t kSteps = 8;  // distinct batches cycled through
  std::vector<std::vector<std::vector<std::int32_t>>> reads(kSteps);
  std::vector<Gradient> grads;
  double flops = 0.0;
  double rows_generated = 0.0;
  for (std::size_t b = 0; b < kSteps; ++b) {
    const std::span<const RowIndex> batch = micro::bench_batch(stream, b);
    reads[b] = model.rows_read(stream, batch);
    grads.emplace_back(model.layout());
    model.loss_and_gradient(stream, batch, {}, grads.back());
    for (std::size_t k = 0; k < model.layout().size(); ++k) {
      const ParamBlock& block = model.layout()[k];
      const TransferShape& net = transfer.net_shape(k);
      const double rows = block.row_sparse ? static_cast<double>(reads[b][k].size()) : 1.0;
      const double touched =
          block.row_sparse ? static_cast<double>(grads.back().touched_rows(k).size()) : 1.0;
      flops += rows * micro::transfer_flops(net.dim, net.fc_width, false) +
               touched * micro::transfer_flops(net.dim, net.fc_width, true);
      if (block.row_sparse) rows_generated += rows;
    }
  }
  flops /= kSteps;
  rows_generated /= kSteps;
  Gradient transfer_grad(transfer.layout());
  Gradient hat_grad(model.layout());
  std::size_t step = 0;
  micro::FlopCounter counter(state);
  for (auto _ : state) {
    transfer.generate(prev, hat, reads[step], out);
    transfer_grad.clear();
    hat_grad.clear();
    transfer.backward(prev, hat, grads[step], &transfer_grad, &hat_grad);
    benchmark::DoNotOptimize(out.data());
    step = (step + 1) % kSteps;
  }
  counter.report(flops);
  state.SetItemsProcessed(
      static_cast<std::int64_t>(static_cast<double>(state.iterations()) * rows_generated));
}
BENCHMARK(BM_SmlTransferStep)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace crbench
