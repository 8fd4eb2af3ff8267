// A fixed-capacity uniform sample of a stream of rows: Vitter's Algorithm R.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "core/seeding.hpp"
#include "datasets/stream.hpp"

namespace crbench {

class Reservoir {
 public:
  // Starts as `initial` standing for a uniform sample of `seen` rows.
  Reservoir(std::vector<RowIndex> initial, std::size_t capacity, std::uint64_t seen)
      : rows_(std::move(initial)), capacity_(capacity), seen_(seen) {}

  void offer(RowIndex row, std::mt19937_64& rng) {
    ++seen_;
    if (rows_.size() < capacity_) {
      rows_.push_back(row);
      return;
    }
    const std::uint64_t j = uniform_below(rng, seen_);
    if (j < capacity_) rows_[j] = row;
  }
  const std::vector<RowIndex>& rows() const { return rows_; }
  std::size_t capacity() const { return capacity_; }

 private:
  std::vector<RowIndex> rows_;
  std::size_t capacity_;
  std::uint64_t seen_;
};

// `count` distinct elements of `from`, uniformly (partial Fisher-Yates), in draw order.
std::vector<RowIndex> draw_uniform(const std::vector<RowIndex>& from, std::size_t count,
                                   std::mt19937_64& rng);

// `count` distinct elements of `from` drawn without replacement with probability
// proportional to weights (Efraimidis & Spirakis 2006: the largest log(u)/w keys).
std::vector<RowIndex> draw_weighted(const std::vector<RowIndex>& from,
                                    const std::vector<double>& weights, std::size_t count,
                                    std::mt19937_64& rng);

}  // namespace crbench
