// The TBB grid runner (docs/architecture.md, "Grids, jobs and the runner"): every job (stream,
// method, seed) of a grid on one oneTBB task arena. Jobs sharing a stream and
// seed share one pre-trained model, trained once and released after their last
// job. A stream shared by every seed (a log, a fixed world) is loaded once and
// read by all its jobs; a simulated stream with a world per seed is generated
// once per seed, by the task that pre-trains that seed's model, and released
// with it; a closed-loop world's open periods likewise, each job then growing
// its own copy. A job's result is a pure function of its configuration, whatever
// the thread count. Finished jobs (in the results file) are skipped; --shard i/N
// keeps every N-th job.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench/protocol.hpp"
#include "bench/results.hpp"
#include "bench/simulated_stream.hpp"

namespace crbench {

// One stream of a grid with what to run on it: either one stream for every seed
// or a simulated world per seed.
struct GridStream {
  std::string name;                // results' stream column
  std::string variant;             // swept stream parameters ("" when none)
  const Stream* stream = nullptr;  // shared by every seed (else `simulated` below)
  ProtocolSettings protocol;
  std::vector<std::string> methods;  // method specs (expanded, no 'all', no '|')
  std::vector<std::uint64_t> seeds;
  // A simulated world per seed, when `stream` is null (replicate worlds, closed loop).
  std::shared_ptr<const SimulatedStreamSpec> simulated = {};

  int num_periods() const { return stream ? stream->num_periods() : simulated->periods(); }
  // The results' stream description (the same for every seed).
  std::string description() const;
};

struct GridRunOptions {
  int threads = 0;               // 0: all cores
  std::string results_path;      // empty: no results file (then nothing is skipped)
  std::string predictions_path;  // empty: no predictions file
  bool quiet = false;            // no per-job lines
  bool progress = false;         // draw the progress line (caller checks isatty)
  std::size_t shard_index = 0;   // run jobs j with j % shard_count == shard_index
  std::size_t shard_count = 1;
};

struct GridJobResult {
  std::size_t stream = 0;  // index into the grid's streams
  JobResult result;
};

struct GridRunReport {
  std::size_t total = 0;     // jobs in the whole grid
  std::size_t in_shard = 0;  // jobs of this shard
  std::size_t skipped = 0;   // of this shard, already finished in the results file
  std::size_t failed = 0;
  std::size_t pretrainings = 0;  // shared pre-trained models trained: one per (stream, seed) run
  int threads = 0;               // worker threads the jobs ran on
  std::vector<GridJobResult> results;  // jobs run, in grid order
};

// Validates every method spec first (UsageError on the first bad one).
GridRunReport run_grid(const std::vector<GridStream>& streams, const GridRunOptions& options);

// "i/N" with 0 <= i < N (UsageError otherwise).
void parse_shard(const std::string& text, std::size_t& index, std::size_t& count);

}  // namespace crbench
