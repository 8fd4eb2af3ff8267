// Microbenchmark of ASMG's meta generator (docs/methods/asmg.md): one training
// step's generator work, the forward pass over a window of k = 3 input models and
// the truncated-BPTT backward pass with the multi-step loss, H = 4, over N
// coordinates of a dense block (per-scalar weights) or of an embedding table
// (8 columns, weights shared by rows), at each SIMD level of the GRU kernels
// (the same results at every level). items_per_second is coordinates per
// second; coordinate_steps (a counter) is that times k.
// Arguments N / embedding / tape / level: tape 1 is what ASMG's training step
// does (the forward pass keeps its activations for the backward pass while they
// fit in kMaxTapeScalars, so from 64k coordinates both rows recompute); tape 0
// always recomputes them in the backward pass. level: 0 sse2, 1 avx2, 2 avx512.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "bench/micro/flops.hpp"
#include "methods/asmg/asmg_generator.hpp"

namespace crbench {
namespace {

// FLOPs of the GRU kernels (methods/asmg/gru_kernels.hpp) per coordinate, as
// written there (a common subexpression the compiler may merge counts twice).
// tanh is Eigen's rational approximation: x^2 (1), numerator 6 multiply-adds
// and a multiply (13), denominator 3 multiply-adds (6), a division (1) = 21;
// sigma(v) = 0.5 + 0.5 tanh(0.5 v) = 24.
// Forward step: per unit a, z and r pre-activations 2 (1 + 2H), their sigmas
// 2 x 24, r*h 1, g's pre-activation 1 + 2H and tanh 21, h' = h + z (g - h) 3,
// plus the read-out 2H: H (3 + 6H + 73) + 2H.
// Backward step: dh += dy w_y 2H; per unit dz 5, dg 4, dh' 2, r*h 1; per unit
// d(rh) 2H - 1, dr 4, dh' += 2; per unit dh 4H: H (12 + 2H + 5 + 4H) + 2H.
// Weight gradients per step: b_y 1, w_y 2H, u 6H, W 6H^2; plus one addition
// per meta weight (4H + 3H^2 + 1) at the end. Without the tape the backward
// pass first reruns the forward pass without the read-out.
double gru_flops_per_coordinate(int hidden, int length, bool taped) {
  const double h = hidden, l = length;
  const double forward_step = h * (3 + 6 * h + 73) + 2 * h;
  const double backward_step = h * (12 + 2 * h + 5 + 4 * h) + 2 * h;
  const double weight_step = 1 + 2 * h + 6 * h + 6 * h * h;
  const double meta = 4 * h + 3 * h * h + 1;
  const double recompute = taped ? 0.0 : l * (forward_step - 2 * h);
  return l * forward_step + recompute + l * (backward_step + weight_step) + meta;
}

void BM_AsmgGeneratorStep(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const bool embedding = state.range(1) != 0;
  const bool taped = state.range(2) != 0;
  const auto level = static_cast<SimdLevel>(state.range(3));
  if (!simd_supported(level)) {
    state.SkipWithError("this CPU does not support the SIMD level");
    return;
  }
  constexpr int kWindow = 3;
  constexpr int kHidden = 4;
  constexpr std::size_t kCols = 8;
  ParamBlock block{embedding ? "embedding" : "dense", 0, embedding ? n / kCols : 1,
                   embedding ? kCols : n, embedding};
  const AsmgGenerator gen({block}, GeneratorKind::gru, kHidden, kWindow, 7, level);
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
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    gen.forward(window, h0.data(), {}, out_ptrs, taped ? &tape : nullptr);
    gen.backward(window, h0.data(), {}, grad_ptrs, weights, meta_grad, taped ? &tape : nullptr);
    benchmark::DoNotOptimize(meta_grad.data());
    benchmark::ClobberMemory();
  }
  const bool kept = taped && tape.recorded;
  flops.report(gru_flops_per_coordinate(kHidden, kWindow, kept) * static_cast<double>(n));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(block.size()));
  state.counters["coordinate_steps"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(n) * kWindow,
                         benchmark::Counter::kIsRate);
}

void register_asmg_benchmarks() {
  for (const int embedding : {0, 1}) {
    for (const std::int64_t n : {4'096, 16'384, 65'536, 1'048'576}) {
      for (const int level : {0, 1, 2}) {
        benchmark::RegisterBenchmark(
            embedding ? "BM_AsmgGeneratorStep/embedding" : "BM_AsmgGeneratorStep/dense",
            BM_AsmgGeneratorStep)
            ->ArgNames({"N", "embedding", "tape", "level"})
            ->Args({n, embedding, 1, level})
            ->Args({n, embedding, 0, level})
            ->Unit(benchmark::kMicrosecond);
      }
    }
  }
}

[[maybe_unused]] const bool registered = (register_asmg_benchmarks(), true);

}  // namespace
}  // namespace crbench
