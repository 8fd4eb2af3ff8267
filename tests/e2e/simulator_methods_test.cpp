// What the simulator promises a user, checked with real methods over 3 seeds:
// on a stationary world IU's AUC approaches the oracle's as periods pass; on a
// sudden drift IU's AUC drops at t0 and then recovers. The thresholds come from
// the data (seed spread, period-to-period fluctuation before the drift), not
// from fixed numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "bench/job_runner.hpp"
#include "bench/summary.hpp"
#include "sim/simulator.hpp"

namespace crbench {
namespace {

JobPlan plan_for(const std::vector<std::string>& methods) {
  JobPlan plan;
  plan.methods = methods;
  plan.seeds = {1, 2, 3};
  plan.protocol.pretrain_periods = 10;
  plan.protocol.batch_size = 256;
  plan.protocol.learning_rate = 1e-3f;
  plan.protocol.pretrain_epochs = 10;
  plan.protocol.update_epochs = 1;
  plan.protocol.recorded_periods = 0;
  plan.quiet = true;
  return plan;
}

// AUC of each test period (0-based period index), averaged over the jobs given.
std::map<int, double> mean_auc_series(const std::vector<const JobResult*>& jobs) {
  std::map<int, double> series;
  for (const JobResult* r : jobs)
    for (const PeriodResult& p : r->periods)
      series[p.test_period] += p.metrics.auc / static_cast<double>(jobs.size());
  return series;
}

TEST(SimulatedWorlds, OnAStationaryWorldIncrementalUpdateApproachesTheOracle) {
  const Stream s = sim::simulate_stream(sim::parse_scenario("stationary"), 1);
  const JobRunReport report = run_jobs(s, plan_for({"iu"}));
  ASSERT_EQ(report.failed, 0u);
  std::vector<double> shrink;  // per seed: early regret minus late regret
  for (const JobResult& r : report.results) {
    const std::size_t n = r.periods.size();
    ASSERT_GE(n, 10u);
    double early = 0.0, late = 0.0;
    for (std::size_t k = 0; k < 5; ++k) {
      early += r.periods[k].oracle.auc - r.periods[k].metrics.auc;
      late += r.periods[n - 1 - k].oracle.auc - r.periods[n - 1 - k].metrics.auc;
    }
    shrink.push_back((early - late) / 5.0);
    std::printf("seed %llu: regret first 5 test periods %.4f, last 5 %.4f\n",
                static_cast<unsigned long long>(r.seed), early / 5.0, late / 5.0);
  }
  const SeedStatistic st = seed_statistic(shrink);
  for (const double d : shrink) EXPECT_GT(d, 0.0);
  EXPECT_GT(st.mean, 2.0 * st.std) << "the regret must shrink by more than the seed spread";
}

TEST(SimulatedWorlds, OnASuddenDriftIncrementalUpdateDropsAtT0AndRecovers) {
  const int t0 = 16;  // 1-based, as the scenario parameter
  const Stream s =
      sim::simulate_stream(sim::parse_scenario("sudden(t0=" + std::to_string(t0) + ")"), 1);
  const JobRunReport report = run_jobs(s, plan_for({"iu"}));
  ASSERT_EQ(report.failed, 0u);
  std::vector<const JobResult*> jobs;
  for (const JobResult& r : report.results) jobs.push_back(&r);
  const std::map<int, double> auc = mean_auc_series(jobs);
  const int drift = t0 - 1;  // 0-based period of the new concept
  // How much the AUC moves from one period to the next while nothing drifts.
  double fluctuation = 0.0;
  for (int p = auc.begin()->first + 1; p < drift; ++p)
    fluctuation = std::max(fluctuation, std::fabs(auc.at(p) - auc.at(p - 1)));
  const double drop = auc.at(drift - 1) - auc.at(drift);
  double late = 0.0;
  const int last = auc.rbegin()->first;
  for (int p = last - 4; p <= last; ++p) late += auc.at(p) / 5.0;
  std::printf("AUC before t0 %.4f, at t0 %.4f, last 5 periods %.4f; fluctuation %.4f\n",
              auc.at(drift - 1), auc.at(drift), late, fluctuation);
  EXPECT_GT(drop, fluctuation) << "the drop at t0 must exceed every change before it";
  EXPECT_GT(late - auc.at(drift), fluctuation) << "IU must recover after the drift";
}

}  // namespace
}  // namespace crbench
