// Matching boards and methods of two results files and measuring what moved.
#include "bench/compare.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "bench/leaderboard_table.hpp"
#include "bench/multiple_testing.hpp"
#include "bench/summary.hpp"
#include "core/errors.hpp"

namespace crbench {

namespace {

using Leaves = std::vector<std::pair<std::string, std::string>>;

Leaves setting_leaves(const std::string& setting) {
  const auto [stream, protocol] = split_setting(setting);
  Leaves out = flatten_setting(stream, "stream.");
  const Leaves p = flatten_setting(protocol, "protocol.");
  out.insert(out.end(), p.begin(), p.end());
  return out;
}

// "update.batch=256 in A, update.batch=1024 in B".
std::string difference_text(const std::string& a, const std::string& b) {
  const std::vector<std::string> labels = difference_labels({setting_leaves(a), setting_leaves(b)});
  return (labels[0].empty() ? "(nothing)" : labels[0]) + " in A, " +
         (labels[1].empty() ? "(nothing)" : labels[1]) + " in B";
}

struct Runs {
  // seed -> job of one method on one board (successful jobs only)
  std::map<std::uint64_t, const JobResult*> by_seed;
};

std::map<std::string, Runs> by_method(const Board& b) {
  std::map<std::string, Runs> out;
  for (const JobResult& r : b.jobs)
    if (r.ok) out[r.method].by_seed[r.seed] = &r;
  return out;
}

double mean(const std::vector<double>& v) {
  if (v.empty()) return NAN;
  double s = 0.0;
  for (const double x : v) s += x;
  return s / static_cast<double>(v.size());
}

MethodMove compare_method(const std::string& method, const Runs* a, const Runs* b,
                          std::vector<std::string>& notes, const std::string& board_name) {
  MethodMove m;
  m.method = method;
  m.in_a = a != nullptr;
  m.in_b = b != nullptr;
  if (!a || !b) return m;
  std::vector<std::uint64_t> seeds;
  for (const auto& [seed, job] : a->by_seed)
    if (b->by_seed.count(seed)) seeds.push_back(seed);
  m.seeds = seeds.size();
  if (seeds.size() != a->by_seed.size() || seeds.size() != b->by_seed.size())
    notes.push_back(board_name + ": " + method + " ran " + std::to_string(a->by_seed.size()) +
                    " seeds in A and " + std::to_string(b->by_seed.size()) +
                    " in B; compared over the " + std::to_string(seeds.size()) + " both ran");
  if (seeds.empty()) return m;
  std::vector<double> auc_a, auc_b, ll_a, ll_b, up_a, up_b;
  std::map<int, double> period_a, period_b;  // recorded period -> sum over seeds
  std::map<int, std::size_t> count_a, count_b;
  m.identical = true;
  for (const std::uint64_t s : seeds) {
    const JobResult& x = *a->by_seed.at(s);
    const JobResult& y = *b->by_seed.at(s);
    auc_a.push_back(x.mean_recorded().auc);
    auc_b.push_back(y.mean_recorded().auc);
    ll_a.push_back(x.mean_recorded().log_loss);
    ll_b.push_back(y.mean_recorded().log_loss);
    up_a.push_back(x.mean_update_wall_seconds());
    up_b.push_back(y.mean_update_wall_seconds());
    if (x.periods.size() != y.periods.size()) m.identical = false;
    for (std::size_t i = 0; i < x.periods.size() && i < y.periods.size(); ++i) {
      const PeriodResult &p = x.periods[i], &q = y.periods[i];
      if (p.test_period != q.test_period || p.metrics.auc != q.metrics.auc ||
          p.metrics.log_loss != q.metrics.log_loss)
        m.identical = false;
    }
    for (const PeriodResult& p : x.periods)
      if (p.recorded) period_a[p.test_period] += p.metrics.auc, ++count_a[p.test_period];
    for (const PeriodResult& p : y.periods)
      if (p.recorded) period_b[p.test_period] += p.metrics.auc, ++count_b[p.test_period];
  }
  m.auc_a = mean(auc_a), m.auc_b = mean(auc_b);
  m.log_loss_a = mean(ll_a), m.log_loss_b = mean(ll_b);
  m.update_a = mean(up_a), m.update_b = mean(up_b);
  std::vector<double> differences;
  for (const auto& [period, sum] : period_a)
    if (count_a[period] == seeds.size() && count_b[period] == seeds.size())
      differences.push_back(period_b.at(period) / static_cast<double>(seeds.size()) -
                            sum / static_cast<double>(seeds.size()));
  m.periods = wilcoxon_signed_rank(differences);
  return m;
}

BoardComparison compare_boards(const Board& a, const Board& b, const std::string& note,
                               std::vector<std::string>& notes) {
  BoardComparison c{a.stream, a.label, a.setting, note, {}};
  const std::map<std::string, Runs> ra = by_method(a), rb = by_method(b);
  std::vector<std::string> order;
  for (const MethodSummary& s : ranked(summarise(a.jobs))) order.push_back(s.method);
  for (const auto& [method, runs] : rb)
    if (std::find(order.begin(), order.end(), method) == order.end()) order.push_back(method);
  for (const JobResult& r : b.jobs)  // methods whose jobs all failed in B but not listed yet
    if (std::find(order.begin(), order.end(), r.method) == order.end()) order.push_back(r.method);
  std::vector<double> p;
  for (const std::string& method : order) {
    const auto ia = ra.find(method), ib = rb.find(method);
    c.methods.push_back(compare_method(method, ia == ra.end() ? nullptr : &ia->second,
                                       ib == rb.end() ? nullptr : &ib->second, notes, a.name()));
    const MethodMove& m = c.methods.back();
    p.push_back(m.in_a && m.in_b && m.periods.used() > 0 ? m.periods.p_value : NAN);
  }
  const std::vector<double> holm = holm_adjust(p);
  for (std::size_t i = 0; i < c.methods.size(); ++i) c.methods[i].holm = holm[i];
  return c;
}

}  // namespace

ResultsComparison compare_results(const std::vector<StreamResults>& a,
                                  const std::vector<StreamResults>& b,
                                  bool allow_different_settings) {
  ResultsComparison out;
  std::map<std::string, const StreamResults*> sb;
  for (const StreamResults& s : b) sb[s.stream] = &s;
  std::set<std::string> seen;
  for (const StreamResults& s : a) {
    seen.insert(s.stream);
    const auto it = sb.find(s.stream);
    if (it == sb.end()) {
      out.notes.push_back("stream " + s.stream + " is only in A");
      continue;
    }
    std::vector<const Board*> left_a, left_b;
    std::set<std::string> matched;
    for (const Board& x : s.boards) {
      const auto y = std::find_if(it->second->boards.begin(), it->second->boards.end(),
                                  [&](const Board& z) { return z.setting == x.setting; });
      if (y == it->second->boards.end()) {
        left_a.push_back(&x);
        continue;
      }
      matched.insert(y->setting);
      out.boards.push_back(compare_boards(x, *y, "", out.notes));
    }
    for (const Board& y : it->second->boards)
      if (!matched.count(y.setting)) left_b.push_back(&y);
    // Boards whose settings differ: paired when that is unambiguous.
    std::vector<std::pair<const Board*, const Board*>> pairs;
    if (left_a.size() == 1 && left_b.size() == 1) {
      pairs.emplace_back(left_a[0], left_b[0]);
    } else {
      for (const Board* x : left_a)
        for (const Board* y : left_b)
          if (!x->label.empty() && x->label == y->label) pairs.emplace_back(x, y);
    }
    for (const auto& [x, y] : pairs) {
      const std::string diff = difference_text(x->setting, y->setting);
      out.setting_differences.push_back(x->name() + ": " + diff);
      if (allow_different_settings) out.boards.push_back(compare_boards(*x, *y, diff, out.notes));
    }
    for (const Board* x : left_a)
      if (std::none_of(pairs.begin(), pairs.end(), [&](const auto& p) { return p.first == x; }))
        out.notes.push_back("board " + x->name() + " (" + x->setting + ") is only in A");
    for (const Board* y : left_b)
      if (std::none_of(pairs.begin(), pairs.end(), [&](const auto& p) { return p.second == y; }))
        out.notes.push_back("board " + y->name() + " (" + y->setting + ") is only in B");
  }
  for (const StreamResults& s : b)
    if (!seen.count(s.stream)) out.notes.push_back("stream " + s.stream + " is only in B");
  if (!out.setting_differences.empty() && !allow_different_settings) {
    std::string list;
    for (const std::string& d : out.setting_differences) list += "\n  " + d;
    throw UsageError("the two files ran different settings, which are not compared:" + list +
                     "\n(--allow-different-settings compares them anyway, labelled)");
  }
  return out;
}

std::string comparison_markdown(const ResultsComparison& c, const std::string& name_a,
                                const std::string& name_b) {
  std::string out = "# What moved from A to B\n\nA: " + name_a + "\nB: " + name_b + "\n";
  if (!c.notes.empty()) {
    out += "\n";
    for (const std::string& n : c.notes) out += "- " + n + "\n";
  }
  for (const BoardComparison& b : c.boards) {
    out += "\n## " + b.stream + (b.label.empty() ? "" : " " + b.label) + "\n\n";
    if (!b.setting_note.empty())
      out += "**Settings differ:** " + b.setting_note +
             ". The numbers are not comparable as "
             "a change of code or machine alone.\n\n";
    std::size_t identical = 0, compared = 0;
    for (const MethodMove& m : b.methods)
      if (m.in_a && m.in_b && m.seeds > 0) ++compared, identical += m.identical ? 1 : 0;
    out += std::to_string(identical) + " of " + std::to_string(compared) +
           " methods gave identical AUC and log loss in every period.\n\n";
    out +=
        "| method | seeds | AUC A | AUC B | ΔAUC | p periods (n) | Holm | log loss A | "
        "log loss B | Δ log loss | update s A | update s B | B / A |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    const std::vector<std::string> shorts = [&] {
      std::vector<std::string> specs;
      for (const MethodMove& m : b.methods) specs.push_back(m.method);
      return short_method_names(specs);
    }();
    for (std::size_t i = 0; i < b.methods.size(); ++i) {
      const MethodMove& m = b.methods[i];
      out += "| " + shorts[i] + " | ";
      if (!m.in_a || !m.in_b || m.seeds == 0) {
        out += std::string(!m.in_a   ? "only in B"
                           : !m.in_b ? "only in A"
                                     : "no common seed") +
               " | | | | | | | | | | | |\n";
        continue;
      }
      const std::string p = m.identical             ? "identical"
                            : m.periods.used() == 0 ? "–"
                                                    : format_number(m.periods.p_value, "%.3g") +
                                                          " (" + std::to_string(m.periods.n) + ")";
      out += std::to_string(m.seeds) + " | " + format_number(m.auc_a, "%.4f") + " | " +
             format_number(m.auc_b, "%.4f") + " | " + format_number(m.auc_b - m.auc_a, "%+.4f") +
             " | " + p + " | " + (m.identical ? "–" : format_number(m.holm, "%.3g")) + " | " +
             format_number(m.log_loss_a, "%.4f") + " | " + format_number(m.log_loss_b, "%.4f") +
             " | " + format_number(m.log_loss_b - m.log_loss_a, "%+.4f") + " | " +
             format_number(m.update_a, "%.3f") + " | " + format_number(m.update_b, "%.3f") + " | " +
             format_number(m.update_b / m.update_a, "%.2f") + " |\n";
    }
  }
  out +=
      "\nMeans over the seeds both files ran, of each seed's mean over the recorded periods. "
      "p periods: two-sided Wilcoxon signed-rank test over the recorded periods of B's "
      "seed-averaged AUC minus A's (n periods), Holm-corrected over the board's methods. "
      "Update times come from whatever machines and loads ran A and B.\n";
  return out;
}

