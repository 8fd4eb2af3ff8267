// The Markdown table of a board's cold-start, exposure and drift-recovery
// columns (beside the leaderboard; docs/protocol.md says how each is measured).
#pragma once

#include <string>

#include "bench/summary.hpp"

namespace crbench {

// Methods in leaderboard order; only the column groups some method has a value
// for; "" when no method has any.
std::string cohort_recovery_markdown(const BoardSummary& board);

// What the table's columns mean ("" when the table is empty).
std::string cohort_recovery_legend(const BoardSummary& board);

}  // namespace crbench
