// Ranking methods over boards: method-set choice, ranks, Friedman, Nemenyi, output.
#include "bench/cross_stream.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "bench/cd_diagram.hpp"
#include "bench/distributions.hpp"
#include "bench/leaderboard_table.hpp"
#include "bench/multiple_testing.hpp"
#include "bench/results.hpp"
#include "bench/summary.hpp"

namespace crbench {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

CrossStreamRanking rank_across_boards(const std::vector<StreamResults>& streams,
                                      const std::string& baseline) {
  CrossStreamRanking out;
  // Each board's mean AUC per ranked method.
  std::vector<std::string> names;
  std::vector<std::map<std::string, double>> scores;
  for (const StreamResults& sr : streams)
    for (const Board& b : sr.boards) {
      std::map<std::string, double> s;
      for (const MethodSummary& m : summarise(b.jobs, baseline))
        if (!m.reference && !std::isnan(m.auc.mean)) s[m.method] = m.auc.mean;
      names.push_back(b.name());
      scores.push_back(std::move(s));
    }
  if (names.size() < 2) {
    out.why_not = "one board only: a ranking across streams needs two or more";
    return out;
  }
  // The method set most boards share.
  std::vector<std::set<std::string>> sets;
  for (const auto& s : scores) {
    std::set<std::string> set;
    for (const auto& [m, v] : s) set.insert(m);
    sets.push_back(std::move(set));
  }
  std::size_t best = 0, best_count = 0;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    const auto count = static_cast<std::size_t>(std::count(sets.begin(), sets.end(), sets[i]));
    if (count > best_count || (count == best_count && sets[i].size() > sets[best].size()))
      best = i, best_count = count;
  }
  const std::set<std::string>& methods = sets[best];
  std::vector<std::size_t> used;
  for (std::size_t i = 0; i < sets.size(); ++i) {
    if (sets[i] == methods) {
      used.push_back(i);
      out.boards.push_back(names[i]);
      continue;
    }
    std::vector<std::string> missing, extra;
    std::set_difference(methods.begin(), methods.end(), sets[i].begin(), sets[i].end(),
                        std::back_inserter(missing));
    std::set_difference(sets[i].begin(), sets[i].end(), methods.begin(), methods.end(),
                        std::back_inserter(extra));
    std::string why = names[i] + ": other methods ran";
    if (!missing.empty()) why += "; missing " + join(missing);
    if (!extra.empty()) why += "; extra " + join(extra);
    out.excluded.push_back(why);
  }
  if (used.size() < 2 || methods.size() < 2) {
    out.why_not = used.size() < 2 ? "no two boards ran the same methods"
                                  : "fewer than two methods ran on the same boards";
    return out;
  }
  const std::vector<std::string> spec(methods.begin(), methods.end());
  const std::size_t k = spec.size(), n = used.size();
  std::vector<std::vector<double>> ranks(k, std::vector<double>(n)), auc(k, std::vector<double>(n));
  std::vector<double> average(k, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    std::vector<double> row;
    for (const std::string& m : spec) row.push_back(scores[used[j]].at(m));
    const std::vector<double> r = ranks_highest_first(row);
    for (std::size_t i = 0; i < k; ++i) {
      ranks[i][j] = r[i];
      auc[i][j] = row[i];
      average[i] += r[i] / static_cast<double>(n);
    }
  }
  std::vector<std::size_t> order(k);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return average[a] < average[b]; });
  for (const std::size_t i : order) {
    out.methods.push_back(spec[i]);
    out.average_ranks.push_back(average[i]);
    out.ranks.push_back(ranks[i]);
    out.auc.push_back(auc[i]);
  }
  out.friedman = friedman_from_average_ranks(out.average_ranks, n);
  out.nemenyi_q = crbench::nemenyi_q(out.alpha, k);
  out.critical_difference = nemenyi_critical_difference(k, n, out.alpha);
  out.groups = groups_within_cd(out.average_ranks, out.critical_difference);
  out.baseline = resolve_baseline(out.methods, baseline);
  out.z.assign(k, NAN);
  out.p.assign(k, NAN);
  if (!out.baseline.empty()) {
    const std::size_t b = static_cast<std::size_t>(
        std::find(out.methods.begin(), out.methods.end(), out.baseline) - out.methods.begin());
    for (std::size_t i = 0; i < k; ++i)
      if (i != b)
        std::tie(out.z[i], out.p[i]) =
            rank_z_test(out.average_ranks[i], out.average_ranks[b], k, n);
  }
  out.p_holm = holm_adjust(out.p);
  out.valid = true;
  return out;
}

