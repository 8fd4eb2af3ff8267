// Leaderboards from results files (`crbench leaderboard`): per stream, methods
// ranked by mean AUC over recorded periods with seed statistics, regret vs the
// oracle, cost split, parameters and a paired test against iu, written as
// leaderboard.md and leaderboard.csv, plus per_period.csv for the plots of
// leaderboard.html (made by scripts/leaderboard_html.py).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "bench/protocol.hpp"

namespace crbench {

// The jobs of one stream (results' stream column), by variant (swept stream
// parameters; "" when the stream is not swept), variants in sweep order.
struct StreamResults {
  std::string stream;
  std::vector<std::string> variants;
  std::map<std::string, std::vector<JobResult>> jobs;
};

// Reads results files (concatenated shards, reruns): a job hash seen again in
// a later file or block replaces the earlier one. Streams in first-seen order.
std::vector<StreamResults> collect_results(const std::vector<std::string>& paths);

// Variants in sweep order: numerically by their values ("rate=3" < "rate=12").
std::vector<std::string> sort_variants(std::vector<std::string> variants);

std::string leaderboard_csv(const StreamResults& stream);
std::string leaderboard_md(const StreamResults& stream);
// Mean over seeds of each method's per-period AUC and regret (every scored period).
std::string per_period_csv(const StreamResults& stream);

}  // namespace crbench
