// The drift simulator: a seeded latent-factor world whose users and items drift
// in controlled ways. It emits the same data as a real log (RawLog / Stream with
// given 0/1 labels, categories, timestamps) plus the ground-truth click
// probability of every sample, so methods can be scored against the best
// possible predictor (the `oracle` method).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "datasets/raw_log.hpp"
#include "datasets/stream.hpp"
#include "sim/scenario.hpp"

namespace crbench::sim {

// One period's samples, in time order.
struct SimulatedPeriod {
  std::vector<std::int64_t> user;
  std::vector<std::int64_t> item;
  std::vector<std::int64_t> timestamp;  // strictly increasing across the whole stream
  std::vector<float> label;             // 0/1 click
  // The attainable ground truth: the click probability given (user, item, period),
  // the best any model can serve (with two concepts mixed, their mixture).
  std::vector<float> probability;
  // The concept the click followed (0 the base concept_id; 1 the mixed-in or sudden
  // one; k recurring's k) and that concept_id's probability, which the label was drawn
  // from: equal to `probability` unless two concepts are mixed.
  std::vector<std::uint8_t> concept_id;
  std::vector<float> realised_probability;
  void clear();
};

class Simulator {
 public:
  Simulator(const Scenario& scenario, std::uint64_t seed);
  ~Simulator();
  Simulator(Simulator&&) noexcept;
  Simulator& operator=(Simulator&&) noexcept;

  int num_periods() const;
  // Generates the next period (0, 1, ..., num_periods()-1 in order): the same
  // bytes for a (scenario, seed) whatever the number of threads.
  void next_period(SimulatedPeriod& out);
  int periods_generated() const;

  // Raw item id -> category ids, and category names (fixed for the world).
  const std::vector<std::vector<std::int32_t>>& item_categories() const;
  const std::vector<std::string>& category_names() const;
  // 0-based periods where each drift starts and ends (inclusive), for plots and
  // recovery-time measures.
  const std::vector<int>& drift_start_periods() const;
  const std::vector<int>& drift_end_periods() const;
  // The stream metadata the world gives: drift windows and catalogue sizes.
  void describe(StreamMetadata& meta) const;

 private:
  struct World;
  std::unique_ptr<World> world_;
};

// The whole stream in memory: periods are exactly the simulator's (every period
// has the same number of samples, so the equal-count split recovers them).
RawLog simulate_log(const Scenario& scenario, std::uint64_t seed);
Stream simulate_stream(const Scenario& scenario, std::uint64_t seed, int max_history = 30);

// Writes the stream as CSV (header
// user,item,timestamp,label,probability,category,concept_id,realised_probability)
// one period at a time, so a 100M-sample stream never sits in memory. The
// generic loader reads it back with --label-col label --probability-col probability
// --category-col category. Throws DataError when the file cannot be written.
void write_simulated_csv(const Scenario& scenario, std::uint64_t seed, const std::string& path);

}  // namespace crbench::sim
