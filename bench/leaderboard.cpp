// Boards -> leaderboard tables (Markdown and CSV) and the per-period series.
#include "bench/leaderboard.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "bench/leaderboard_table.hpp"
#include "bench/results.hpp"

namespace crbench {

namespace {

// "Seeds 1, 2, 3 (3); recorded test periods 25..31 (7)" of a board's successful jobs.
std::string board_extent(const Board& b) {
  std::set<std::uint64_t> seeds;
  std::set<int> recorded;
  for (const JobResult& r : b.jobs) {
    if (!r.ok) continue;
    seeds.insert(r.seed);
    for (const PeriodResult& p : r.periods)
      if (p.recorded) recorded.insert(p.test_period + 1);
  }
  std::string s;
  for (const std::uint64_t seed : seeds) s += (s.empty() ? "" : ", ") + std::to_string(seed);
  std::string out = "Seeds " + (s.empty() ? std::string("none") : s) + " (" +
                    std::to_string(seeds.size()) + "); recorded test periods ";
  if (recorded.empty()) return out + "none";
  return out + std::to_string(*recorded.begin()) + ".." + std::to_string(*recorded.rbegin()) +
         " (" + std::to_string(recorded.size()) + ")";
}

}  // namespace

std::string leaderboard_csv(const StreamResults& sr, const std::string& baseline) {
  std::string out =
      "stream,variant,rank,method,seeds,failed,auc_mean,auc_std,auc_ci95_low,auc_ci95_high,"
      "auc_periods_ci95_low,auc_periods_ci95_high,log_loss,gauc,auc_regret,excess_log_loss,"
      "update_s,base_train_s,meta_train_s,generation_s,other_s,parameters,baseline,"
      "auc_diff_vs_baseline,n_periods_vs_baseline,zeros_vs_baseline,p_periods_vs_baseline,"
      "p_periods_holm,n_seeds_vs_baseline,p_seeds_vs_baseline,p_seeds_holm,verdict,"
      "noted_periods,collapsed_seeds,first_error,first_note,setting\n";
  for (const Board& b : sr.boards) {
    const BoardSummary board = summarise_board(b.jobs, baseline);
    int rank = 0;
    for (const MethodSummary& s : ranked(board.methods)) {
      const SeedStatistic& a = s.auc;
      const BaselineComparison& c = s.vs_baseline;
      const bool tested = c.tested && c.periods.n > 0;
      const std::string verdict = s.baseline        ? "baseline"
                                  : s.reference     ? "reference"
                                  : !c.tested       ? ""
                                  : c.verdict() > 0 ? "better"
                                  : c.verdict() < 0 ? "worse"
                                                    : "not significant";
      out += csv_field(sr.stream) + ',' + csv_field(b.label) + ',' + std::to_string(++rank) + ',' +
             csv_field(s.method) + ',' + std::to_string(a.n) + ',' + std::to_string(s.failed) +
             ',' + csv_number(a.mean) + ',' + csv_number(a.std) + ',' +
             csv_number(a.mean - a.ci95) + ',' + csv_number(a.mean + a.ci95) + ',' +
             csv_number(s.auc_over_periods.low) + ',' + csv_number(s.auc_over_periods.high) + ',' +
             csv_number(s.log_loss.mean) + ',' + csv_number(s.gauc.mean) + ',' +
             csv_number(s.auc_regret.mean) + ',' + csv_number(s.excess_log_loss.mean) + ',' +
             csv_number(s.update_seconds) + ',' + csv_number(s.base_train_seconds) + ',' +
             csv_number(s.meta_train_seconds) + ',' + csv_number(s.generation_seconds) + ',' +
             csv_number(s.other_seconds) + ',' + std::to_string(s.parameters) + ',' +
             csv_field(board.baseline) + ',' + (c.tested ? csv_number(c.mean_difference) : "") +
             ',' + (tested ? std::to_string(c.periods.n) : "") + ',' +
             (tested ? std::to_string(c.periods.zeros) : "") + ',' +
             (tested ? csv_number(c.periods.p_value) : "") + ',' + csv_number(c.periods_holm) +
             ',' + (c.tested && c.seeds.n ? std::to_string(c.seeds.n) : "") + ',' +
             csv_number(c.seeds.p_value) + ',' + csv_number(c.seeds_holm) + ',' + verdict + ',' +
             std::to_string(s.noted_periods) + ',' + std::to_string(s.collapsed) + ',' +
             csv_field(s.first_error) + ',' + csv_field(s.first_note) + ',' + csv_field(b.setting) +
             '\n';
    }
  }
  return out;
}

std::string leaderboard_md(const StreamResults& sr, const std::string& baseline) {
  std::string out = "# Leaderboard: " + sr.stream + "\n";
  if (sr.mixed) {
    std::string labels;
    for (const Board& b : sr.boards) labels += (labels.empty() ? "" : "; ") + b.label;
    out += "\n**These results mix " + std::to_string(sr.boards.size()) +
           " settings of this stream** (" + labels +
           "). Settings are never pooled: each has its own board below, labelled by what "
           "differs.\n";
  }
  for (const Board& b : sr.boards) {
    const BoardSummary board = summarise_board(b.jobs, baseline);
    if (!b.label.empty()) out += "\n## " + b.name() + "\n";
    out += "\n" + board_extent(b) + "; baseline " +
           (board.baseline.empty() ? "none (" + board.baseline_note + ")" : board.baseline) +
           ".\n\nSetting: `" + b.setting + "`\n\n";
    out += leaderboard_markdown(board) + "\n" + leaderboard_legend(board);
    out += "\n### AUC per test period (mean over seeds; * = recorded in the summary)\n\n" +
           per_period_markdown(b.jobs);
  }
  return out;
}

std::string per_period_csv(const StreamResults& sr) {
  std::string out = "stream,variant,method,test_period,recorded,auc,auc_regret,seeds\n";
  for (const Board& b : sr.boards) {
    // method -> period -> (sum auc, sum regret, n, recorded)
    std::vector<std::string> methods;
    std::map<std::string, std::map<int, std::tuple<double, double, int, bool>>> cells;
    for (const JobResult& r : b.jobs) {
      if (!r.ok) continue;
      if (!cells.count(r.method)) methods.push_back(r.method);
      for (const PeriodResult& p : r.periods) {
        auto& [auc, regret, n, recorded] = cells[r.method][p.test_period];
        auc += p.metrics.auc;
        regret += p.oracle.auc - p.metrics.auc;
        ++n;
        recorded = p.recorded;
      }
    }
    for (const std::string& m : methods)
      for (const auto& [period, cell] : cells[m]) {
        const auto& [auc, regret, n, recorded] = cell;
        out += csv_field(sr.stream) + ',' + csv_field(b.label) + ',' + csv_field(m) + ',' +
               std::to_string(period + 1) + ',' + (recorded ? "1" : "0") + ',' +
               csv_number(auc / n) + ',' + csv_number(regret / n) + ',' + std::to_string(n) + '\n';
      }
  }
  return out;
}

}  // namespace crbench
