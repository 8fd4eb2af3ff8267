// Closed-loop exposure (docs/simulator.md, "Closed loop"): a simulated stream
// grown period by period in which a share of the impressions are chosen by the
// model being served, so that each method changes the data it learns from next,
// as a deployed recommender does. The world (and its ground truth) is the same
// seeded world as the open-loop stream's; only which items are shown depends on
// the served model.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "datasets/stream.hpp"
#include "sim/scenario.hpp"

namespace crbench::sim {

namespace internal {
class WorldModel;
struct PeriodState;
}  // namespace internal

struct ClosedLoopSettings {
  // Share of the impressions the served model chooses; 0 gives the open-loop
  // stream's samples exactly.
  double share = 0.0;
  // For each of them, the model ranks this many items drawn from the world's
  // exposure distribution and the top one is shown (candidate generation, then
  // ranking, as deployed systems do).
  int candidates = 20;
};

// Scores rows of `stream` with the served model (out[k] for rows[k]).
using RowScorer =
    std::function<void(const Stream& stream, std::span<const RowIndex> rows, std::span<float> out)>;

class ClosedLoopStream {
 public:
  // Builds the world and generates its first `open_periods` periods with the
  // world's own exposure (no model is served before pre-training). Ids are the
  // world's: dense user and item ids are the world ids (raw ids equal them) and
  // the stream is sized for every user and item the world will ever have, so that
  // models sized on the first periods fit every later one.
  ClosedLoopStream(const Scenario& scenario, std::uint64_t seed, int max_history,
                   const ClosedLoopSettings& loop, int open_periods);
  ~ClosedLoopStream();
  ClosedLoopStream(const ClosedLoopStream&);  // a job's own copy of a shared prefix
  ClosedLoopStream& operator=(const ClosedLoopStream&) = delete;

  // The periods generated so far (grown in place: the object stays, its columns move).
  const Stream& stream() const { return stream_; }
  int total_periods() const;
  int periods_generated() const { return stream_.num_periods(); }
  // Replaces the stream's source text (how results describe it).
  void set_source(std::string source) { stream_.meta.source = std::move(source); }

  // Generates the next period. For each impression the model chooses, the served
  // model scores `candidates` items for the sample's user (appended to the stream
  // as rows after the last period, with the user's history at the period's start
  // and the attainable probability as their ground truth, then removed) and the
  // best one is shown. The model never sees the labels it is choosing for.
  void next_period(const RowScorer& served);

 private:
  void generate(int t, const RowScorer* served);

  std::shared_ptr<const internal::WorldModel> world_;
  std::unique_ptr<internal::PeriodState> state_;
  std::uint64_t seed_;
  ClosedLoopSettings loop_;
  Stream stream_;
};

}  // namespace crbench::sim
