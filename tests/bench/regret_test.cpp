// The oracle and regret: on a simulated stream the protocol scores the ground
// truth next to every method, and the oracle's own regret is exactly zero.
#include <gtest/gtest.h>

#include <cmath>

#include "bench/job_runner.hpp"
#include "bench/summary.hpp"
#include "methods/registry.hpp"
#include "sim/simulator.hpp"
#include "tests/support/bundled_data.hpp"
#include "tests/support/run_method.hpp"

namespace crbench {
namespace {

const Stream& simulated() {
  static const Stream s = sim::simulate_stream(
      sim::parse_scenario("stationary(periods=14,samples_per_period=1500,users=300,items=400)"), 2);
  return s;
}

TEST(Oracle, ServesTheGroundTruthSoItsRegretIsZero) {
  const Stream& s = simulated();
  const test_support::MethodRun run = test_support::run_method(s, "oracle", 1);
  const JobResult& r = run.result;
  ASSERT_TRUE(r.ok) << r.error;
  // Scores come in row order, test period after test period (P = 10: rows of 11..13).
  ASSERT_EQ(run.scores.size(), 3u * 1500u);
  for (std::size_t k = 0; k < run.scores.size(); ++k)
    ASSERT_EQ(run.scores[k], s.true_probability[s.period_begin(11) + k]);
  for (const PeriodResult& pr : r.periods) {
    EXPECT_EQ(pr.metrics.auc, pr.oracle.auc);
    EXPECT_EQ(pr.metrics.log_loss, pr.oracle.log_loss);
  }
  const MethodSummary summary = summarise({r}).front();
  EXPECT_EQ(summary.auc_regret.mean, 0.0);
  EXPECT_EQ(summary.excess_log_loss.mean, 0.0);
}

TEST(Oracle, RefusesARealLogWithAClearReason) {
  const test_support::MethodRun run =
      test_support::run_method(test_support::movielens_prefix(13), "oracle", 1);
  EXPECT_FALSE(run.result.ok);
  EXPECT_NE(run.result.error.find("needs a simulated stream"), std::string::npos)
      << run.result.error;
}

TEST(Regret, IsTheOracleAucMinusTheMethodsOnEveryPeriod) {
  JobPlan plan;
  plan.methods = {"iu", "frozen"};
  plan.seeds = {1};
  plan.protocol = test_support::quick_protocol();
  plan.quiet = true;
  const JobRunReport report = run_jobs(simulated(), plan);
  ASSERT_EQ(report.failed, 0u);
  for (const JobResult& r : report.results) {
    double regret = 0.0;
    for (const PeriodResult& pr : r.periods) {
      ASSERT_TRUE(std::isfinite(pr.oracle.auc));
      regret += pr.oracle.auc - pr.metrics.auc;
    }
    regret /= static_cast<double>(r.periods.size());
    const MethodSummary s = summarise({r}).front();
    EXPECT_NEAR(s.auc_regret.mean, regret, 1e-12);
  }
  // Real logs have no ground truth: the regret stays undefined, not zero.
  const Stream ml = test_support::movielens_prefix(13);
  plan.methods = {"iu"};
  const JobRunReport real = run_jobs(ml, plan);
  EXPECT_TRUE(std::isnan(summarise(real.results).front().auc_regret.mean));
}

}  // namespace
}  // namespace crbench
