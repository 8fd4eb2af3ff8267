// Microbenchmarks of one APG layer (docs/methods/apg.md) against the static dense
// layer it replaces, forward and backward, on batches of 256 samples: N = M in
// {40, 256, 1024}, rank K in {4, 16, 64} (K <= N). The APG layer is the serving
// (collapsed) form with a given per-sample S; its cost must grow as (N + M)·K
// (+ K² for the per-sample product), the dense layer's as N·M. The generator
// S(z) = z G + c (z of size 8) is timed on its own: O(K²·D) per sample.
// items_per_second is samples per second; counters give the model's multiply-adds
// per sample, so time / madds should stay roughly flat along each row, and the
// FLOPs are 2 per multiply-add over the batch (bias and per-sample additions left
// out).
#include <benchmark/benchmark.h>

#include <Eigen/Core>
#include <cstddef>
#include <random>
#include <vector>

#include "bench/micro/bench_stream.hpp"
#include "bench/micro/flops.hpp"
#include "bench/micro/model_flops.hpp"
#include "methods/adam.hpp"
#include "methods/apg/apg_layer.hpp"
#include "methods/apg/apg_model.hpp"
#include "methods/numerics.hpp"

namespace crbench {
namespace {

constexpr std::size_t kBatch = 256;
constexpr int kConditionDim = 8;

std::vector<float> random_values(std::size_t n, std::uint64_t seed, float scale = 0.1f) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<float> u(-scale, scale);
  std::vector<float> v(n);
  for (float& x : v) x = u(gen);
  return v;
}

void set_counters(benchmark::State& state, micro::FlopCounter& flops, int n, int k, double madds) {
  flops.report(2.0 * madds * static_cast<double>(kBatch));
  state.counters["N"] = n;
  state.counters["K"] = k;
  state.counters["madds_per_sample"] = madds;
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(kBatch));
}

// range(0) = N = M, range(1) = 0 forward, 1 backward.
void BM_DenseLayer(benchmark::State& state) {
  const auto n = static_cast<Eigen::Index>(state.range(0));
  const bool backward = state.range(1) == 1;
  const auto b = static_cast<Eigen::Index>(kBatch);
  const std::vector<float> xs = random_values(kBatch * n, 1);
  const std::vector<float> ws = random_values(static_cast<std::size_t>(n * n), 2);
  const Eigen::Map<const RowMatrix> x(xs.data(), b, n), w(ws.data(), n, n);
  const Eigen::RowVectorXf bias = Eigen::RowVectorXf::Zero(n);
  RowMatrix z(b, n), dw = RowMatrix::Zero(n, n), dx(b, n);
  const RowMatrix dz = Eigen::Map<const RowMatrix>(random_values(kBatch * n, 3).data(), b, n);
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    if (!backward) {
      z.noalias() = x * w;
      z.rowwise() += bias;
      benchmark::DoNotOptimize(z.data());
    } else {
      dw.noalias() += x.transpose() * dz;
      dx.noalias() = dz * w.transpose();
      benchmark::DoNotOptimize(dx.data());
      benchmark::DoNotOptimize(dw.data());
    }
    benchmark::ClobberMemory();
  }
  set_counters(state, flops, static_cast<int>(n), 0,
               (backward ? 2.0 : 1.0) * static_cast<double>(n) * static_cast<double>(n));
}

// range(0) = N = M, range(1) = K, range(2) = 0 forward, 1 backward.
void BM_ApgLayer(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const int k = static_cast<int>(state.range(1));
  const bool backward = state.range(2) == 1;
  const auto nk = static_cast<std::size_t>(n) * static_cast<std::size_t>(k);
  const auto kk = static_cast<std::size_t>(k) * static_cast<std::size_t>(k);
  const std::vector<float> x = random_values(kBatch * static_cast<std::size_t>(n), 1);
  const std::vector<float> u = random_values(nk, 2), v = random_values(nk, 3);
  const std::vector<float> s = random_values(kBatch * kk, 4, 1.0f);
  const std::vector<float> bias(static_cast<std::size_t>(n), 0.0f);
  const std::vector<float> dz = random_values(kBatch * static_cast<std::size_t>(n), 5);
  std::vector<float> z(kBatch * static_cast<std::size_t>(n)), du(nk, 0.0f), dv(nk, 0.0f),
      db(static_cast<std::size_t>(n), 0.0f), ds(kBatch * kk),
      dx(kBatch * static_cast<std::size_t>(n));
  const apg::MatrixChain uc{{u.data()}, {n, k}}, vc{{v.data()}, {k, n}};
  apg::LayerCache cache;
  apg::layer_forward(uc, vc, bias.data(), x.data(), s.data(), kBatch, cache, z.data());
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    if (!backward) {
      apg::layer_forward(uc, vc, bias.data(), x.data(), s.data(), kBatch, cache, z.data());
      benchmark::DoNotOptimize(z.data());
    } else {
      apg::layer_backward(uc, vc, x.data(), s.data(), kBatch, cache, dz.data(), {{du.data()}},
                          {{dv.data()}}, db.data(), ds.data(), dx.data());
      benchmark::DoNotOptimize(dx.data());
    }
    benchmark::ClobberMemory();
  }
  const double per_sample = 2.0 * n * k + static_cast<double>(k) * k;
  set_counters(state, flops, n, k, backward ? 2.0 * per_sample : per_sample);
}

