// settings.json of a stream's leaderboard: what the page says about how its
// numbers were made, for leaderboard.html and for anyone reading the files.
// Per board: the label, the full setting and its leaves (stream, protocol), the
// seeds, test and recorded periods, the baseline, and for a simulated stream
// the scenario's parameters and drift periods (bench/scenario_info.hpp); each
// method's short name and family; the method families; the runs that wrote
// the results (bench/run_info.hpp) and the crbench that made the leaderboard.
#pragma once

#include <string>
#include <vector>

#include "bench/boards.hpp"
#include "bench/json.hpp"
#include "bench/run_info.hpp"

namespace crbench {

// The results files a leaderboard was made from, with the rows of their
// run-info sidecars (empty when a file has none).
struct ResultsSource {
  std::string path;
  std::vector<RunInfo> runs;
};

Json leaderboard_settings(const StreamResults& stream, const std::string& baseline,
                          const std::vector<ResultsSource>& sources);

// A run-info row as a JSON object (keys as the sidecar's columns).
Json run_info_json(const RunInfo& info);

}  // namespace crbench
