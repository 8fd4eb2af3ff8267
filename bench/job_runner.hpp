// Runs every (method, seed) job of one stream: one pre-trained model per seed,
// shared read-only by that seed's jobs, jobs in parallel on a oneTBB arena.
// Each job's result depends only on its configuration, not on the thread count.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench/protocol.hpp"
#include "bench/results.hpp"

namespace crbench {

struct JobPlan {
  std::vector<std::string> methods;  // method specs as given
  std::vector<std::uint64_t> seeds;
  ProtocolSettings protocol;
  int threads = 0;               // 0: all cores
  std::string results_path;      // empty: no results file
  std::string predictions_path;  // empty: no predictions file
  bool quiet = false;
};

struct JobRunReport {
  std::vector<JobResult> results;  // in (method, seed) order of the plan, skipped jobs left out
  std::size_t skipped = 0;         // already in the results file
  std::size_t failed = 0;
};

// Validates every method spec before any work (UsageError on the first bad one).
JobRunReport run_jobs(const Stream& stream, const JobPlan& plan);

}  // namespace crbench
