// What a simulated stream knows beyond its samples: the world's ground truth for
// any (user, item) pair, not only for the pairs that were logged. Full-ranking
// evaluation needs it to rank every candidate item the way the world would (the
// oracle's ranking, bench/ranking_eval.hpp); the simulator attaches one to the
// streams it builds in memory (sim/ground_truth.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <span>

namespace crbench {

// The ground truth of one period, prepared once and then queried per user.
class GroundTruthPeriod {
 public:
  virtual ~GroundTruthPeriod() = default;
  // For each of `items` (dense ids of the stream), the probability that `user`
  // (a dense id) clicks it at least once during the period. Items or users not
  // alive in the period get 0. Safe to call from several threads at once;
  // deterministic.
  virtual void period_click_probability(std::int32_t user, std::span<const std::int32_t> items,
                                        std::span<float> out) const = 0;
};

class GroundTruth {
 public:
  virtual ~GroundTruth() = default;
  // The ground truth of period `period` (0-based, the stream's numbering).
  virtual std::unique_ptr<const GroundTruthPeriod> period(int period) const = 0;
};

}  // namespace crbench
