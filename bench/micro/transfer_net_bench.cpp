// Microbenchmarks of SML's transfer module (methods/sml/transfer_net.hpp) at the shapes
// SML uses: an embedding table's rows (D = 8 for Emb&MLP, 9 for MF's [factors ;
// bias], FC width 20) in batches, and the Emb&MLP's first kernel as one row
// (D = 800, width 80). Forward alone (generating a served model) and forward +
// backward (one training step's work). items_per_second is rows per second.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "bench/micro/flops.hpp"
#include "bench/micro/model_flops.hpp"
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