// range(0) = K: S = z G + c for a batch, z of size kConditionDim.
void BM_ApgGenerate(benchmark::State& state) {
  const auto k = static_cast<Eigen::Index>(state.range(0));
  const auto b = static_cast<Eigen::Index>(kBatch);
  const std::vector<float> zs = random_values(kBatch * kConditionDim, 1);
  const std::vector<float> gs = random_values(static_cast<std::size_t>(kConditionDim * k * k), 2);
  const Eigen::Map<const RowMatrix> z(zs.data(), b, kConditionDim),
      g(gs.data(), kConditionDim, k * k);
  const Eigen::RowVectorXf c = Eigen::RowVectorXf::Zero(k * k);
  RowMatrix s(b, k * k);
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    s.noalias() = z * g;
    s.rowwise() += c;
    benchmark::DoNotOptimize(s.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, flops, 0, static_cast<int>(k), static_cast<double>(k * k * kConditionDim));
}

void dense_args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"N", "backward"});
  for (const int n : {40, 256, 1024})
    for (const int dir : {0, 1}) b->Args({n, dir});
}

void apg_args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"N", "K", "backward"});
  for (const int dir : {0, 1})
    for (const int n : {40, 256, 1024})
      for (const int k : {4, 16, 64})
        if (k <= n) b->Args({n, k, dir});
}

BENCHMARK(BM_DenseLayer)->Apply(dense_args)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ApgLayer)->Apply(apg_args)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ApgGenerate)->ArgName("K")->Arg(4)->Arg(16)->Arg(64)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace crbench

namespace crbench {
namespace {

// One Adam training step of the APG base model (condition: the user's
// embedding, the default) on the base-model bench stream's batches of 1024
// (30-item histories), as BM_EmbMlpTrainStep does for the Emb&MLP.
// FLOPs: the Emb&MLP's inputs, loss and Adam (bench/micro/model_flops.hpp);
// every dense weight matrix (the over-parameterised U_l, U_r, V_l, V_r, each
// generator's D_z x K^2, the output layer) used once per sample forward
// (2 rows cols) and twice backward (its gradient and its input's), the
// per-sample K x K product with S likewise (2 K^2, twice that backward), each
// bias once forward and once backward.
double apg_batch_flops(const ApgModel& model, const Stream& stream, const micro::BatchReads& b) {
  const double d = model.config().embedding_dim;
  const bool cats = stream.num_categories > 0;
  const double n = static_cast<double>(b.samples);
  double products = 0.0, biases = 0.0;
  for (const ParamBlock& block : model.layout()) {
    if (block.row_sparse) continue;
    const double size = static_cast<double>(block.size());
    if (block.name.size() >= 4 && block.name.compare(block.name.size() - 4, 4, "bias") == 0) {
      biases += size;
    } else {
      products += 2 * size;
    }
  }
  for (std::size_t l = 0; l < model.num_apg_layers(); ++l) {
    products += 2.0 * model.rank(l) * model.rank(l);
  }
  micro::StepFlops f;
  f.forward = micro::embedding_inputs_forward(d, cats, b) + n * (products + biases);
  f.loss = 4 * n;
  f.backward = 2 * n + n * (2 * products + biases) + micro::embedding_inputs_backward(d, cats, b);
  f.adam = micro::adam_flops(model.layout(), d, cats, b);
  return f.total();
}

void BM_ApgTrainStep(benchmark::State& state) {
  const Stream& stream = micro::bench_stream(static_cast<int>(state.range(0)));
  ApgModel model(shape_of(stream), ApgParams{}, 1);
  // Lazy embedding Adam: the FLOP count (micro::adam_flops) follows the touched rows.
  Adam adam(model.parameter_count(), AdamSettings{.embedding = EmbeddingAdam::lazy});
  Gradient grad(model.layout());
  double flops = 0.0;
  for (std::size_t b = 0; b < micro::kBatches; ++b) {
    flops +=
        apg_batch_flops(model, stream, micro::batch_reads(stream, micro::bench_batch(stream, b)));
  }
  flops /= micro::kBatches;
  std::size_t batch = 0;
  micro::FlopCounter counter(state);
  for (auto _ : state) {
    grad.clear();
    const double loss =
        model.loss_and_gradient(stream, micro::bench_batch(stream, batch), {}, grad);
    adam.step(model.parameters(), grad, 1e-3f);
    benchmark::DoNotOptimize(loss);
    batch = (batch + 1) % micro::kBatches;
  }
  counter.report(flops);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(micro::kBatch));
  state.counters["flop_per_sample"] = flops / micro::kBatch;
}
BENCHMARK(BM_ApgTrainStep)->ArgName("skew")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace crbench
