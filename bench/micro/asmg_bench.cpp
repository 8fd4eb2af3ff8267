// Microbenchmark of ASMG's meta generator (docs/methods/asmg.md): one training
// step's generator work, the forward pass over a window of k = 3 input models and
// the truncated-BPTT backward pass with the multi-step loss, H = 4, over N
// coordinates of a dense block (per-scalar weights) or of an embedding table
// (8 columns, weights shared by rows). items_per_second is coordinates per second.
// Arguments N / embedding / tape: tape 1 is what ASMG's training step does (the
// forward pass keeps its activations for the backward pass while they fit in
// kMaxTapeScalars, so at 1M coordinates both rows recompute); tape 0 always
// recomputes them in the backward pass.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "methods/asmg/asmg_generator.hpp"

namespace crbench {
namespace {

void BM_AsmgGeneratorStep(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const bool embedding = state.range(1) != 0;
  const bool taped = state.range(2) != 0;
  constexpr int kWindow = 3;
  constexpr int kHidden = 4;
  constexpr std::size_t kCols = 8;
  ParamBlock block{embedding ? "embedding" : "dense", 0, embedding ? n / kCols : 1,
                   embedding ? kCols : n, embedding};
  const AsmgGenerator gen({block}, GeneratorKind::gru, kHidden, kWindow, 7);
  std::mt19937_64 rng(11);
  auto fill = [&rng](std::vector<float>& v) {
    for (float& x : v) x = static_cast<float>(static_cast<double>(rng() >> 40) * 0x1.0p-24 - 0.5);
  };
  std::vector<std::vector<float>> models(kWindow, std::vector<float>(block.size()));
  std::vector<std::vector<float>> outs(kWindow, std::vector<float>(block.size()));
  std::vector<std::vector<float>> grads(kWindow, std::vector<float>(block.size()));
  for (auto& m : models) fill(m);
  for (auto& g : grads) fill(g);
  std::vector<float> h0(gen.state_size());
  fill(h0);
  std::vector<float> meta_grad(gen.meta_parameters().size());
  std::vector<const float*> window;
  std::vector<float*> out_ptrs;
  std::vector<const float*> grad_ptrs;
  for (int j = 0; j < kWindow; ++j) {
    window.push_back(models[static_cast<std::size_t>(j)].data());
    out_ptrs.push_back(outs[static_cast<std::size_t>(j)].data());
    grad_ptrs.push_back(grads[static_cast<std::size_t>(j)].data());
  }
  const std::vector<float> weights = {1.0f / 6, 2.0f / 6, 3.0f / 6};
  GeneratorTape tape;
  for (auto _ : state) {
    gen.forward(window, h0.data(), {}, out_ptrs, taped ? &tape : nullptr);
    gen.backward(window, h0.data(), {}, grad_ptrs, weights, meta_grad, taped ? &tape : nullptr);
    benchmark::DoNotOptimize(meta_grad.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(block.size()));
  state.counters["coordinates"] = static_cast<double>(block.size());
}

void register_asmg_benchmarks() {
  for (const int embedding : {0, 1}) {
    for (const std::int64_t n : {4'096, 65'536, 1'048'576}) {
      benchmark::RegisterBenchmark(
          embedding ? "BM_AsmgGeneratorStep/embedding" : "BM_AsmgGeneratorStep/dense",
          BM_AsmgGeneratorStep)
          ->Args({n, embedding, 1})
          ->Args({n, embedding, 0})
          ->Unit(benchmark::kMicrosecond);
    }
  }
}

[[maybe_unused]] const bool registered = (register_asmg_benchmarks(), true);

}  // namespace
}  // namespace crbench
