// Seed statistics, period bootstrap, flags and paired tests against the baseline.
#include "bench/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <set>

#include "bench/distributions.hpp"
#include "bench/multiple_testing.hpp"
#include "core/seeding.hpp"
#include "core/spec.hpp"

namespace crbench {

namespace {

// AUC within this of 0.5 in every period: constant scores (ties count 1/2 in the
// AUC), whatever rounding the accumulation left.
constexpr double kCollapsedAucTolerance = 1e-9;

// seed -> test period -> a metric of a method's successful jobs, recorded periods
// only (periods where the metric is NaN left out).
using PeriodValues = std::map<std::uint64_t, std::map<int, double>>;

// Which metric of a period the statistics are about (the AUC, a ranking metric).
using MetricOf = std::function<double(const PeriodResult&)>;

double period_auc(const PeriodResult& p) { return p.metrics.auc; }

MetricOf ranking_metric(const std::string& name) {
  return [name](const PeriodResult& p) { return p.ranking.value(name); };
}

PeriodValues recorded_values(const std::vector<const JobResult*>& jobs, const MetricOf& metric) {
  PeriodValues out;
  for (const JobResult* r : jobs)
    if (r->ok)
      for (const PeriodResult& p : r->periods) {
        const double v = p.recorded ? metric(p) : NAN;
        if (!std::isnan(v)) out[r->seed][p.test_period] = v;
      }
  return out;
}

// Per period, the mean over `seeds` of the metric (periods every one of them has).
std::map<int, double> seed_averaged(const PeriodValues& aucs,
                                    const std::set<std::uint64_t>& seeds) {
  std::map<int, double> sum;
  std::map<int, std::size_t> count;
  for (const std::uint64_t s : seeds)
    for (const auto& [period, auc] : aucs.at(s)) sum[period] += auc, ++count[period];
  std::map<int, double> out;
  for (const auto& [period, total] : sum)
    if (count[period] == seeds.size()) out[period] = total / static_cast<double>(seeds.size());
  return out;
}

double mean_of(const std::map<int, double>& values) {
  double sum = 0.0;
  for (const auto& [k, v] : values) sum += v;
  return values.empty() ? NAN : sum / static_cast<double>(values.size());
}

BaselineComparison compare(const PeriodValues& method, const PeriodValues& baseline) {
  BaselineComparison c;
  c.tested = true;
  std::set<std::uint64_t> seeds;
  for (const auto& [s, periods] : method)
    if (baseline.count(s)) seeds.insert(s);
  c.common_seeds = seeds.size();
  if (seeds.empty()) return c;
  const std::map<int, double> m = seed_averaged(method, seeds), b = seed_averaged(baseline, seeds);
  std::vector<double> by_period;
  for (const auto& [period, auc] : m)
    if (b.count(period)) by_period.push_back(auc - b.at(period));
  double sum = 0.0;
  for (const double d : by_period) sum += d;
  c.mean_difference = by_period.empty() ? NAN : sum / static_cast<double>(by_period.size());
  c.periods = wilcoxon_signed_rank(by_period);
  if (seeds.size() >= kMinSeedsForSeedTest) {
    std::vector<double> by_seed;
    for (const std::uint64_t s : seeds) {
      std::map<int, double> ms, bs;  // the periods both have, for this seed
      for (const auto& [period, auc] : method.at(s))
        if (baseline.at(s).count(period)) ms[period] = auc, bs[period] = baseline.at(s).at(period);
      by_seed.push_back(mean_of(ms) - mean_of(bs));
    }
    c.seeds = paired_t_test(by_seed);
  }
  return c;
}

// The 95% percentile-bootstrap interval of the mean over periods of the
// seed-averaged metric.
Interval period_bootstrap(const PeriodValues& own) {
  std::set<std::uint64_t> seeds;
  for (const auto& [seed, periods] : own) seeds.insert(seed);
  std::vector<double> per_period;
  for (const auto& [period, value] : seed_averaged(own, seeds)) per_period.push_back(value);
  // One seed for every board and method: the same resampled period indices
  // wherever the number of periods is the same.
  return bootstrap_mean_interval(per_period, 0.95, derive_seed(0, "period-bootstrap"));
}

// Holm's correction over the methods tested against the baseline on one metric
// (`comparison` picks that metric's comparison of a method), one family per test.
void holm_over_methods(std::vector<MethodSummary>& methods,
                       const std::function<BaselineComparison&(MethodSummary&)>& comparison) {
  std::vector<double> p_periods, p_seeds;
  for (MethodSummary& s : methods) {
    const BaselineComparison& c = comparison(s);
    p_periods.push_back(c.tested && c.periods.n > 0 ? c.periods.p_value : NAN);
    p_seeds.push_back(c.tested ? c.seeds.p_value : NAN);
  }
  const std::vector<double> holm_periods = holm_adjust(p_periods),
                            holm_seeds = holm_adjust(p_seeds);
  for (std::size_t i = 0; i < methods.size(); ++i) {
    comparison(methods[i]).periods_holm = holm_periods[i];
    comparison(methods[i]).seeds_holm = holm_seeds[i];
  }
}

bool collapsed(const JobResult& r) {
  bool any = false;
  for (const PeriodResult& p : r.periods) {
    if (std::isnan(p.metrics.auc)) continue;
    if (std::fabs(p.metrics.auc - 0.5) > kCollapsedAucTolerance) return false;
    any = true;
  }
  return any;
}

}  // namespace

SeedStatistic seed_statistic(const std::vector<double>& values) {
  SeedStatistic s;
  s.n = values.size();
  if (s.n == 0) return s;
  s.mean = 0.0;
  for (const double v : values) s.mean += v;
  s.mean /= static_cast<double>(s.n);
  if (s.n < 2) return s;  // one seed: no spread, no interval
  double ss = 0.0;
  for (const double v : values) ss += (v - s.mean) * (v - s.mean);
  s.std = std::sqrt(ss / static_cast<double>(s.n - 1));
  if (s.std <= 1e-12 * std::fabs(s.mean)) s.std = 0.0;
  s.ci95 = student_t_quantile(0.975, static_cast<double>(s.n - 1)) * s.std /
           std::sqrt(static_cast<double>(s.n));
  return s;
}

int BaselineComparison::verdict() const {
  if (!tested || std::isnan(periods_holm) || periods_holm > kAlpha) return 0;
  return mean_difference > 0 ? 1 : mean_difference < 0 ? -1 : 0;
}

bool is_reference_method(const std::string& method) { return spec_name(method) == "oracle"; }

std::string resolve_baseline(const std::vector<std::string>& specs, const std::string& requested,
                             std::string* why) {
  std::set<std::string> named;
  for (const std::string& s : specs)
    if (spec_name(s) == requested) named.insert(s);
  if (std::find(specs.begin(), specs.end(), requested) != specs.end()) return requested;
  if (named.size() == 1) return *named.begin();
  if (why != nullptr)
    *why = named.empty() ? "the baseline " + requested + " did not run on this board"
                         : "the baseline " + requested + " names " + std::to_string(named.size()) +
                               " specs here; give one in full";
  return "";
}

namespace {

// The ranking metrics of every method, through the same statistics as the AUC:
// per seed the mean over recorded periods (NaN periods left out), the period
// bootstrap, the period test against the baseline with Holm per metric, and the
// regret against a reference (the oracle) that has the metric.
void summarise_ranking(BoardSummary& board, const std::vector<std::string>& order,
                       std::map<std::string, std::vector<const JobResult*>>& by_method) {
  for (const std::string& m : order)
    for (const JobResult* r : by_method[m])
      for (const PeriodResult& p : r->periods)
        for (const auto& [name, value] : p.ranking.metrics)
          if (std::find(board.ranking_metrics.begin(), board.ranking_metrics.end(), name) ==
              board.ranking_metrics.end())
            board.ranking_metrics.push_back(name);
  if (board.ranking_metrics.empty()) return;
  for (std::size_t k = 0; k < board.ranking_metrics.size(); ++k) {
    const std::string& name = board.ranking_metrics[k];
    const MetricOf metric = ranking_metric(name);
    const PeriodValues baseline_values = board.baseline.empty()
                                             ? PeriodValues{}
                                             : recorded_values(by_method[board.baseline], metric);
    for (MethodSummary& s : board.methods) {
      MetricSummary ms;
      ms.name = name;
      const PeriodValues own = recorded_values(by_method[s.method], metric);
      std::vector<double> per_seed;
      for (const auto& [seed, periods] : own) per_seed.push_back(mean_of(periods));
      ms.value = seed_statistic(per_seed);
      ms.over_periods = period_bootstrap(own);
      if (!s.reference && !s.baseline && !baseline_values.empty() && !own.empty())
        ms.vs_baseline = compare(own, baseline_values);
      s.ranking.push_back(std::move(ms));
    }
    holm_over_methods(board.methods, [k](MethodSummary& s) -> BaselineComparison& {
      return s.ranking[k].vs_baseline;
    });
    for (const MethodSummary& ref : board.methods) {
      if (!ref.reference || std::isnan(ref.ranking[k].value.mean)) continue;
      for (MethodSummary& s : board.methods)
        if (!s.reference) s.ranking[k].regret = ref.ranking[k].value.mean - s.ranking[k].value.mean;
      break;
    }
  }
  for (MethodSummary& s : board.methods) {
    std::vector<double> users;
    for (const JobResult* r : by_method[s.method]) {
      if (!r->ok) continue;
      double total = 0.0;
      std::size_t n = 0;
      for (const PeriodResult& p : r->periods)
        if (p.recorded && p.ranking.evaluated()) total += static_cast<double>(p.ranking.users), ++n;
      if (n > 0) users.push_back(total / static_cast<double>(n));
    }
    s.ranking_users = seed_statistic(users).mean;
  }
}

}  // namespace

BoardSummary summarise_board(const std::vector<JobResult>& results, const std::string& baseline) {
  BoardSummary board;
  std::vector<std::string> order;
  std::map<std::string, std::vector<const JobResult*>> by_method;
  for (const JobResult& r : results) {
    if (!by_method.count(r.method)) order.push_back(r.method);
    by_method[r.method].push_back(&r);
  }
  board.baseline = resolve_baseline(order, baseline, &board.baseline_note);
  const PeriodValues baseline_aucs = board.baseline.empty()
                                         ? PeriodValues{}
                                         : recorded_values(by_method[board.baseline], period_auc);
  if (!board.baseline.empty() && baseline_aucs.empty()) {
    board.baseline_note = "every job of the baseline " + board.baseline + " failed";
    board.baseline.clear();
  }
  for (const std::string& m : order) {
    MethodSummary s;
    s.method = m;
    s.reference = is_reference_method(m);
    s.baseline = m == board.baseline;
    std::vector<double> auc, ll, gauc, regret, excess, seconds, split[4];
    std::vector<double> extra[9];  // the cohort, exposure and recovery values, in order
    std::set<int> unscorable;
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
      seconds.push_back(r->mean_update_wall_seconds());
      s.parameters = r->parameter_count;
      double parts[4] = {0, 0, 0, 0};
      std::size_t n = 0;
      for (const PeriodResult& p : r->periods) {
        if (!p.cost.note.empty()) {
          if (s.noted_periods++ == 0) s.first_note = p.cost.note;
        }
        if (!p.recorded) continue;
        if (p.unscorable) unscorable.insert(p.test_period);
        parts[0] += p.cost.base_train_seconds;
        parts[1] += p.cost.meta_train_seconds;
        parts[2] += p.cost.generation_seconds;
        parts[3] += p.cost.other_seconds;
        ++n;
      }
      for (int i = 0; i < 4; ++i) split[i].push_back(n ? parts[i] / static_cast<double>(n) : NAN);
      if (collapsed(*r)) ++s.collapsed;
      const CohortMetrics c = r->mean_recorded_cohorts();
      const Exposure e = r->mean_recorded_exposure();
      const RecoveryMetrics& v = r->recovery;
      const double values[9] = {c.new_users_auc, c.new_items_auc,  c.warm_auc,
                                e.gini,          e.coverage,       v.drop,
                                v.half_periods,  v.ninety_periods, v.regret_area};
      for (int i = 0; i < 9; ++i)
        if (std::isfinite(values[i])) extra[i].push_back(values[i]);
    }
    double* targets[9] = {&s.new_users_auc,         &s.new_items_auc,       &s.warm_auc,
                          &s.exposure_gini,         &s.exposure_coverage,   &s.drift_drop,
                          &s.recovery_half_periods, &s.recovery_90_periods, &s.regret_area};
    for (int i = 0; i < 9; ++i) *targets[i] = seed_statistic(extra[i]).mean;
    s.unscorable_periods = unscorable.size();
    s.auc = seed_statistic(auc);
    s.log_loss = seed_statistic(ll);
    s.gauc = seed_statistic(gauc);
    s.auc_regret = seed_statistic(regret);
    s.excess_log_loss = seed_statistic(excess);
    s.update_seconds = seed_statistic(seconds).mean;
    s.base_train_seconds = seed_statistic(split[0]).mean;
    s.meta_train_seconds = seed_statistic(split[1]).mean;
    s.generation_seconds = seed_statistic(split[2]).mean;
    s.other_seconds = seed_statistic(split[3]).mean;
    const PeriodValues own = recorded_values(by_method[m], period_auc);
    s.auc_over_periods = period_bootstrap(own);
    if (!s.reference && !s.baseline && !board.baseline.empty() && !own.empty())
      s.vs_baseline = compare(own, baseline_aucs);
    board.methods.push_back(std::move(s));
  }
  holm_over_methods(board.methods,
                    [](MethodSummary& s) -> BaselineComparison& { return s.vs_baseline; });
  summarise_ranking(board, order, by_method);
  return board;
}

std::vector<MethodSummary> summarise(const std::vector<JobResult>& results,
                                     const std::string& baseline) {
  return summarise_board(results, baseline).methods;
}

std::vector<MethodSummary> ranked_by_ranking(std::vector<MethodSummary> summaries,
                                             std::size_t index) {
  const auto key = [index](const MethodSummary& s) {
    const double v = index < s.ranking.size() ? s.ranking[index].value.mean : NAN;
    return std::isnan(v) ? -1.0 : v;
  };
  std::stable_sort(summaries.begin(), summaries.end(),
                   [&](const auto& a, const auto& b) { return key(a) > key(b); });
  return summaries;
}

std::vector<MethodSummary> ranked(std::vector<MethodSummary> summaries) {
  std::stable_sort(summaries.begin(), summaries.end(), [](const auto& a, const auto& b) {
    const double x = std::isnan(a.auc.mean) ? -1 : a.auc.mean;
    const double y = std::isnan(b.auc.mean) ? -1 : b.auc.mean;
    return x > y;
  });
  return summaries;
}

}  // namespace crbench
