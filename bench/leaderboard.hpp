// Leaderboards from results files (`crbench leaderboard`): per stream, one board
// per setting (bench/boards.hpp), methods ranked by mean AUC with seed
// statistics, regret vs the oracle, cost split, parameters, paired tests against
// a baseline and flags, written as leaderboard.md and leaderboard.csv, plus
// per_period.csv for the plots of leaderboard.html (scripts/leaderboard_html.py).
#pragma once

#include <string>

#include "bench/boards.hpp"
#include "bench/summary.hpp"

namespace crbench {

std::string leaderboard_csv(const StreamResults& stream,
                            const std::string& baseline = kDefaultBaseline);
std::string leaderboard_md(const StreamResults& stream,
                           const std::string& baseline = kDefaultBaseline);
// Mean over seeds of each method's per-period AUC and regret (every scored period).
std::string per_period_csv(const StreamResults& stream);

}  // namespace crbench
