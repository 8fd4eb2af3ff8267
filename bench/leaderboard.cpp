// Boards -> leaderboard tables (Markdown, CSV, JSON) and the per-period series.
#include "bench/leaderboard.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>

#include "bench/cohort_table.hpp"
#include "bench/leaderboard_table.hpp"
#include "bench/method_family.hpp"
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

// A ranking metric's cells of a leaderboard row (kRankingColumns order); empty
// cells for a board without that metric.
std::vector<Cell> ranking_cells(const MetricSummary* m) {
  if (m == nullptr) return std::vector<Cell>(std::size(kRankingColumns));
  const SeedStatistic& v = m->value;
  const BaselineComparison& c = m->vs_baseline;
  const bool tested = c.tested && c.periods.n > 0;
  const Cell none;
  return {v.mean,
          v.std,
          v.mean - v.ci95,
          v.mean + v.ci95,
          m->over_periods.low,
          m->over_periods.high,
          m->regret,
          c.tested ? Cell(c.mean_difference) : none,
          tested ? whole(c.periods.n) : none,
          tested ? Cell(c.periods.p_value) : none,
          c.periods_holm,
          verdict_text(c)};
}

}  // namespace

Table leaderboard_table(const StreamResults& sr, const std::string& baseline) {
  Table t;
  t.columns = {"stream",
               "variant",
               "rank",
               "method",
               "family",
               "seeds",
               "failed",
               "auc_mean",
               "auc_std",
               "auc_ci95_low",
               "auc_ci95_high",
               "auc_periods_ci95_low",
               "auc_periods_ci95_high",
               "log_loss",
               "gauc",
               "auc_regret",
               "excess_log_loss",
               "update_s",
               "base_train_s",
               "meta_train_s",
               "generation_s",
               "other_s",
               "parameters",
               "baseline",
               "auc_diff_vs_baseline",
               "n_periods_vs_baseline",
               "zeros_vs_baseline",
               "p_periods_vs_baseline",
               "p_periods_holm",
               "n_seeds_vs_baseline",
               "p_seeds_vs_baseline",
               "p_seeds_holm",
               "verdict",
               "noted_periods",
               "collapsed_seeds",
               "first_error",
               "first_note",
               "setting",
               "auc_new_users",
               "auc_new_items",
               "auc_warm",
               "exposure_gini",
               "exposure_coverage",
               "drift_drop",
               "recovery_half_periods",
               "recovery_90_periods",
               "regret_area_after_drift",
               "drift_windows"};
  // The ranking metrics' columns come last: which there are depends on the results.
  std::vector<BoardSummary> summaries;
  for (const Board& b : sr.boards) summaries.push_back(summarise_board(b.jobs, baseline));
  const std::vector<std::string> ranking = stream_ranking_metrics(summaries);
  if (!ranking.empty()) t.columns.push_back("ranking_users");
  for (const std::string& n : ranking)
    for (const char* suffix : kRankingColumns) t.columns.push_back(n + suffix);
  const Cell none;
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
      std::vector<Cell> row{sr.stream,
                            b.label,
                            whole(++rank),
                            s.method,
                            family_of(s.method),
                            whole(a.n),
                            whole(s.failed),
                            a.mean,
                            a.std,
                            a.mean - a.ci95,
                            a.mean + a.ci95,
                            s.auc_over_periods.low,
                            s.auc_over_periods.high,
                            s.log_loss.mean,
                            s.gauc.mean,
                            s.auc_regret.mean,
                            s.excess_log_loss.mean,
                            s.update_seconds,
                            s.base_train_seconds,
                            s.meta_train_seconds,
                            s.generation_seconds,
                            s.other_seconds,
                            whole(s.parameters),
                            board.baseline,
                            c.tested ? Cell(c.mean_difference) : none,
                            tested ? whole(c.periods.n) : none,
                            tested ? whole(c.periods.zeros) : none,
                            tested ? Cell(c.periods.p_value) : none,
                            c.periods_holm,
                            c.tested && c.seeds.n ? whole(c.seeds.n) : none,
                            c.seeds.p_value,
                            c.seeds_holm,
                            verdict,
                            whole(s.noted_periods),
                            whole(s.collapsed),
                            s.first_error,
                            s.first_note,
                            b.setting,
                            s.new_users_auc,
                            s.new_items_auc,
                            s.warm_auc,
                            s.exposure_gini,
                            s.exposure_coverage,
                            s.drift_drop,
                            s.recovery_half_periods,
                            s.recovery_90_periods,
                            s.regret_area,
                            b.drift_windows};
      if (!ranking.empty()) row.emplace_back(s.ranking_users);
      for (const std::string& n : ranking) {
        const auto it = std::find(board.ranking_metrics.begin(), board.ranking_metrics.end(), n);
        const std::vector<Cell> cells = ranking_cells(
            it == board.ranking_metrics.end()
                ? nullptr
                : &s.ranking[static_cast<std::size_t>(it - board.ranking_metrics.begin())]);
        row.insert(row.end(), cells.begin(), cells.end());
      }
      t.add(std::move(row));
    }
  }
  return t;
}

