// Cold start, exposure and drift recovery per method, as Markdown.
#include "bench/cohort_table.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "bench/leaderboard_table.hpp"

namespace crbench {

namespace {

struct Column {
  const char* header;
  const char* format;
  double MethodSummary::*value;
};

// Column groups, each shown when some method has a value in it.
const std::vector<std::vector<Column>>& groups() {
  static const std::vector<std::vector<Column>> g = {
      {{"AUC new users", "%.4f", &MethodSummary::new_users_auc},
       {"AUC new items", "%.4f", &MethodSummary::new_items_auc},
       {"AUC warm", "%.4f", &MethodSummary::warm_auc}},
      {{"exposure Gini", "%.3f", &MethodSummary::exposure_gini},
       {"coverage", "%.3f", &MethodSummary::exposure_coverage}},
      {{"regret drop at drift", "%+.4f", &MethodSummary::drift_drop},
       {"periods to recover 50%", "%.1f", &MethodSummary::recovery_half_periods},
       {"periods to recover 90%", "%.1f", &MethodSummary::recovery_90_periods},
       {"regret area after drift", "%.3f", &MethodSummary::regret_area}}};
  return g;
}

std::vector<const Column*> shown_columns(const std::vector<MethodSummary>& rows) {
  std::vector<const Column*> out;
  for (const auto& group : groups()) {
    const bool any = std::any_of(group.begin(), group.end(), [&](const Column& c) {
      return std::any_of(rows.begin(), rows.end(),
                         [&](const MethodSummary& s) { return std::isfinite(s.*c.value); });
    });
    if (any)
      for (const Column& c : group) out.push_back(&c);
  }
  return out;
}

}  // namespace

std::string cohort_recovery_markdown(const BoardSummary& board) {
  const std::vector<MethodSummary> rows = ranked(board.methods);
  const std::vector<const Column*> columns = shown_columns(rows);
  if (columns.empty()) return "";
  std::string out = "| method |", rule = "|---|";
  for (const Column* c : columns) {
    out += std::string(" ") + c->header + " |";
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  for (const MethodSummary& s : rows) {
    out += "| " + s.method + " |";
    for (const Column* c : columns) out += " " + format_number(s.*c->value, c->format) + " |";
    out += "\n";
  }
  return out;
}

std::string cohort_recovery_legend(const BoardSummary& board) {
  if (shown_columns(board.methods).empty()) return "";
  return "Means over seeds (each seed's value first). AUC new users / new items: on the "
         "samples of users / items whose first period is the scored one; warm: user and item "
         "both seen before (recorded periods; \"–\" where a cohort never has both labels). "
         "Exposure (simulated streams): Gini coefficient of the impressions over the items "
         "alive and the share of them shown, per recorded period; under closed-loop exposure "
         "the served model chose some impressions. Drift recovery (streams with drift points "
         "inside the test periods): rise of the AUC regret at the drift over the mean of the 3 "
         "periods before, periods until half (90%) of the rise is won back (not recovered: the "
         "periods to the next drift point, a lower bound) and the regret summed from the drift "
         "to the next one. Details: docs/protocol.md.\n";
}

}  // namespace crbench
