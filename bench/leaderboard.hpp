// Leaderboards from results files (`crbench leaderboard`): per stream, one board
// per setting (bench/boards.hpp), methods ranked by mean AUC with seed
// statistics, regret vs the oracle, cost split, parameters, paired tests against
// a baseline and flags. Each table is built once (bench/table.hpp) and written
// as CSV and JSON; leaderboard.md is the human-readable form. settings.json
// (bench/leaderboard_settings.hpp) and these files feed leaderboard.html
// (scripts/leaderboard_html.py).
#pragma once

#include <string>

#include "bench/boards.hpp"
#include "bench/summary.hpp"
#include "bench/table.hpp"

namespace crbench {

// The ranked rows of every board of the stream (columns: docs/results.md).
Table leaderboard_table(const StreamResults& stream,
                        const std::string& baseline = kDefaultBaseline);
std::string leaderboard_csv(const StreamResults& stream,
                            const std::string& baseline = kDefaultBaseline);
std::string leaderboard_md(const StreamResults& stream,
                           const std::string& baseline = kDefaultBaseline);

// Every metric of every scored period: one row per (method, seed, period)
// (kind = "seed") and one per (method, period) with the mean over the method's
// successful seeds (kind = "mean", seed empty).
Table per_period_table(const StreamResults& stream);
std::string per_period_csv(const StreamResults& stream);

}  // namespace crbench
