// What ran a grid: `crbench run --results FILE` appends one row per invocation
// to a sidecar FILE's stem + ".runs.csv" (results.csv -> results.runs.csv):
// when, with which crbench (version, git commit, build type), on which machine
// (CPU model, hardware threads) with how many worker threads, and what it did.
// The results rows themselves stay as they are: none of this is part of a job's
// configuration or hash, and old results files stay readable. The leaderboard
// shows these rows in each page's header (docs/results.md).
#pragma once

#include <string>
#include <vector>

namespace crbench {

struct RunInfo {
  std::string started_utc;  // "2026-12-01T22:10:05Z"
  double wall_seconds = 0.0;
  std::string crbench_version;
  std::string git_commit;
  std::string build_type;
  std::string cpu_model;  // /proc/cpuinfo's "model name" ("unknown" elsewhere)
  int hardware_threads = 0;
  int threads = 0;    // worker threads of the run
  std::string shard;  // "i/N", empty when the whole grid
  std::size_t jobs_run = 0;
  std::size_t jobs_skipped = 0;
  std::size_t jobs_failed = 0;
  std::string command;  // the command line
};

// This process and machine now: version, commit, build type, CPU, hardware
// threads and the start time (the rest is the caller's).
RunInfo current_run_info();

// "dir/results.csv" -> "dir/results.runs.csv"; a name without ".csv" gets ".runs.csv" appended.
std::string run_info_path(const std::string& results_path);

// Appends one row (creating the file with its header); DataError when it cannot be written.
void append_run_info(const std::string& results_path, const RunInfo& info);

// The rows of a results file's sidecar, oldest first; empty when there is none.
// DataError (naming the file and line) for a file that is not a run-info file.
std::vector<RunInfo> read_run_info(const std::string& results_path);

// The CSV header of the sidecar.
const std::string& run_info_header();

}  // namespace crbench
