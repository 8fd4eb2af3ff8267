// Microbenchmarks of the reference base model at reference shapes: one Adam
// training step (loss_and_gradient + Adam step + gradient clear) and scoring, on
// batches of 1024 samples with full 30-item histories and 1-3 categories per item.
// items_per_second is samples per second.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <vector>

#include "datasets/stream.hpp"
#include "methods/adam.hpp"
#include "methods/base_model.hpp"
#include "methods/base_models/emb_mlp.hpp"

namespace crbench {
namespace {

constexpr std::int32_t kUsers = 100'000;
constexpr std::int32_t kItems = 50'000;
constexpr std::int32_t kCategories = 20;
constexpr int kPositivesPerUser = 40;
constexpr int kHistory = 30;
constexpr std::size_t kBatch = 1024;
constexpr std::size_t kBatches = 64;  // distinct batches cycled through

// A consistent Stream built by hand (no loader): every user has kPositivesPerUser
// positives and every sample a full 30-item window of its user's positives. Item
// popularity is uniform (skew 0, the worst case for cache reuse) or heavy-tailed
// (skew 1: item = floor(num_items * u^3), a few items take most interactions).
Stream make_bench_stream(int skew) {
  std::mt19937_64 rng(2024 + static_cast<std::uint64_t>(skew));
  auto below = [&rng](std::uint64_t n) { return static_cast<std::int32_t>(rng() % n); };
  auto unit = [&rng] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  auto draw_item = [&]() -> std::int32_t {
    if (skew == 0) return below(kItems);
    const double u = unit();
    return static_cast<std::int32_t>(static_cast<double>(kItems) * u * u * u);
  };

  Stream s;
  s.meta.name = "bench";
  s.num_users = kUsers;
  s.num_items = kItems;
  s.num_categories = kCategories;
  s.max_history = kHistory;

  s.user_positive_offset.reserve(kUsers + 1);
  s.user_positive_offset.push_back(0);
  s.positive_items.reserve(static_cast<std::size_t>(kUsers) * kPositivesPerUser);
  for (std::int32_t u = 0; u < kUsers; ++u) {
    for (int k = 0; k < kPositivesPerUser; ++k) s.positive_items.push_back(draw_item());
    s.user_positive_offset.push_back(static_cast<std::int64_t>(s.positive_items.size()));
  }

  s.item_category_offset.push_back(0);
  for (std::int32_t i = 0; i < kItems; ++i) {
    const int count = 1 + below(3);
    for (int k = 0; k < count; ++k) {
      // Distinct categories: consecutive ids from a random start.
      s.item_categories.push_back((below(kCategories) + k) % kCategories);
    }
    s.item_category_offset.push_back(static_cast<std::int32_t>(s.item_categories.size()));
  }

  const std::size_t n = kBatch * kBatches;
  for (std::size_t r = 0; r < n; ++r) {
    const std::int32_t user = below(kUsers);
    s.user.push_back(user);
    s.item.push_back(draw_item());
    s.timestamp.push_back(static_cast<std::int64_t>(r));
    s.label.push_back(below(2) == 0 ? 1.0f : 0.0f);
    // The window ends somewhere in [30, 40] of the user's positives.
    s.history_end.push_back(s.user_positive_offset[static_cast<std::size_t>(user)] + kHistory +
                            below(kPositivesPerUser - kHistory + 1));
    s.history_len.push_back(static_cast<std::uint8_t>(kHistory));
  }
  s.period_offset = {0, static_cast<RowIndex>(n)};
  return s;
}

const Stream& bench_stream(int skew) {
  static const Stream uniform = make_bench_stream(0);
  static const Stream skewed = make_bench_stream(1);
  return skew == 0 ? uniform : skewed;
}

void BM_EmbMlpTrainStep(benchmark::State& state) {
  const Stream& stream = bench_stream(static_cast<int>(state.range(0)));
  EmbMlp model(shape_of(stream), EmbMlpParams{}, 1);
  Adam adam(model.parameter_count());
  Gradient grad(model.layout());
  std::vector<RowIndex> rows(stream.num_samples());
  for (RowIndex r = 0; r < rows.size(); ++r) rows[r] = r;
  std::size_t batch = 0;
  for (auto _ : state) {
    const std::span<const RowIndex> batch_rows(rows.data() + batch * kBatch, kBatch);
    grad.clear();
    const double loss = model.loss_and_gradient(stream, batch_rows, {}, grad);
    adam.step(model.parameters(), grad, 1e-3f);
    benchmark::DoNotOptimize(loss);
    batch = (batch + 1) % kBatches;
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBatch));
}
BENCHMARK(BM_EmbMlpTrainStep)->ArgName("skew")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_EmbMlpScore(benchmark::State& state) {
  const Stream& stream = bench_stream(static_cast<int>(state.range(0)));
  const EmbMlp model(shape_of(stream), EmbMlpParams{}, 1);
  std::vector<RowIndex> rows(stream.num_samples());
  for (RowIndex r = 0; r < rows.size(); ++r) rows[r] = r;
  std::vector<float> out(kBatch);
  std::size_t batch = 0;
  for (auto _ : state) {
    model.score(stream, std::span<const RowIndex>(rows.data() + batch * kBatch, kBatch), out);
    benchmark::DoNotOptimize(out.data());
    batch = (batch + 1) % kBatches;
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBatch));
}
BENCHMARK(BM_EmbMlpScore)->ArgName("skew")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace crbench
