// A simulated stream as a grid (or `crbench run --scenario`) names it: the
// scenario, whether every job seed has a world of its own (replicate worlds, the
// default: the world seed is the job seed) or all share one (--worlds fixed,
// --stream-seed), and closed-loop exposure. Its description (the results'
// stream text) is the same for every seed, so that a leaderboard pools the
// worlds of one setting and reports their spread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "datasets/stream.hpp"
#include "sim/closed_loop.hpp"
#include "sim/scenario.hpp"

namespace crbench {

enum class WorldMode { kReplicate, kFixed };

struct SimulatedStreamSpec {
  sim::Scenario scenario;
  WorldMode worlds = WorldMode::kReplicate;
  std::uint64_t fixed_seed = 1;  // the one world's seed when worlds == kFixed
  int history = 30;
  sim::ClosedLoopSettings loop;  // share 0: open loop

  std::uint64_t world_seed(std::uint64_t job_seed) const {
    return worlds == WorldMode::kFixed ? fixed_seed : job_seed;
  }
  bool closed_loop() const { return loop.share > 0.0; }
  // One stream for every seed: an open-loop fixed world.
  bool shared_by_seeds() const { return worlds == WorldMode::kFixed && !closed_loop(); }

  // The stream's source text: "sudden(...) seed=1" for a fixed world (as before
  // replicate worlds existed), "sudden(...) worlds=replicate" otherwise; closed
  // loops add " closed_loop=S candidates=C".
  std::string source() const;
  // What describe_stream says of every seed's stream.
  std::string description() const;
  // Its drift windows as results rows write them (drift_windows_text).
  std::string drift_windows_text() const;
  int periods() const;

  // The open-loop stream of a job seed's world.
  Stream open_stream(std::uint64_t job_seed) const;
  // A closed-loop world of a job seed with its first `open_periods` periods.
  std::unique_ptr<sim::ClosedLoopStream> closed_loop_prefix(std::uint64_t job_seed,
                                                            int open_periods) const;
};

}  // namespace crbench