Table comparison_table(const ResultsComparison& c) {
  Table t;
  t.columns = {"stream",     "variant",    "method",         "in_a",       "in_b",
               "seeds",      "identical",  "auc_a",          "auc_b",      "auc_diff",
               "n_periods",  "p_periods",  "p_holm",         "log_loss_a", "log_loss_b",
               "update_s_a", "update_s_b", "settings_differ"};
  for (const BoardComparison& b : c.boards)
    for (const MethodMove& m : b.methods) {
      const bool both = m.in_a && m.in_b && m.seeds > 0;
      std::vector<Cell> row;
      row.emplace_back(b.stream);
      row.emplace_back(b.label);
      row.emplace_back(m.method);
      row.emplace_back(std::int64_t{m.in_a});
      row.emplace_back(std::int64_t{m.in_b});
      row.emplace_back(static_cast<std::int64_t>(m.seeds));
      row.emplace_back(std::int64_t{m.identical});
      row.emplace_back(m.auc_a);
      row.emplace_back(m.auc_b);
      row.emplace_back(m.auc_b - m.auc_a);
      if (both) {
        row.emplace_back(static_cast<std::int64_t>(m.periods.n));
      } else {
        row.emplace_back(NAN);  // written as empty / null, like an absent value
      }
      row.emplace_back(both && m.periods.used() > 0 ? m.periods.p_value : NAN);
      row.emplace_back(m.holm);
      row.emplace_back(m.log_loss_a);
      row.emplace_back(m.log_loss_b);
      row.emplace_back(m.update_a);
      row.emplace_back(m.update_b);
      row.emplace_back(b.setting_note);
      t.add(std::move(row));
    }
  return t;
}

}  // namespace crbench
