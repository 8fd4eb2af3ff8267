// The stream the base-model microbenchmarks train and score on (Emb&MLP, APG,
// SML's transfer step): reference shapes without a loader, and the counts of
// what a batch of it reads, from which the benchmarks count their FLOPs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "datasets/stream.hpp"

namespace crbench::micro {

constexpr std::int32_t kUsers = 100'000;
constexpr std::int32_t kItems = 50'000;
constexpr std::int32_t kCategories = 20;
constexpr int kPositivesPerUser = 40;
constexpr int kHistory = 30;
constexpr std::size_t kBatch = 1024;
constexpr std::size_t kBatches = 64;  // distinct batches cycled through

// A consistent Stream built by hand: every user has kPositivesPerUser positives,
// every sample a full 30-item window of its user's positives, every item 1-3
// categories. Item popularity is uniform (skew 0, the worst case for cache reuse)
// or heavy-tailed (skew 1: item = floor(num_items * u^3)). kBatch * kBatches
// samples in one period; built once per skew.
const Stream& bench_stream(int skew);

// The same construction at the shape of the ASMG paper's MovieLens-25M stream
// (162,541 users, 59,047 items, heavy-tailed; about 25M samples in 31 periods,
// i.e. kMl25mBatches batches of 1024 a period), one period's worth of samples.
constexpr std::int32_t kMl25mUsers = 162'541;
constexpr std::int32_t kMl25mItems = 59'047;
constexpr std::size_t kMl25mBatches = 788;
const Stream& ml25m_bench_stream();

// Batch b (< the stream's samples / kBatch) of a bench stream: rows [b * kBatch, (b + 1) * kBatch).
std::span<const RowIndex> bench_batch(const Stream& stream, std::size_t b);

// What a batch reads, for FLOP counts that follow the distinct rows.
struct BatchReads {
  std::size_t samples = 0;
  std::size_t history_entries = 0;  // summed over the samples
  std::size_t users = 0;            // distinct
  std::size_t items = 0;            // distinct, targets and history items
  std::size_t item_categories = 0;  // summed over the distinct items
  std::size_t items_with_categories = 0;
  std::size_t categories = 0;  // distinct
};
BatchReads batch_reads(const Stream& stream, std::span<const RowIndex> rows);

}  // namespace crbench::micro
