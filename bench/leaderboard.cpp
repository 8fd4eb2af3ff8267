// Boards -> leaderboard tables (Markdown and CSV) and the per-period series.
#include "bench/leaderboard.hpp"

#include <algorithm>
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

// The ranking metrics of a stream's boards, in first-seen order: the CSV files'
// extra columns (a board without some of them leaves those cells empty).
std::vector<std::string> stream_ranking_metrics(const std::vector<BoardSummary>& boards) {
  std::vector<std::string> names;
  for (const BoardSummary& b : boards)
    for (const std::string& n : b.ranking_metrics)
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  return names;
}

// A ranking metric's cells of a leaderboard.csv row (kRankingColumns order).
constexpr const char* kRankingColumns[] = {"",
                                           "_std",
                                           "_ci95_low",
                                           "_ci95_high",
                                           "_periods_ci95_low",
                                           "_periods_ci95_high",
                                           "_regret",
                                           "_diff_vs_baseline",
                                           "_n_periods_vs_baseline",
                                           "_p_periods_vs_baseline",
                                           "_p_periods_holm",
                                           "_verdict"};

std::string ranking_cells(const MetricSummary* m) {
  if (m == nullptr) return std::string(std::size(kRankingColumns), ',');
  const SeedStatistic& v = m->value;
  const BaselineComparison& c = m->vs_baseline;
  const bool tested = c.tested && c.periods.n > 0;
  return ',' + csv_number(v.mean) + ',' + csv_number(v.std) + ',' + csv_number(v.mean - v.ci95) +
         ',' + csv_number(v.mean + v.ci95) + ',' + csv_number(m->over_periods.low) + ',' +
         csv_number(m->over_periods.high) + ',' + csv_number(m->regret) + ',' +
         (c.tested ? csv_number(c.mean_difference) : "") + ',' +
         (tested ? std::to_string(c.periods.n) : "") + ',' +
         (tested ? csv_number(c.periods.p_value) : "") + ',' + csv_number(c.periods_holm) + ',' +
         verdict_text(c);
}

}  // namespace

std::string leaderboard_csv(const StreamResults& sr, const std::string& baseline) {
  std::vector<BoardSummary> summaries;
  for (const Board& b : sr.boards) summaries.push_back(summarise_board(b.jobs, baseline));
  const std::vector<std::string> ranking = stream_ranking_metrics(summaries);
  std::string out =
      "stream,variant,rank,method,seeds,failed,auc_mean,auc_std,auc_ci95_low,auc_ci95_high,"
      "auc_periods_ci95_low,auc_periods_ci95_high,log_loss,gauc,auc_regret,excess_log_loss,"
      "update_s,base_train_s,meta_train_s,generation_s,other_s,parameters,baseline,"
      "auc_diff_vs_baseline,n_periods_vs_baseline,zeros_vs_baseline,p_periods_vs_baseline,"
      "p_periods_holm,n_seeds_vs_baseline,p_seeds_vs_baseline,p_seeds_holm,verdict,"
      "noted_periods,collapsed_seeds,first_error,first_note,setting";
  if (!ranking.empty()) out += ",ranking_users";
  for (const std::string& n : ranking)
    for (const char* suffix : kRankingColumns) out += "," + n + suffix;
  out += '\n';
  for (std::size_t bi = 0; bi < sr.boards.size(); ++bi) {
    const Board& b = sr.boards[bi];
    const BoardSummary& board = summaries[bi];
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
             csv_field(s.first_error) + ',' + csv_field(s.first_note) + ',' + csv_field(b.setting);
      if (!ranking.empty()) out += ',' + csv_number(s.ranking_users);
      for (const std::string& n : ranking) {
        const auto it = std::find(board.ranking_metrics.begin(), board.ranking_metrics.end(), n);
        out += ranking_cells(
            it == board.ranking_metrics.end()
                ? nullptr
                : &s.ranking[static_cast<std::size_t>(it - board.ranking_metrics.begin())]);
      }
      out += '\n';
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
    if (!board.ranking_metrics.empty())
      out += "\n### Ranking metrics (full ranking; mean over recorded periods)\n\n" +
             ranking_markdown(board);
    out += "\n### AUC per test period (mean over seeds; * = recorded in the summary)\n\n" +
           per_period_markdown(b.jobs);
  }
  return out;
}

std::string per_period_csv(const StreamResults& sr) {
  std::vector<std::string> ranking;
  for (const Board& b : sr.boards)
    for (const JobResult& r : b.jobs)
      for (const PeriodResult& p : r.periods)
        for (const auto& [name, value] : p.ranking.metrics)
          if (std::find(ranking.begin(), ranking.end(), name) == ranking.end())
            ranking.push_back(name);
  std::string out = "stream,variant,method,test_period,recorded,auc,auc_regret,seeds";
  if (!ranking.empty()) out += ",ranking_users";
  for (const std::string& n : ranking) out += "," + n;
  out += '\n';
  // The mean over seeds of a value: of every seed (AUC, regret: NaN if one is),
  // or of the seeds that have it (users ranked, ranking metrics).
  struct Mean {
    double sum = 0.0;
    int n = 0;
    void add(double v) { sum += v, ++n; }
    void add_present(double v) {
      if (!std::isnan(v)) add(v);
    }
    std::string text() const { return n == 0 ? "" : csv_number(sum / n); }
  };
  struct Cell {
    Mean auc, regret, users;
    std::vector<Mean> ranking;
    int seeds = 0;
    bool recorded = false;
  };
  for (const Board& b : sr.boards) {
    std::vector<std::string> methods;
    std::map<std::string, std::map<int, Cell>> cells;  // method -> period -> means
    for (const JobResult& r : b.jobs) {
      if (!r.ok) continue;
      if (!cells.count(r.method)) methods.push_back(r.method);
      for (const PeriodResult& p : r.periods) {
        Cell& c = cells[r.method][p.test_period];
        c.auc.add(p.metrics.auc);
        c.regret.add(p.oracle.auc - p.metrics.auc);
        if (p.ranking.evaluated()) c.users.add(static_cast<double>(p.ranking.users));
        c.ranking.resize(ranking.size());
        for (std::size_t k = 0; k < ranking.size(); ++k)
          c.ranking[k].add_present(p.ranking.value(ranking[k]));
        ++c.seeds;
        c.recorded = p.recorded;
      }
    }
    for (const std::string& m : methods)
      for (const auto& [period, c] : cells[m]) {
        out += csv_field(sr.stream) + ',' + csv_field(b.label) + ',' + csv_field(m) + ',' +
               std::to_string(period + 1) + ',' + (c.recorded ? "1" : "0") + ',' + c.auc.text() +
               ',' + c.regret.text() + ',' + std::to_string(c.seeds);
        if (!ranking.empty()) out += ',' + c.users.text();
        for (const Mean& v : c.ranking) out += ',' + v.text();
        out += '\n';
      }
  }
  return out;
}

}  // namespace crbench
