// Microbenchmarks of one APG layer (METHODS.md section 7) against the static dense
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

#include "bench/micro/flops.hpp"
#include "methods/apg/apg_layer.hpp"

namespace crbench {
namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

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
