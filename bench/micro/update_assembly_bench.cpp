// Microbenchmarks of what the sample-based update methods do besides training
// the base model, at MovieLens-25M's period size (806,000 samples):
//   BM_BuWindowRows/w      BU-w's rows: the last w periods, in time order;
//   BM_TrainerBatches/w    the shared training loop (methods/trainer.cpp) over
//                          those rows with a model that does no work: the
//                          shuffle, batch gathering, gradient clearing and the
//                          optimiser step over its one parameter, i.e. what
//                          every method pays per row on top of its model;
//   BM_ReservoirOffer      replay's bookkeeping: one period offered to the
//                          positive and negative reservoirs (Algorithm R);
//   BM_ReplayDraw/weighted replay's draw from a reservoir holding 30% of 10
//                          periods: ratio 0.5 of the period, uniformly
//                          (reservoir) or by score rank (spmf's Efraimidis-
//                          Spirakis keys, scores not included).
// items_per_second is rows per second. FLOPs: none of this is floating-point
// work except the weighted draw's keys, log(u) / w per candidate (2; the log as
// 1); the others report 0.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <span>
#include <vector>

#include "bench/micro/flops.hpp"
#include "methods/base_model.hpp"
#include "methods/stream_window.hpp"
#include "methods/trainer.hpp"
#include "methods/updates/reservoir.hpp"

namespace crbench {
namespace {

constexpr std::size_t kPeriodSize = 806'000;
constexpr int kPeriods = 8;

// Periods of kPeriodSize rows with alternating labels; nothing else is read.
const Stream& periods_stream() {
  static const Stream s = [] {
    Stream out;
    out.num_users = 1;
    out.num_items = 1;
    const std::size_t n = kPeriodSize * kPeriods;
    out.user.assign(n, 0);
    out.item.assign(n, 0);
    out.label.resize(n);
    for (std::size_t r = 0; r < n; ++r) out.label[r] = r % 3 == 0 ? 1.0f : 0.0f;
    for (int p = 0; p <= kPeriods; ++p) {
      out.period_offset.push_back(static_cast<RowIndex>(kPeriodSize * static_cast<std::size_t>(p)));
    }
    return out;
  }();
  return s;
}

// A base model with one dense parameter whose loss reads nothing.
class IdleModel final : public BaseModel {
 public:
  IdleModel() {
    add_block("bias", 1, 1, false);
    allocate_parameters();
  }
  std::unique_ptr<BaseModel> clone() const override { return std::make_unique<IdleModel>(*this); }
  std::string kind() const override { return "idle"; }
  void initialise(std::uint64_t) override {}

 private:
  void compute_scores(const FeatureView&, std::span<const RowIndex>,
                      std::span<float> out) const override {
    for (float& v : out) v = 0.5f;
  }
  double compute_loss_and_gradient(const LabelledView&, std::span<const RowIndex> rows,
                                   std::span<const float>, Gradient&) const override {
    return static_cast<double>(rows.size());
  }
};

void BM_BuWindowRows(benchmark::State& state) {
  const auto w = static_cast<int>(state.range(0));
  const StreamWindow window(periods_stream(), kPeriods);
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    std::vector<RowIndex> rows = window.rows(kPeriods - w, kPeriods - 1);
    benchmark::DoNotOptimize(rows.data());
  }
  flops.report(0.0);
  state.SetItemsProcessed(state.iterations() * w * static_cast<std::int64_t>(kPeriodSize));
}
BENCHMARK(BM_BuWindowRows)->ArgName("w")->Arg(1)->Arg(3)->Arg(7)->Unit(benchmark::kMillisecond);

void BM_TrainerBatches(benchmark::State& state) {
  const auto w = static_cast<int>(state.range(0));
  const StreamWindow window(periods_stream(), kPeriods);
  const std::vector<RowIndex> rows = window.rows(kPeriods - w, kPeriods - 1);
  TrainingState training(std::make_unique<IdleModel>());
  const TrainSettings settings;  // batches of 1024, one epoch
  std::uint64_t seed = 1;
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    const TrainReport report = train(training, periods_stream(), rows, {}, settings, seed++);
    benchmark::DoNotOptimize(report);
  }
  flops.report(0.0);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows.size()));
}
BENCHMARK(BM_TrainerBatches)->ArgName("w")->Arg(1)->Arg(3)->Arg(7)->Unit(benchmark::kMillisecond);

void BM_ReservoirOffer(benchmark::State& state) {
  const Stream& s = periods_stream();
  std::mt19937_64 rng(3);
  const std::size_t capacity = 3 * kPeriodSize / 10 * 10 / 2;  // 30% of 10 periods, per label
  std::vector<RowIndex> seed_rows(capacity);
  for (std::size_t k = 0; k < capacity; ++k) seed_rows[k] = static_cast<RowIndex>(k);
  Reservoir positives(seed_rows, capacity, 10 * kPeriodSize);
  Reservoir negatives(seed_rows, capacity, 10 * kPeriodSize);
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    for (RowIndex r = s.period_begin(kPeriods - 1); r < s.period_end(kPeriods - 1); ++r) {
      (s.label[r] > 0.5f ? positives : negatives).offer(r, rng);
    }
    benchmark::DoNotOptimize(positives.rows().data());
  }
  flops.report(0.0);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kPeriodSize));
}
BENCHMARK(BM_ReservoirOffer)->Unit(benchmark::kMillisecond);

void BM_ReplayDraw(benchmark::State& state) {
  const bool weighted = state.range(0) != 0;
  const std::size_t pool_size = 3 * kPeriodSize;  // 30% of 10 periods
  std::vector<RowIndex> pool(pool_size);
  std::vector<double> weights(pool_size);
  for (std::size_t k = 0; k < pool_size; ++k) {
    pool[k] = static_cast<RowIndex>(k);
    weights[k] = std::exp(static_cast<double>(k) / static_cast<double>(pool_size));
  }
  const std::size_t count = kPeriodSize / 2;  // ratio 0.5
  std::mt19937_64 rng(5);
  micro::FlopCounter flops(state);
  for (auto _ : state) {
    const std::vector<RowIndex> drawn =
        weighted ? draw_weighted(pool, weights, count, rng) : draw_uniform(pool, count, rng);
    benchmark::DoNotOptimize(drawn.data());
  }
  flops.report(weighted ? 2.0 * static_cast<double>(pool_size) : 0.0);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(count));
}
BENCHMARK(BM_ReplayDraw)->ArgName("weighted")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace crbench
