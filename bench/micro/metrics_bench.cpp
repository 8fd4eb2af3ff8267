// Microbenchmarks of the evaluation metrics on one million deterministic random samples.
// FLOPs (double): the sorts are integer work; the rank sum adds 6 operations per
// run of tied scores (RankCounter::add_run in bench/metrics.cpp), counted on the
// data (about one run per sample: the scores are nearly all distinct), and
// GAUC 6 more per group for its weighted mean.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "bench/metrics.hpp"
#include "bench/micro/flops.hpp"

namespace crbench {
namespace {

constexpr std::size_t kSamples = 1'000'000;
constexpr std::int32_t kGroups = 10'000;  // ~100 samples per group, like users in a period

struct MetricsData {
  std::vector<float> labels;
  std::vector<float> scores;
  std::vector<std::int32_t> groups;
  double score_runs = 0;  // distinct scores
  double group_runs = 0;  // distinct (group, score) pairs
};

const MetricsData& metrics_data() {
  static const MetricsData data = [] {
    MetricsData d;
    std::mt19937_64 rng(42);
    std::bernoulli_distribution label_dist(0.3);
    std::uniform_real_distribution<float> score_dist(0.0f, 1.0f);
    std::uniform_int_distribution<std::int32_t> group_dist(0, kGroups - 1);
    d.labels.resize(kSamples);
    d.scores.resize(kSamples);
    d.groups.resize(kSamples);
    for (std::size_t i = 0; i < kSamples; ++i) {
      d.labels[i] = label_dist(rng) ? 1.0f : 0.0f;
      d.scores[i] = score_dist(rng);
      d.groups[i] = group_dist(rng);
    }
    std::vector<float> sorted = d.scores;
    std::sort(sorted.begin(), sorted.end());
    d.score_runs = static_cast<double>(std::unique(sorted.begin(), sorted.end()) - sorted.begin());
    std::vector<std::pair<std::int32_t, float>> pairs;
    for (std::size_t i = 0; i < kSamples; ++i) pairs.emplace_back(d.groups[i], d.scores[i]);
    std::sort(pairs.begin(), pairs.end());
    d.group_runs = static_cast<double>(std::unique(pairs.begin(), pairs.end()) - pairs.begin());
    return d;
  }();
  return data;
}

void BM_Auc(benchmark::State& state) {
  const MetricsData& data = metrics_data();
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    benchmark::DoNotOptimize(roc_auc(data.labels, data.scores));
  }
  flops.report(6 * data.score_runs);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kSamples));
}
BENCHMARK(BM_Auc)->Unit(benchmark::kMillisecond);

void BM_GroupAuc(benchmark::State& state) {
  const MetricsData& data = metrics_data();
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    benchmark::DoNotOptimize(group_auc(data.labels, data.scores, data.groups));
  }
  flops.report(6 * data.group_runs + 6 * kGroups);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kSamples));
}
BENCHMARK(BM_GroupAuc)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace crbench
