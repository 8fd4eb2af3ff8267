// Seed-level statistics and the Markdown leaderboard table.
#include "bench/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>

namespace crbench {

double student_t_975(std::size_t dof) {
  // Exact-to-3-decimals table (any statistics handbook); 1.96 is the normal limit.
  static const double table[] = {NAN,   12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                                 2.306, 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                                 2.120, 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                                 2.064, 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (dof < std::size(table)) return table[dof];
  if (dof <= 60) return 2.000;
  if (dof <= 120) return 1.980;
  return 1.960;
}

SeedStatistic seed_statistic(const std::vector<double>& values) {
  SeedStatistic s;
  s.n = values.size();
  if (s.n == 0) return {NAN, NAN, NAN, 0};
  for (const double v : values) s.mean += v;
  s.mean /= static_cast<double>(s.n);
  if (s.n < 2) {
    s.std = s.ci95 = NAN;
    return s;
  }
  double ss = 0.0;
  for (const double v : values) ss += (v - s.mean) * (v - s.mean);
  s.std = std::sqrt(ss / static_cast<double>(s.n - 1));
  s.ci95 = student_t_975(s.n - 1) * s.std / std::sqrt(static_cast<double>(s.n));
  return s;
}

std::vector<double> paired_auc_differences(const std::vector<JobResult>& results,
                                           const std::string& method,
                                           const std::string& reference) {
  std::map<std::pair<std::uint64_t, int>, double> ref;  // (seed, period) -> AUC
  for (const JobResult& r : results)
    if (r.ok && r.method == reference)
      for (const PeriodResult& p : r.periods)
        if (p.recorded) ref[{r.seed, p.test_period}] = p.metrics.auc;
  std::vector<double> out;
  for (const JobResult& r : results) {
    if (!r.ok || r.method != method) continue;
    for (const PeriodResult& p : r.periods) {
      if (!p.recorded) continue;
      const auto it = ref.find({r.seed, p.test_period});
      if (it != ref.end()) out.push_back(p.metrics.auc - it->second);
    }
  }
  return out;
}

std::vector<MethodSummary> summarise(const std::vector<JobResult>& results) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const JobResult*>> by_method;
  for (const JobResult& r : results) {
    if (!by_method.count(r.method)) order.push_back(r.method);
    by_method[r.method].push_back(&r);
  }
  std::vector<MethodSummary> out;
  for (const std::string& m : order) {
    MethodSummary s;
    s.method = m;
    std::vector<double> auc, ll, gauc, regret, excess;
    double seconds = 0.0;
    for (const JobResult* r : by_method[m]) {
      if (!r->ok) {
        if (s.failed++ == 0) s.first_error = r->error;
        continue;
      }
      const PeriodMetrics mean = r->mean_recorded();
      auc.push_back(mean.auc);
      ll.push_back(mean.log_loss);
      gauc.push_back(mean.gauc);
      const PeriodMetrics oracle = r->mean_recorded(&PeriodResult::oracle);
      regret.push_back(oracle.auc - mean.auc);
      excess.push_back(mean.log_loss - oracle.log_loss);
      seconds += r->mean_update_wall_seconds();
      s.parameters = r->parameter_count;
      double split[4] = {0, 0, 0, 0};
      std::size_t n = 0;
      for (const PeriodResult& p : r->periods) {
        if (!p.recorded) continue;
        split[0] += p.cost.base_train_seconds;
        split[1] += p.cost.meta_train_seconds;
        split[2] += p.cost.generation_seconds;
        split[3] += p.cost.other_seconds;
        ++n;
      }
      const double d = n ? static_cast<double>(n) : NAN;
      s.base_train_seconds += split[0] / d;
      s.meta_train_seconds += split[1] / d;
      s.generation_seconds += split[2] / d;
      s.other_seconds += split[3] / d;
    }
    const double seeds_ok = auc.empty() ? NAN : static_cast<double>(auc.size());
    s.base_train_seconds /= seeds_ok;
    s.meta_train_seconds /= seeds_ok;
    s.generation_seconds /= seeds_ok;
    s.other_seconds /= seeds_ok;
    if (m != kReferenceMethod)
      s.vs_iu = wilcoxon_signed_rank(paired_auc_differences(results, m, kReferenceMethod));
    s.auc = seed_statistic(auc);
    s.log_loss = seed_statistic(ll);
    s.gauc = seed_statistic(gauc);
    s.auc_regret = seed_statistic(regret);
    s.excess_log_loss = seed_statistic(excess);
    s.update_seconds = auc.empty() ? NAN : seconds / static_cast<double>(auc.size());
    out.push_back(s);
  }
  return out;
}

std::string leaderboard_markdown(std::vector<MethodSummary> summaries) {
  std::stable_sort(summaries.begin(), summaries.end(), [](const auto& a, const auto& b) {
    const double x = std::isnan(a.auc.mean) ? -1 : a.auc.mean;
    const double y = std::isnan(b.auc.mean) ? -1 : b.auc.mean;
    return x > y;
  });
  // Regret columns only where there is a ground truth (simulated streams).
  const bool simulated = std::any_of(summaries.begin(), summaries.end(),
                                     [](const auto& s) { return !std::isnan(s.auc_regret.mean); });
  std::string out = "| rank | method | AUC mean ± std | AUC 95% CI | log loss | GAUC |";
  std::string rule = "|---:|---|---|---|---|---|";
  if (simulated) {
    out += " AUC regret | excess log loss |";
    rule += "---:|---:|";
  }
  out +=
      " update s/period | base / meta / gen / other s | parameters | p vs iu (pairs) | seeds |\n" +
      rule + "---:|---|---:|---|---:|\n";
  char buf[512];
  int rank = 0;
  for (const MethodSummary& s : summaries) {
    std::snprintf(buf, sizeof buf, "| %d | %s | %.4f ± %.4f | [%.4f, %.4f] | %.4f | %.4f |", ++rank,
                  s.method.c_str(), s.auc.mean, s.auc.std, s.auc.mean - s.auc.ci95,
                  s.auc.mean + s.auc.ci95, s.log_loss.mean, s.gauc.mean);
    out += buf;
    if (simulated) {
      std::snprintf(buf, sizeof buf, " %.4f | %.4f |", s.auc_regret.mean, s.excess_log_loss.mean);
      out += buf;
    }
    const std::string failed =
        s.failed ? " (" + std::to_string(s.failed) + " failed: " + s.first_error + ")" : "";
    std::snprintf(buf, sizeof buf, " %.3f | %.3f / %.3f / %.3f / %.3f | %zu |", s.update_seconds,
                  s.base_train_seconds, s.meta_train_seconds, s.generation_seconds, s.other_seconds,
                  s.parameters);
    out += buf;
    if (s.vs_iu.n > 0) {
      std::snprintf(buf, sizeof buf, " %.3g (%zu) |", s.vs_iu.p_value, s.vs_iu.n);
      out += buf;
    } else {
      out += " – |";
    }
    out += " " + std::to_string(s.auc.n) + failed + " |\n";
  }
  return out;
}

std::string per_period_markdown(const std::vector<JobResult>& results) {
  std::vector<std::string> order;
  std::map<std::string, std::map<int, std::pair<double, int>>>
      sums;  // method -> period -> (sum, n)
  std::map<int, bool> periods;
  for (const JobResult& r : results) {
    if (!r.ok) continue;
    if (!sums.count(r.method)) order.push_back(r.method);
    for (const PeriodResult& p : r.periods) {
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
  char buf[32];
  for (const std::string& m : order) {
    out += "| " + m + " |";
    for (const auto& [period, recorded] : periods) {
      const auto it = sums[m].find(period);
      if (it == sums[m].end()) {
        out += " |";
        continue;
      }
      std::snprintf(buf, sizeof buf, " %.4f |", it->second.first / it->second.second);
      out += buf;
    }
    out += "\n";
  }
  return out;
}

}  // namespace crbench