std::string leaderboard_csv(const StreamResults& sr, const std::string& baseline) {
  return leaderboard_table(sr, baseline).csv();
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
    if (b.setting.find(" worlds=replicate") != std::string::npos)
      out +=
          "Replicate worlds: each seed simulated its own world (world seed = job seed), so "
          "the spread and the intervals over seeds are over worlds.\n\n";
    if (!b.drift_windows.empty())
      out += "Drift windows (periods, first-last): " + b.drift_windows + ".\n\n";
    out += leaderboard_markdown(board) + "\n" + leaderboard_legend(board);
    if (!board.ranking_metrics.empty())
      out += "\n### Ranking metrics (full ranking; mean over recorded periods)\n\n" +
             ranking_markdown(board);
    const std::string extra = cohort_recovery_markdown(board);
    if (!extra.empty())
      out += "\n### Cold start, exposure and drift recovery\n\n" + extra + "\n" +
             cohort_recovery_legend(board);
    out += "\n### AUC per test period (mean over seeds; * = recorded in the summary)\n\n" +
           per_period_markdown(b.jobs);
  }
  return out;
}

namespace {

// The per-period columns: each a value of one scored period of one job. Metrics
// only, no timings: the file is the same for the same results whatever machine
// or sharding ran them (results.csv keeps every period's update time).
struct PeriodColumn {
  const char* name;
  double (*value)(const PeriodResult&);
};
constexpr PeriodColumn kPeriodColumns[] = {
    {"auc", [](const PeriodResult& p) { return p.metrics.auc; }},
    {"log_loss", [](const PeriodResult& p) { return p.metrics.log_loss; }},
    {"gauc", [](const PeriodResult& p) { return p.metrics.gauc; }},
    {"auc_regret", [](const PeriodResult& p) { return p.oracle.auc - p.metrics.auc; }},
    {"excess_log_loss",
     [](const PeriodResult& p) { return p.metrics.log_loss - p.oracle.log_loss; }},
};
constexpr std::size_t kPeriodValues = std::size(kPeriodColumns);

}  // namespace

namespace {

// The leading cells of a per-period row (built one by one: GCC 12 warns about
// maybe-uninitialised strings when a vector of variants is brace-initialised).
std::vector<Cell> period_key(const StreamResults& sr, const Board& b, const std::string& method,
                             const char* kind, Cell seed, int period, bool recorded) {
  std::vector<Cell> row;
  row.reserve(std::size(kPeriodColumns) + 8);
  row.emplace_back(sr.stream);
  row.emplace_back(b.label);
  row.emplace_back(method);
  row.emplace_back(std::string(kind));
  row.push_back(std::move(seed));
  row.push_back(whole(period + 1));
  row.push_back(whole(recorded ? 1 : 0));
  return row;
}

}  // namespace

