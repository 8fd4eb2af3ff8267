// Microbenchmarks of full-ranking evaluation for one user: scoring every item
// with the Emb&MLP's shared first layer (the path the protocol takes), the same
// through synthetic rows (the generic path any Scorer gets), preparing the
// per-item part once per period, and the tie-aware metrics over the scores. Item
// counts are the bundled log's (9,742 movies, 20 genres) and MovieLens-25M's
// (59,047); items_per_second is (user, item) pairs per second on one thread.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "bench/ranking_metrics.hpp"
#include "datasets/stream.hpp"
#include "methods/base_models/emb_mlp.hpp"
#include "methods/candidate_scorer.hpp"

namespace crbench {
namespace {

constexpr std::int32_t kUsers = 1000;
constexpr std::int32_t kCategories = 20;
constexpr int kHistory = 30;

// What candidate scoring reads of a stream: the shape and the item categories
// (1-3 per item, as MovieLens genres).
Stream catalogue(std::int32_t items) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(items));
  Stream s;
  s.meta.name = "ranking-bench";
  s.num_users = kUsers;
  s.num_items = items;
  s.num_categories = kCategories;
  s.max_history = kHistory;
  s.item_category_offset.push_back(0);
  for (std::int32_t i = 0; i < items; ++i) {
    const auto count = static_cast<int>(1 + rng() % 3);
    const auto first = static_cast<std::int32_t>(rng() % kCategories);
    for (int k = 0; k < count; ++k) s.item_categories.push_back((first + k) % kCategories);
    s.item_category_offset.push_back(static_cast<std::int32_t>(s.item_categories.size()));
  }
  return s;
}

std::vector<std::int32_t> every_item(const Stream& s) {
  std::vector<std::int32_t> items(static_cast<std::size_t>(s.num_items));
  for (std::size_t i = 0; i < items.size(); ++i) items[i] = static_cast<std::int32_t>(i);
  return items;
}

std::vector<std::int32_t> some_history(const Stream& s) {
  std::mt19937_64 rng(9);
  std::vector<std::int32_t> h(kHistory);
  for (std::int32_t& i : h)
    i = static_cast<std::int32_t>(rng() % static_cast<std::uint64_t>(s.num_items));
  return h;
}

void score_users(benchmark::State& state, bool shared_first_layer) {
  const Stream s = catalogue(static_cast<std::int32_t>(state.range(0)));
  const EmbMlp model(shape_of(s), EmbMlpParams{}, 1);
  const std::vector<std::int32_t> items = every_item(s);
  const auto scorer = shared_first_layer ? model.candidate_scorer(s, 0, items)
                                         : row_candidate_scorer(model, s, items);
  const std::vector<std::int32_t> history = some_history(s);
  std::vector<float> out(items.size());
  std::int32_t user = 0;
  for (auto _ : state) {
    scorer->score({user, history, kHistory}, out);
    benchmark::DoNotOptimize(out.data());
    user = (user + 1) % kUsers;
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(items.size()));
}

void BM_RankingScoreUserSharedFirstLayer(benchmark::State& state) { score_users(state, true); }
BENCHMARK(BM_RankingScoreUserSharedFirstLayer)
    ->ArgName("items")
    ->Arg(9742)
    ->Arg(59047)
    ->Unit(benchmark::kMillisecond);

void BM_RankingScoreUserSyntheticRows(benchmark::State& state) { score_users(state, false); }
BENCHMARK(BM_RankingScoreUserSyntheticRows)
    ->ArgName("items")
    ->Arg(9742)
    ->Arg(59047)
    ->Unit(benchmark::kMillisecond);

// Once per period and method: the item vectors times the first layer's item rows.
void BM_RankingPrepareItems(benchmark::State& state) {
  const Stream s = catalogue(static_cast<std::int32_t>(state.range(0)));
  const EmbMlp model(shape_of(s), EmbMlpParams{}, 1);
  const std::vector<std::int32_t> items = every_item(s);
  for (auto _ : state) benchmark::DoNotOptimize(model.candidate_scorer(s, 0, items));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(items.size()));
}
BENCHMARK(BM_RankingPrepareItems)
    ->ArgName("items")
    ->Arg(9742)
    ->Arg(59047)
    ->Unit(benchmark::kMillisecond);

// The metrics at K = 10, 20 over one user's scores: 10 positives, 100 excluded.
void BM_RankingUserMetrics(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::mt19937_64 rng(4);
  std::vector<float> scores(n);
  for (float& x : scores) x = static_cast<float>(rng() >> 40) * 0x1.0p-24f;
  std::vector<CandidateRole> roles(n, CandidateRole::kNegative);
  for (std::size_t k = 0; k < 100; ++k) roles[rng() % n] = CandidateRole::kExcluded;
  for (std::size_t k = 0; k < 10; ++k) roles[rng() % n] = CandidateRole::kPositive;
  const std::vector<int> cutoffs = {10, 20};
  for (auto _ : state) benchmark::DoNotOptimize(rank_user(scores, roles, cutoffs));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
}
BENCHMARK(BM_RankingUserMetrics)
    ->ArgName("items")
    ->Arg(9742)
    ->Arg(59047)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace crbench
