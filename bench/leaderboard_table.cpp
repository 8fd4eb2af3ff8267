// Markdown rendering of a board's summaries.
#include "bench/leaderboard_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "core/spec.hpp"

namespace crbench {

namespace {

std::string p_and_n(double p, std::size_t n, std::size_t zeros) {
  if (std::isnan(p)) return "–";
  std::string out = format_number(p, "%.3g") + " (" + std::to_string(n);
  if (zeros > 0) out += ", " + std::to_string(zeros) + (zeros == 1 ? " zero" : " zeros");
  return out + ")";
}

}  // namespace

std::string format_number(double v, const char* format) {
  if (std::isnan(v)) return "–";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string csv_number(double v) { return std::isnan(v) ? "" : format_number(v, "%.10g"); }

std::vector<std::string> short_method_names(const std::vector<std::string>& specs) {
  std::map<std::string, std::vector<Spec>> by_name;  // registry name -> its specs
  std::vector<Spec> parsed;
  for (const std::string& text : specs) {
    Spec spec{text, {}};
    try {
      spec = Spec::parse(text);
    } catch (const std::exception&) {  // not a spec: shown whole
    }
    by_name[spec.name].push_back(spec);
    parsed.push_back(std::move(spec));
  }
  std::vector<std::string> out;
  for (const Spec& spec : parsed) {
    const std::vector<Spec>& same = by_name[spec.name];
    if (same.size() == 1) {
      out.push_back(spec.name);
      continue;
    }
    // Keep the arguments whose value is not the same in every spec of this name.
    Spec shown{spec.name, {}};
    for (const SpecArg& arg : spec.args) {
      bool differs = false;
      for (const Spec& other : same) {
        const auto it = std::find_if(other.args.begin(), other.args.end(),
                                     [&](const SpecArg& a) { return a.key == arg.key; });
        differs = differs || it == other.args.end() || it->value != arg.value;
      }
      if (differs) shown.args.push_back(arg);
    }
    out.push_back(shown.text());
  }
  return out;
}

std::string method_flags(const MethodSummary& s) {
  std::vector<std::string> flags;
  if (s.failed > 0)
    flags.push_back(std::to_string(s.failed) + " of " + std::to_string(s.failed + s.auc.n) +
                    " jobs failed: " + s.first_error);
  if (s.collapsed > 0)
    flags.push_back("collapsed in " + std::to_string(s.collapsed) + " of " +
                    std::to_string(s.auc.n) + " seeds (AUC 0.5 in every period: constant scores)");
  if (s.noted_periods > 0)
    flags.push_back("update note in " + std::to_string(s.noted_periods) +
                    (s.noted_periods == 1 ? " period: " : " periods: ") + s.first_note);
  if (s.unscorable_periods > 0)
    flags.push_back("AUC undefined in " + std::to_string(s.unscorable_periods) + " recorded " +
                    (s.unscorable_periods == 1 ? "period" : "periods") +
                    " (one label class): left out of the means and tests");
  std::string out;
  for (const std::string& f : flags) out += (out.empty() ? "" : "; ") + f;
  return out;
}

std::string leaderboard_legend(const BoardSummary& board) {
  const std::string base = board.baseline.empty() ? "the baseline" : board.baseline;
  return "Ranked by mean AUC over the recorded test periods. AUC mean ± std and the seeds' "
         "95% CI (Student t) are over seeds, each seed's value being its mean over the recorded "
         "periods (\"–\" with one seed); the periods' 95% CI is a percentile bootstrap over the "
         "recorded periods of the seed-averaged AUC. Regret = oracle AUC − method AUC (simulated "
         "streams). ΔAUC vs " +
         base +
         ": mean over recorded periods of the difference of seed-averaged AUCs. p periods (n): "
         "two-sided Wilcoxon signed-rank test over those n per-period differences (exact; "
         "differences below 1e-12 are zeros and are dropped); p seeds (n): two-sided paired "
         "t-test over the n seeds both ran, of the per-seed mean differences (only with " +
         std::to_string(kMinSeedsForSeedTest) +
         " seeds or more). Holm: p adjusted for the number of methods tested against " + base +
         " (the oracle is not tested). vs " + base +
         ": better or worse where the Holm-adjusted period p is at most 0.05. Details: "
         "docs/statistics.md.\n";
}

std::string leaderboard_markdown(const BoardSummary& board) {
  const std::vector<MethodSummary> rows = ranked(board.methods);
  const std::string base = board.baseline.empty() ? "baseline" : board.baseline;
  // Regret columns only where there is a ground truth (simulated streams).
  const bool simulated = std::any_of(rows.begin(), rows.end(),
                                     [](const auto& s) { return !std::isnan(s.auc_regret.mean); });
  const bool flagged =
      std::any_of(rows.begin(), rows.end(), [](const auto& s) { return !method_flags(s).empty(); });
  std::string out =
      "| rank | method | AUC mean ± std | 95% CI, seeds | 95% CI, periods | log loss | GAUC |";
  std::string rule = "|---:|---|---|---|---|---:|---:|";
  if (simulated) {
    out += " AUC regret | excess log loss |";
    rule += "---:|---:|";
  }
  out += " update s/period | base / meta / gen / other s | parameters | ΔAUC vs " + base +
         " | p periods (n) | Holm | p seeds (n) | Holm | vs " + base + " | seeds |";
  rule += "---:|---|---:|---:|---|---:|---|---:|---|---:|";
  if (flagged) {
    out += " flags |";
    rule += "---|";
  }
  out += "\n" + rule + "\n";
  int rank = 0;
  for (const MethodSummary& s : rows) {
    const SeedStatistic& a = s.auc;
    out += "| " + std::to_string(++rank) + " | " + s.method + " | " +
           format_number(a.mean, "%.4f") + " ± " + format_number(a.std, "%.4f") + " | ";
    out += std::isnan(a.ci95) ? "–"
                              : "[" + format_number(a.mean - a.ci95, "%.4f") + ", " +
                                    format_number(a.mean + a.ci95, "%.4f") + "]";
    out += " | ";
    out += std::isnan(s.auc_over_periods.low)
               ? "–"
               : "[" + format_number(s.auc_over_periods.low, "%.4f") + ", " +
                     format_number(s.auc_over_periods.high, "%.4f") + "]";
    out += " | " + format_number(s.log_loss.mean, "%.4f") + " | " +
           format_number(s.gauc.mean, "%.4f") + " |";
    if (simulated)
      out += " " + format_number(s.auc_regret.mean, "%.4f") + " | " +
             format_number(s.excess_log_loss.mean, "%.4f") + " |";
    out += " " + format_number(s.update_seconds, "%.3f") + " | " +
           format_number(s.base_train_seconds, "%.3f") + " / " +
           format_number(s.meta_train_seconds, "%.3f") + " / " +
           format_number(s.generation_seconds, "%.3f") + " / " +
           format_number(s.other_seconds, "%.3f") + " | " + std::to_string(s.parameters) + " |";
    const BaselineComparison& c = s.vs_baseline;
    if (c.tested) {
      const char* verdict = c.verdict() > 0 ? "better" : c.verdict() < 0 ? "worse" : "n.s.";
      out += " " + format_number(c.mean_difference, "%+.4f") + " | " +
             p_and_n(c.periods.n ? c.periods.p_value : NAN, c.periods.n, c.periods.zeros) + " | " +
             format_number(c.periods_holm, "%.3g") + " | " +
             p_and_n(c.seeds.p_value, c.seeds.n, 0) + " | " + format_number(c.seeds_holm, "%.3g") +
             " | " + verdict + " |";
    } else {
      const char* why = s.baseline ? "baseline" : s.reference ? "reference" : "–";
      out += std::string(" – | ") + why + " | – | – | – | – |";
    }
    out += " " + std::to_string(a.n) + " |";
    if (flagged) out += " " + method_flags(s) + " |";
    out += "\n";
  }
  return out;
}

std::string verdict_text(const BaselineComparison& c) {
  if (!c.tested) return "";
  return c.verdict() > 0 ? "better" : c.verdict() < 0 ? "worse" : "not significant";
}

std::string ranking_markdown(const BoardSummary& board) {
  const std::vector<std::string>& names = board.ranking_metrics;
  if (names.empty()) return "";
  std::size_t headline = 0;
  while (headline < names.size() && names[headline].rfind("ndcg@", 0) != 0) ++headline;
  if (headline == names.size()) headline = 0;
  const std::vector<MethodSummary> rows = ranked_by_ranking(board.methods, headline);
  const std::string base = board.baseline.empty() ? "baseline" : board.baseline;
  const std::string& key = names[headline];
  const bool simulated = std::any_of(rows.begin(), rows.end(), [&](const auto& s) {
    return !std::isnan(s.ranking[headline].regret);
  });
  std::string out = "| rank | method | users/period |";
  std::string rule = "|---:|---|---:|";
  for (const std::string& n : names) {
    out += " " + n + " |";
    rule += "---|";
  }
  if (simulated) {
    out += " " + key + " regret |";
    rule += "---:|";
  }
  out += " Δ" + key + " vs " + base + " | p periods (n) | Holm | vs " + base + " |\n";
  rule += "---:|---|---:|---|\n";
  out += rule;
  int rank = 0;
  for (const MethodSummary& s : rows) {
    out += "| " + std::to_string(++rank) + " | " + s.method + " | " +
           format_number(s.ranking_users, "%.0f") + " |";
    for (const MetricSummary& m : s.ranking) {
      out += " " + format_number(m.value.mean, "%.4f") + " ± " + format_number(m.value.std, "%.4f");
      const int v = m.vs_baseline.tested ? m.vs_baseline.verdict() : 0;
      out += v > 0 ? " ↑" : v < 0 ? " ↓" : "";
      out += " |";
    }
    if (simulated) out += " " + format_number(s.ranking[headline].regret, "%.4f") + " |";
    const BaselineComparison& c = s.ranking[headline].vs_baseline;
    if (c.tested) {
      out += " " + format_number(c.mean_difference, "%+.4f") + " | " +
             p_and_n(c.periods.n ? c.periods.p_value : NAN, c.periods.n, c.periods.zeros) + " | " +
             format_number(c.periods_holm, "%.3g") + " | " +
             (c.verdict() > 0   ? "better"
              : c.verdict() < 0 ? "worse"
                                : "n.s.") +
             " |\n";
    } else {
      out += std::string(" – | ") +
             (s.baseline    ? "baseline"
              : s.reference ? "reference"
                            : "–") +
             " | – | – |\n";
    }
  }
  out +=
      "\nFull ranking of every item known at the start of each test period, minus the items "
      "the user interacted with before it, for the users with a positive among those "
      "candidates (docs/protocol.md, \"Ranking evaluation\"). Recall@K = expected hits in "
      "the top K / the user's positives; NDCG@K with binary gains over min(K, positives) "
      "ideal positions; HR@K = P(a hit in the top K); MRR = E[1 / rank of the first "
      "positive], whole ranking. Tied scores count by their expectation over a random "
      "order of the tie. Means over users, then mean ± std over seeds of each seed's mean "
      "over the recorded periods. ↑/↓: better/worse than " +
      base +
      " on that metric by the Holm-adjusted period test (Wilcoxon over recorded periods, "
      "Holm over the methods, one family per metric). Ranked by " +
      key + (simulated ? "; regret = the oracle's " + key + " − the method's." : ".") + "\n";
  return out;
}

std::string per_period_markdown(const std::vector<JobResult>& results) {
  std::vector<std::string> order;
  // method -> period -> (sum, n)
  std::map<std::string, std::map<int, std::pair<double, int>>> sums;
  std::map<int, bool> periods;
  std::set<int> unscorable;  // one label class: AUC undefined, written as such
  for (const JobResult& r : results) {
    if (!r.ok) continue;
    if (!sums.count(r.method)) order.push_back(r.method);
    for (const PeriodResult& p : r.periods) {
      if (p.unscorable) unscorable.insert(p.test_period);
      auto& cell = sums[r.method][p.test_period];
      cell.first += p.metrics.auc;
      cell.second += 1;
      periods[p.test_period] = p.recorded;
    }
  }
  std::string out = "| method |";
  std::string rule = "|---|";
  for (const auto& [period, recorded] : periods) {
    out += " " + std::to_string(period + 1) + (recorded ? "*" : "") + " |";
    rule += "---:|";
  }
  out += "\n" + rule + "\n";
  for (const std::string& m : order) {
    out += "| " + m + " |";
    for (const auto& [period, recorded] : periods) {
      const auto it = sums[m].find(period);
      out += it == sums[m].end() ? " |"
             : unscorable.count(period)
                 ? " undefined |"
                 : " " + format_number(it->second.first / it->second.second, "%.4f") + " |";
    }
    out += "\n";
  }
  return out;
}

}  // namespace crbench