Table per_period_table(const StreamResults& sr) {
  // The ranking metrics of any period, in first-seen order (columns after "seeds").
  std::vector<std::string> ranking;
  for (const Board& b : sr.boards)
    for (const JobResult& r : b.jobs)
      for (const PeriodResult& p : r.periods)
        for (const auto& [name, value] : p.ranking.metrics)
          if (std::find(ranking.begin(), ranking.end(), name) == ranking.end())
            ranking.push_back(name);
  Table t;
  t.columns = {"stream", "variant", "method", "kind", "seed", "test_period", "recorded"};
  for (const PeriodColumn& c : kPeriodColumns) t.columns.push_back(c.name);
  t.columns.push_back("seeds");
  if (!ranking.empty()) t.columns.push_back("ranking_users");
  for (const std::string& n : ranking) t.columns.push_back(n);
  // A period's ranking values: users ranked, then each metric (NaN: not evaluated).
  const auto ranking_values = [&](const PeriodResult& p) {
    std::vector<double> v;
    if (ranking.empty()) return v;
    v.push_back(p.ranking.evaluated() ? static_cast<double>(p.ranking.users) : NAN);
    for (const std::string& n : ranking) v.push_back(p.ranking.value(n));
    return v;
  };
  const std::size_t extra = ranking.empty() ? 0 : ranking.size() + 1;
  for (const Board& b : sr.boards) {
    // Jobs are ordered by (method, seed): each method's seeds are consecutive.
    for (std::size_t first = 0; first < b.jobs.size();) {
      std::size_t last = first;
      while (last < b.jobs.size() && b.jobs[last].method == b.jobs[first].method) ++last;
      const std::string& method = b.jobs[first].method;
      // period -> sums of each column over seeds with a finite value, and counts
      // (the metric columns, then the ranking columns).
      std::map<int, std::vector<double>> sum;
      std::map<int, std::vector<std::size_t>> count;
      std::map<int, std::size_t> seeds;
      std::map<int, bool> recorded;
      std::vector<std::vector<Cell>> seed_rows;
      for (std::size_t j = first; j < last; ++j) {
        const JobResult& r = b.jobs[j];
        if (!r.ok) continue;
        for (const PeriodResult& p : r.periods) {
          std::vector<Cell> row =
              period_key(sr, b, method, "seed", whole(static_cast<std::int64_t>(r.seed)),
                         p.test_period, p.recorded);
          auto& s = sum[p.test_period];
          auto& n = count[p.test_period];
          if (!seeds[p.test_period]++) s.assign(kPeriodValues + extra, 0.0), n.assign(s.size(), 0);
          recorded[p.test_period] = p.recorded;
          std::vector<double> values;
          for (const PeriodColumn& c : kPeriodColumns) values.push_back(c.value(p));
          const std::vector<double> rv = ranking_values(p);
          for (std::size_t k = 0; k < kPeriodValues; ++k) row.emplace_back(values[k]);
          row.emplace_back(std::int64_t{1});
          for (const double v : rv) row.emplace_back(v);
          values.insert(values.end(), rv.begin(), rv.end());
          for (std::size_t k = 0; k < values.size(); ++k)
            if (!std::isnan(values[k])) s[k] += values[k], ++n[k];
          seed_rows.push_back(std::move(row));
        }
      }
      for (const auto& [period, s] : sum) {
        std::vector<Cell> row =
            period_key(sr, b, method, "mean", Cell{}, period, recorded.at(period));
        // (structured bindings are not captured: clang refuses it in C++20)
        const std::vector<double>& sums = s;
        const std::vector<std::size_t>& counts = count[period];
        const auto mean = [&sums, &counts](std::size_t k) {
          return counts[k] ? sums[k] / static_cast<double>(counts[k]) : NAN;
        };
        for (std::size_t k = 0; k < kPeriodValues; ++k) row.emplace_back(mean(k));
        row.emplace_back(static_cast<std::int64_t>(seeds[period]));
        for (std::size_t k = kPeriodValues; k < s.size(); ++k) row.emplace_back(mean(k));
        t.add(std::move(row));
      }
      for (auto& row : seed_rows) t.add(std::move(row));
      first = last;
    }
  }
  return t;
}

std::string per_period_csv(const StreamResults& sr) { return per_period_table(sr).csv(); }

}  // namespace crbench
