// Microbenchmarks of the reference base model at reference shapes: one Adam
// training step (loss_and_gradient + Adam step + gradient clear) and scoring, on
// batches of 1024 samples with full 30-item histories and 1-3 categories per item.
// items_per_second is samples per second.
//
// BM_EmbMlpTrainStepMl25m compares dense and lazy embedding Adam at the shape of
// the ASMG paper's MovieLens-25M stream (162,541 users, 59,047 items, about 25M
// samples in 31 periods: 788 batches of 1024 a period): a period's distinct
// batches in turn, with dense Adam's per-batch catch-up (rows_read + catch_up_rows)
// and its catch_up_all at the end of each period (as train() does), so a user
// row is skipped for about 160 steps at a time, as in the real stream.
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

constexpr std::int32_t kCategories = 20;
constexpr int kPositivesPerUser = 40;
constexpr int kHistory = 30;
constexpr std::size_t kBatch = 1024;

struct BenchShape {
  std::int32_t users;
  std::int32_t items;
  std::size_t batches;  // distinct batches cycled through
};
constexpr BenchShape kSmallShape{100'000, 50'000, 64};
constexpr BenchShape kMl25mShape{162'541, 59'047, 788};

// A consistent Stream built by hand (no loader): every user has kPositivesPerUser
// positives and every sample a full 30-item window of its user's positives. Item
// popularity is uniform (skew 0, the worst case for cache reuse) or heavy-tailed
// (skew 1: item = floor(num_items * u^3), a few items take most interactions).
Stream make_bench_stream(int skew, const BenchShape& shape) {
  const std::int32_t num_users = shape.users;
  const std::int32_t num_items = shape.items;
  std::mt19937_64 rng(2024 + static_cast<std::uint64_t>(skew));
  auto below = [&rng](std::uint64_t n) { return static_cast<std::int32_t>(rng() % n); };
  auto unit = [&rng] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  auto draw_item = [&]() -> std::int32_t {
    if (skew == 0) return below(static_cast<std::uint64_t>(num_items));
    const double u = unit();
    return static_cast<std::int32_t>(static_cast<double>(num_items) * u * u * u);
  };

  Stream s;
  s.meta.name = "bench";
  s.num_users = num_users;
  s.num_items = num_items;
  s.num_categories = kCategories;
  s.max_history = kHistory;

  s.user_positive_offset.reserve(num_users + 1);
  s.user_positive_offset.push_back(0);
  s.positive_items.reserve(static_cast<std::size_t>(num_users) * kPositivesPerUser);
  for (std::int32_t u = 0; u < num_users; ++u) {
    for (int k = 0; k < kPositivesPerUser; ++k) s.positive_items.push_back(draw_item());
    s.user_positive_offset.push_back(static_cast<std::int64_t>(s.positive_items.size()));
  }

  s.item_category_offset.push_back(0);
  for (std::int32_t i = 0; i < num_items; ++i) {
    const int count = 1 + below(3);
    for (int k = 0; k < count; ++k) {
      // Distinct categories: consecutive ids from a random start.
      s.item_categories.push_back((below(kCategories) + k) % kCategories);
    }
    s.item_category_offset.push_back(static_cast<std::int32_t>(s.item_categories.size()));
  }

  const std::size_t n = kBatch * shape.batches;
  for (std::size_t r = 0; r < n; ++r) {
    const std::int32_t user = below(static_cast<std::uint64_t>(num_users));
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
  static const Stream uniform = make_bench_stream(0, kSmallShape);
  static const Stream skewed = make_bench_stream(1, kSmallShape);
  return skew == 0 ? uniform : skewed;
}

// Training steps on the stream's distinct batches in turn, timed as train() runs
// them: with dense embedding Adam, each batch's rows are caught up before its
// forward pass and every row after the last batch (the end of a period's
// train() call). The counter "replayed" is the parameter-steps the catch-ups
// replayed, per step.
void run_train_steps(benchmark::State& state, const Stream& stream, std::size_t batches,
                     EmbeddingAdam mode) {
  EmbMlp model(shape_of(stream), EmbMlpParams{}, 1);
  Adam adam(model.parameter_count(), AdamSettings{.embedding = mode});
  Gradient grad(model.layout());
  std::vector<RowIndex> rows(stream.num_samples());
  for (RowIndex r = 0; r < rows.size(); ++r) rows[r] = r;
  const bool dense = mode == EmbeddingAdam::dense;
  std::size_t batch = 0;
  for (auto _ : state) {
    const std::span<const RowIndex> batch_rows(rows.data() + batch * kBatch, kBatch);
    grad.clear();
    if (dense) adam.catch_up_rows(model.parameters(), model.rows_read(stream, batch_rows));
    const double loss = model.loss_and_gradient(stream, batch_rows, {}, grad);
    adam.step(model.parameters(), grad, 1e-3f);
    benchmark::DoNotOptimize(loss);
    batch = (batch + 1) % batches;
    if (batch == 0) adam.catch_up_all(model.parameters());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBatch));
  state.counters["replayed"] = benchmark::Counter(static_cast<double>(adam.replayed_steps()) /
                                                  static_cast<double>(state.iterations()));
}

EmbeddingAdam adam_arg(std::int64_t dense) {
  return dense == 1 ? EmbeddingAdam::dense : EmbeddingAdam::lazy;
}

// Arguments: item skew, dense (1) or lazy (0) embedding Adam. 64 distinct
// batches: rows are skipped for at most 63 steps.
void BM_EmbMlpTrainStep(benchmark::State& state) {
  run_train_steps(state, bench_stream(static_cast<int>(state.range(0))), kSmallShape.batches,
                  adam_arg(state.range(1)));
}
BENCHMARK(BM_EmbMlpTrainStep)
    ->ArgNames({"skew", "dense"})
    ->ArgsProduct({{0, 1}, {0, 1}})
    ->Unit(benchmark::kMicrosecond);

// The ML-25M shape (heavy-tailed items): a period of 788 distinct batches, so a
// user row is skipped for about 160 steps at a time, as in the real stream; three
// periods per measurement, so that the catch_up_all at each period's end is in it.
void BM_EmbMlpTrainStepMl25m(benchmark::State& state) {
  static const Stream stream = make_bench_stream(1, kMl25mShape);
  run_train_steps(state, stream, kMl25mShape.batches, adam_arg(state.range(0)));
}
BENCHMARK(BM_EmbMlpTrainStepMl25m)
    ->ArgName("dense")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMicrosecond)
    ->Iterations(3 * 788);

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
    batch = (batch + 1) % kSmallShape.batches;
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kBatch));
}
BENCHMARK(BM_EmbMlpScore)->ArgName("skew")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace crbench
