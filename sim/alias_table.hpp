// Walker's alias method (Vose's O(n) construction): O(1) draws from a fixed
// discrete distribution, used for user activity and item exposure in every period.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "core/seeding.hpp"

namespace crbench::sim::internal {

class AliasTable {
 public:
  // Rebuilds the table for `weights` (non-negative, positive sum); storage is
  // reused from the previous build, so per-period rebuilds do not allocate.
  void build(std::span<const double> weights) {
    const std::size_t n = weights.size();
    double total = 0.0;
    for (const double w : weights) total += w;
    if (n == 0 || !(total > 0.0)) throw std::logic_error("alias table: no positive weight");
    cells_.resize(n);
    small_.clear();
    large_.clear();
    scaled_.resize(n);
    for (std::size_t k = 0; k < n; ++k) {
      scaled_[k] = weights[k] * static_cast<double>(n) / total;
      (scaled_[k] < 1.0 ? small_ : large_).push_back(static_cast<std::uint32_t>(k));
    }
    while (!small_.empty() && !large_.empty()) {
      const std::uint32_t s = small_.back();
      small_.pop_back();
      const std::uint32_t l = large_.back();
      cells_[s] = {scaled_[s], l};
      scaled_[l] = (scaled_[l] + scaled_[s]) - 1.0;
      if (scaled_[l] < 1.0) {
        large_.pop_back();
        small_.push_back(l);
      }
    }
    // Leftovers are 1 up to rounding: they keep their own column.
    for (const std::uint32_t k : large_) cells_[k] = {1.0, k};
    for (const std::uint32_t k : small_) cells_[k] = {1.0, k};
  }

  std::size_t size() const { return cells_.size(); }

  template <class Rng>
  std::uint32_t sample(Rng& rng) const {
    const auto k = static_cast<std::uint32_t>(uniform_below(rng, cells_.size()));
    const Cell& c = cells_[k];
    return uniform_unit(rng) < c.keep ? k : c.alias;
  }

 private:
  struct Cell {
    double keep = 1.0;  // probability of keeping column k rather than taking its alias
    std::uint32_t alias = 0;
  };
  std::vector<Cell> cells_;
  std::vector<double> scaled_;
  std::vector<std::uint32_t> small_, large_;
};

}  // namespace crbench::sim::internal