std::string ranking_markdown(const CrossStreamRanking& r) {
  std::string out = "# Ranking across streams\n\n";
  if (!r.valid) {
    out += "No ranking: " + r.why_not + ".\n";
    if (!r.excluded.empty()) {
      out += "\nBoards and their method sets:\n\n";
      for (const std::string& e : r.excluded) out += "- " + e + "\n";
    }
    return out;
  }
  const FriedmanTest& f = r.friedman;
  out +=
      "Each method's mean AUC (over seeds, of the mean over recorded periods) is ranked "
      "within each data set (1 = best; ties share the mean rank); the average rank is over "
      "the " +
      std::to_string(f.data_sets) + " data sets: " + join(r.boards) +
      ". The oracle is not ranked. Demšar (2006): Friedman's test of equal average ranks, "
      "Iman and Davenport's F form of it, and Nemenyi's critical difference (CD) at α = " +
      format_number(r.alpha, "%.2f") +
      ": two methods whose average ranks differ by less than CD are not significantly "
      "different (joined by a bar in critical_difference.svg). Data sets are treated as "
      "independent; variants of one swept stream are not, so read p with that in mind.\n";
  if (!r.excluded.empty()) {
    out += "\nLeft out (the ranking needs the same methods on every data set):\n\n";
    for (const std::string& e : r.excluded) out += "- " + e + "\n";
  }
  out += "\n- Friedman χ²(" + std::to_string(f.methods - 1) +
         ") = " + format_number(f.chi_squared, "%.3f") +
         ", p = " + format_number(f.chi_squared_p, "%.3g") + " (k = " + std::to_string(f.methods) +
         " methods, N = " + std::to_string(f.data_sets) + " data sets)\n";
  out += "- Iman-Davenport F(" + format_number(f.f_dof1, "%.0f") + ", " +
         format_number(f.f_dof2, "%.0f") +
         ") = " + (std::isinf(f.f) ? std::string("∞") : format_number(f.f, "%.3f")) +
         ", p = " + format_number(f.f_p, "%.3g") + "\n";
  out += "- Nemenyi CD = q(" + format_number(r.alpha, "%.2f") +
         ") √(k(k+1)/(6N)) = " + format_number(r.nemenyi_q, "%.3f") + " × " +
         format_number(std::sqrt(static_cast<double>(f.methods * (f.methods + 1)) /
                                 (6.0 * static_cast<double>(f.data_sets))),
                       "%.3f") +
         " = " + format_number(r.critical_difference, "%.2f") + " ranks\n";
  if (!r.baseline.empty())
    out += "- vs " + r.baseline +
           ": z = (R − R_baseline) / √(k(k+1)/(6N)), two-sided normal p, Holm-corrected over the " +
           std::to_string(f.methods - 1) + (f.methods == 2 ? " comparison\n" : " comparisons\n");
  out += "\n| rank | method | average rank |";
  std::string rule = "|---:|---|---:|";
  for (const std::string& b : r.boards) {
    out += " " + b + " |";
    rule += "---:|";
  }
  if (!r.baseline.empty()) {
    out += " p vs " + r.baseline + " (N) | Holm |";
    rule += "---:|---:|";
  }
  out += "\n" + rule + "\n";
  for (std::size_t i = 0; i < r.methods.size(); ++i) {
    out += "| " + std::to_string(i + 1) + " | " + r.methods[i] + " | " +
           format_number(r.average_ranks[i], "%.2f") + " |";
    for (std::size_t j = 0; j < r.boards.size(); ++j)
      out += " " + format_number(r.ranks[i][j], "%g") + " (" + format_number(r.auc[i][j], "%.4f") +
             ") |";
    if (!r.baseline.empty()) {
      if (std::isnan(r.p[i])) {
        out += " baseline | – |";
      } else {
        out += " " + format_number(r.p[i], "%.3g") + " (" + std::to_string(f.data_sets) + ") | " +
               format_number(r.p_holm[i], "%.3g") + " |";
      }
    }
    out += "\n";
  }
  out += "\nCells: rank on that data set (its mean AUC).\n";
  return out;
}

std::string ranking_csv(const CrossStreamRanking& r) {
  std::string out =
      "rank,method,average_rank,data_sets,methods,friedman_chi2,friedman_p,iman_davenport_f,"
      "iman_davenport_p,nemenyi_cd,baseline,z_vs_baseline,p_vs_baseline,p_holm";
  for (const std::string& b : r.boards) out += "," + csv_field("rank:" + b);
  for (const std::string& b : r.boards) out += "," + csv_field("auc:" + b);
  out += "\n";
  if (!r.valid) return out;
  const FriedmanTest& f = r.friedman;
  for (std::size_t i = 0; i < r.methods.size(); ++i) {
    out += std::to_string(i + 1) + "," + csv_field(r.methods[i]) + "," +
           csv_number(r.average_ranks[i]) + "," + std::to_string(f.data_sets) + "," +
           std::to_string(f.methods) + "," + csv_number(f.chi_squared) + "," +
           csv_number(f.chi_squared_p) + "," +
           (std::isinf(f.f) ? std::string("inf") : csv_number(f.f)) + "," + csv_number(f.f_p) +
           "," + csv_number(r.critical_difference) + "," + csv_field(r.baseline) + "," +
           csv_number(r.z[i]) + "," + csv_number(r.p[i]) + "," + csv_number(r.p_holm[i]);
    for (const double v : r.ranks[i]) out += "," + csv_number(v);
    for (const double v : r.auc[i]) out += "," + csv_number(v);
    out += "\n";
  }
  return out;
}

std::string ranking_svg(const CrossStreamRanking& r) {
  CdDiagram d;
  d.methods = short_method_names(r.methods);
  d.average_ranks = r.average_ranks;
  d.critical_difference = r.critical_difference;
  d.groups = r.groups;
  d.caption = {
      std::to_string(r.friedman.methods) + " methods on " + std::to_string(r.friedman.data_sets) +
          " data sets: " + join(r.boards),
      "Friedman p = " + format_number(r.friedman.chi_squared_p, "%.3g") +
          ", Iman-Davenport p = " + format_number(r.friedman.f_p, "%.3g") +
          "; bars join methods closer than Nemenyi's CD at α = " + format_number(r.alpha, "%.2f")};
  return critical_difference_svg(d);
}

}  // namespace crbench
