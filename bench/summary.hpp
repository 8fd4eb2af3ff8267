// Aggregation of one board's job results (bench/boards.hpp): per method, the
// statistics a leaderboard row shows, and its paired tests against a baseline.
// The units of replication are spelled out in docs/statistics.md.
#pragma once

#include <string>
#include <vector>

#include "bench/bootstrap.hpp"
#include "bench/paired_test.hpp"
#include "bench/protocol.hpp"

namespace crbench {

// Mean, sample standard deviation and 95% confidence half-width (Student t with
// n - 1 degrees of freedom) of per-seed values. With one value the spread and
// the interval are NaN (printed "–"); a std below 1e-12 of |mean| is exactly 0
// (rounding in the means of identical values).
struct SeedStatistic {
  double mean = NAN;
  double std = NAN;
  double ci95 = NAN;
  std::size_t n = 0;
};
SeedStatistic seed_statistic(const std::vector<double>& values);

// The method every leaderboard tests against unless --baseline says otherwise
// (the common no-frills update).
inline constexpr const char* kDefaultBaseline = "iu";

// The per-seed paired test runs only with at least this many seeds: below it the
// t-test has at most 3 degrees of freedom, rests wholly on a normality that
// cannot be checked, and its p-values are too unstable to report.
inline constexpr std::size_t kMinSeedsForSeedTest = 5;

// The significance level of the verdicts ("better"/"worse" than the baseline).
inline constexpr double kAlpha = 0.05;

// The method against the baseline on the same board. Primary: per recorded test
// period, the method's AUC averaged over the seeds both ran minus the baseline's
// (n = periods), Wilcoxon signed-rank. Secondary, with >= kMinSeedsForSeedTest
// seeds both ran: per seed, the difference of the means over recorded periods,
// paired t-test (n = seeds). Holm's correction over the methods tested on the board.
struct BaselineComparison {
  bool tested = false;           // false for the baseline itself, references, or no baseline
  double mean_difference = NAN;  // mean over periods of the per-period differences
  SignedRankTest periods;        // over recorded periods
  double periods_holm = NAN;     // Holm-adjusted p of `periods`
  std::size_t common_seeds = 0;  // seeds both ran successfully
  PairedTTest seeds;             // over those seeds (n = 0 when too few)
  double seeds_holm = NAN;
  // +1 significantly better, -1 significantly worse (Holm-adjusted period test at
  // kAlpha), 0 otherwise.
  int verdict() const;
};

// A per-period metric other than the AUC (the ranking metrics: "ndcg@10", ...)
// of a method on a board, summarised exactly as the AUC is: per seed the mean
// over the recorded periods, the period bootstrap, and the paired period test
// against the baseline with Holm's correction over the methods, one family per
// metric.
struct MetricSummary {
  std::string name;
  SeedStatistic value;
  Interval over_periods{NAN, NAN};
  BaselineComparison vs_baseline;
  // The reference's (oracle's) mean minus the method's, when a reference on the
  // board has the metric (simulated streams); NaN otherwise.
  double regret = NAN;
};

struct MethodSummary {
  std::string method;
  SeedStatistic auc;  // over seeds, of each seed's mean over recorded periods
  SeedStatistic log_loss;
  SeedStatistic gauc;
  // Against the oracle on simulated streams (NaN on real logs): oracle AUC minus
  // the method's, and the method's log loss minus the oracle's.
  SeedStatistic auc_regret;
  SeedStatistic excess_log_loss;
  // 95% percentile-bootstrap interval of the mean over recorded periods of the
  // seed-averaged AUC: how much the mean depends on which periods were recorded
  // (the only spread a deterministic method has).
  Interval auc_over_periods{NAN, NAN};
  double update_seconds = NAN;  // mean wall time per recorded period
  // Its split (CostBreakdown), mean per recorded period over seeds.
  double base_train_seconds = NAN;
  double meta_train_seconds = NAN;
  double generation_seconds = NAN;
  double other_seconds = NAN;
  bool reference = false;  // the oracle: shown, but never tested or ranked
  bool baseline = false;   // the method the others are tested against
  BaselineComparison vs_baseline;
  std::size_t parameters = 0;
  std::size_t failed = 0;  // failed jobs (excluded from the statistics)
  std::string first_error;
  // Periods (over all successful seeds, every scored period) whose update left a
  // note, e.g. a solver that failed and kept the previous model.
  std::size_t noted_periods = 0;
  std::string first_note;
  // Successful jobs whose AUC is 0.5 in every scored period (constant scores).
  std::size_t collapsed = 0;
  // Means over seeds (on simulated streams: over worlds) of each job's value; NaN
  // where no job has one. Cohort AUCs and exposure: each job's mean over its
  // recorded periods (bench/cohorts.hpp); recovery: at the stream's drift points
  // over all scored periods (bench/recovery.hpp).
  double new_users_auc = NAN, new_items_auc = NAN, warm_auc = NAN;
  double exposure_gini = NAN, exposure_coverage = NAN;
  double drift_drop = NAN, recovery_half_periods = NAN, recovery_90_periods = NAN;
  double regret_area = NAN;
  // The ranking metrics, aligned with BoardSummary::ranking_metrics (empty
  // without a ranking evaluation).
  std::vector<MetricSummary> ranking;
  // Users ranked per recorded period, mean over the method's successful jobs.
  double ranking_users = NAN;
  // Recorded test periods with one label class (AUC undefined), left out of the
  // AUC and GAUC means and of the tests: a property of the stream, shown per method.
  std::size_t unscorable_periods = 0;
};

// References: ground truth, not an update method (the simulator's oracle).
bool is_reference_method(const std::string& method);

// The method among `specs` that `requested` names: the spec itself, or the only spec with
// that registry name ("bu-3" names "bu-3(w=3)"). Empty when there is none;
// `why` then says so (absent or ambiguous).
std::string resolve_baseline(const std::vector<std::string>& specs, const std::string& requested,
                             std::string* why = nullptr);

struct BoardSummary {
  std::string baseline;                // resolved spec ("" when absent)
  std::string baseline_note;           // why no method is tested, when none is
  std::vector<MethodSummary> methods;  // in first-seen order of the results
  // The ranking metrics of the board's jobs, in their order ("recall@10", ...).
  std::vector<std::string> ranking_metrics;
};
BoardSummary summarise_board(const std::vector<JobResult>& results,
                             const std::string& baseline = kDefaultBaseline);
// summarise_board(...).methods.
std::vector<MethodSummary> summarise(const std::vector<JobResult>& results,
                                     const std::string& baseline = kDefaultBaseline);

// Methods best first: by mean AUC, methods without one last.
std::vector<MethodSummary> ranked(std::vector<MethodSummary> summaries);
// Methods best first by the ranking metric at `index` of BoardSummary::ranking_metrics.
std::vector<MethodSummary> ranked_by_ranking(std::vector<MethodSummary> summaries,
                                             std::size_t index);

}  // namespace crbench
