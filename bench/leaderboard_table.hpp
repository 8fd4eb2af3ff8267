// The Markdown tables of one board: the ranked leaderboard (what `crbench run`
// prints and leaderboard.md holds) and the AUC per test period behind it.
#pragma once

#include <string>
#include <vector>

#include "bench/summary.hpp"

namespace crbench {

// "–" for NaN, else printf(format, v).
std::string format_number(double v, const char* format);
// A CSV cell: "" for NaN, else 10 significant digits (readers that round to 4
// decimals then get what the Markdown tables print).
std::string csv_number(double v);

// Methods ranked by mean AUC with seed statistics, the period-bootstrap
// interval, cost, the paired tests against the baseline with their n and Holm's
// correction, and flags (failed jobs, update notes, collapsed scores).
std::string leaderboard_markdown(const BoardSummary& board);

// A short paragraph saying what the columns of leaderboard_markdown mean.
std::string leaderboard_legend(const BoardSummary& board);

// The board's ranking metrics (BoardSummary::ranking_metrics) as a table ranked
// by the first NDCG, with its legend; "" when the board has none.
std::string ranking_markdown(const BoardSummary& board);

// The verdict of a comparison as the tables write it: "better", "worse",
// "not significant", or "" when not tested.
std::string verdict_text(const BaselineComparison& c);

// AUC per test period (1-based, every period scored, recorded or not), averaged
// over each method's successful seeds: the series behind the means.
std::string per_period_markdown(const std::vector<JobResult>& results);

// Method specs shortened for tables and plots: the registry name ("bu-3(w=3)"
// -> "bu-3") where that name is unique among `specs`, else the name with the
// arguments that tell its specs apart ("bu(w=3)", "bu(w=5)"); a text that is
// not a spec is kept whole.
std::vector<std::string> short_method_names(const std::vector<std::string>& specs);

// The flags of a row, "" when none: failed jobs, update notes, collapsed jobs.
std::string method_flags(const MethodSummary& s);

}  // namespace crbench
