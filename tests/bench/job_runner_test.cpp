// The job runner: results depend only on each job's configuration, not on how
// many threads run the jobs (docs/protocol.md, "Seeds and determinism").
#include <gtest/gtest.h>

#include <set>

#include "bench/grid_runner.hpp"
#include "bench/job_runner.hpp"
#include "sim/simulator.hpp"
#include "tests/support/bundled_data.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

TEST(JobRunner, ResultsAreBitIdenticalWithOneOrTwoThreads) {
  const Stream s = test_support::movielens_prefix(14);
  JobPlan plan;
  plan.methods = {"iu", "bu-3", "spmf", "popularity"};
  plan.seeds = {1, 2};
  plan.protocol = test_support::quick_protocol();
  plan.protocol.ranking_metrics = "10";
  plan.quiet = true;
  plan.threads = 1;
  const JobRunReport one = run_jobs(s, plan);
  plan.threads = 2;
  const JobRunReport two = run_jobs(s, plan);
  ASSERT_EQ(one.results.size(), 8u);
  ASSERT_EQ(one.results.size(), two.results.size());
  for (std::size_t j = 0; j < one.results.size(); ++j) {
    const JobResult& a = one.results[j];
    const JobResult& b = two.results[j];
    ASSERT_TRUE(a.ok && b.ok);
    EXPECT_EQ(a.method, b.method);
    EXPECT_EQ(a.seed, b.seed);
    ASSERT_EQ(a.periods.size(), b.periods.size());
    for (std::size_t p = 0; p < a.periods.size(); ++p) {
      EXPECT_EQ(a.periods[p].metrics.auc, b.periods[p].metrics.auc) << a.method;
      EXPECT_EQ(a.periods[p].metrics.log_loss, b.periods[p].metrics.log_loss) << a.method;
      EXPECT_EQ(a.periods[p].metrics.gauc, b.periods[p].metrics.gauc) << a.method;
      EXPECT_EQ(ranking_cell(a.periods[p].ranking), ranking_cell(b.periods[p].ranking)) << a.method;
      EXPECT_TRUE(a.periods[p].ranking.evaluated());
    }
  }
}

// `bu` is another name for `bu-3`: the same canonical spec, hence the same job
// hash, so a results file that holds one counts the other as done.
TEST(JobRunner, AnAliasIsTheSameJobAsItsTarget) {
  const Stream s = sim::simulate_stream(
      sim::parse_scenario("stationary(periods=13,samples_per_period=300,users=60,items=80)"), 2);
  const auto dir = test_support::scratch_dir("alias_job");
  JobPlan plan;
  plan.methods = {"bu"};
  plan.seeds = {3};
  plan.protocol = test_support::quick_protocol();
  plan.results_path = (dir / "results.csv").string();
  plan.quiet = true;
  const JobRunReport first = run_jobs(s, plan);
  ASSERT_EQ(first.results.size(), 1u);
  EXPECT_EQ(first.results[0].method, "bu-3(w=3)");
  plan.methods = {"bu-3"};
  const JobRunReport second = run_jobs(s, plan);
  EXPECT_EQ(second.skipped, 1u);
  EXPECT_TRUE(second.results.empty());
  std::set<std::string> hashes;
  for (const ResultsRow& row : read_results(plan.results_path)) {
    EXPECT_EQ(row.at("method"), "bu-3(w=3)");
    hashes.insert(row.at("job_hash"));
  }
  EXPECT_EQ(hashes.size(), 1u);
}

}  // namespace
}  // namespace crbench

namespace crbench {
namespace {

// Jobs of one (stream, seed) share one pre-trained model: 2 streams x 2 seeds
// = 4 pre-trainings for 12 jobs, and a finished job's pre-training is not redone.
TEST(GridRunner, JobsSharingStreamAndSeedShareOnePretraining) {
  const Stream a = test_support::movielens_prefix(12);
  const Stream b = test_support::movielens_prefix(13);
  ProtocolSettings p = test_support::quick_protocol();
  p.pretrain_epochs = 1;
  const std::vector<std::string> methods = {"iu", "frozen", "popularity"};
  const std::vector<GridStream> streams = {{"a", "", &a, p, methods, {1, 2}},
                                           {"b", "", &b, p, methods, {1, 2}}};
  GridRunOptions options;
  options.quiet = true;
  const GridRunReport report = run_grid(streams, options);
  EXPECT_EQ(report.total, 12u);
  EXPECT_EQ(report.results.size(), 12u);
  EXPECT_EQ(report.pretrainings, 4u);
  // A shard needs only the (stream, seed) pairs of its own jobs.
  options.shard_index = 1;
  options.shard_count = 12;  // job 1 only: stream a, iu, seed 2
  const GridRunReport one = run_grid(streams, options);
  EXPECT_EQ(one.in_shard, 1u);
  EXPECT_EQ(one.pretrainings, 1u);
  ASSERT_EQ(one.results.size(), 1u);
  EXPECT_EQ(one.results[0].result.method, "iu");
  EXPECT_EQ(one.results[0].result.seed, 2u);
  // The same job in the whole grid gave the same numbers.
  EXPECT_EQ(one.results[0].result.periods.back().metrics.auc,
            report.results[1].result.periods.back().metrics.auc);
}

}  // namespace
}  // namespace crbench
