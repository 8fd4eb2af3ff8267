// Aggregation of job results over seeds: the numbers a leaderboard row shows.
#pragma once

#include <string>
#include <vector>

#include "bench/paired_test.hpp"
#include "bench/protocol.hpp"

namespace crbench {

// Mean, sample standard deviation and 95% confidence half-width (Student t) of values.
struct SeedStatistic {
  double mean = 0.0;
  double std = 0.0;
  double ci95 = 0.0;
  std::size_t n = 0;
};
SeedStatistic seed_statistic(const std::vector<double>& values);

// Two-sided 0.975 quantile of Student's t with `dof` degrees of freedom.
double student_t_975(std::size_t dof);

struct MethodSummary {
  std::string method;
  SeedStatistic auc;  // over seeds, of each seed's mean over recorded periods
  SeedStatistic log_loss;
  SeedStatistic gauc;
  // Against the oracle on simulated streams (NaN on real logs): oracle AUC minus
  // the method's, and the method's log loss minus the oracle's.
  SeedStatistic auc_regret;
  SeedStatistic excess_log_loss;
  double update_seconds = 0.0;  // mean wall time per recorded period
  // Its split (CostBreakdown), mean per recorded period over seeds.
  double base_train_seconds = 0.0;
  double meta_train_seconds = 0.0;
  double generation_seconds = 0.0;
  double other_seconds = 0.0;
  // Wilcoxon signed-rank test of this method's AUC against iu's over matched
  // (seed, recorded period) pairs; n == 0 (p = 1) for iu itself or without iu.
  SignedRankTest vs_iu;
  std::size_t parameters = 0;
  std::size_t failed = 0;  // failed jobs (excluded from the statistics)
  std::string first_error;
};

// The method every leaderboard tests against (the common no-frills update).
inline constexpr const char* kReferenceMethod = "iu";

// AUC differences (method - reference) over the (seed, recorded test period)
// pairs where both jobs succeeded.
std::vector<double> paired_auc_differences(const std::vector<JobResult>& results,
                                           const std::string& method, const std::string& reference);

// One summary per method, in first-seen order of `results`.
std::vector<MethodSummary> summarise(const std::vector<JobResult>& results);

// A Markdown table ranked by mean AUC.
std::string leaderboard_markdown(std::vector<MethodSummary> summaries);

// A Markdown table of AUC per test period (1-based, every period scored, recorded
// or not), averaged over each method's successful seeds: the series behind the means.
std::string per_period_markdown(const std::vector<JobResult>& results);

}  // namespace crbench
