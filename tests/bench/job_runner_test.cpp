// The job runner: results depend only on each job's configuration, not on how
// many threads run the jobs (docs/protocol.md, "Seeds and determinism").
#include <gtest/gtest.h>

#include "bench/grid_runner.hpp"
#include "bench/job_runner.hpp"
#include "tests/support/bundled_data.hpp"

namespace crbench {
namespace {

TEST(JobRunner, ResultsAreBitIdenticalWithOneOrTwoThreads) {
  const Stream s = test_support::movielens_prefix(14);
  JobPlan plan;
  plan.methods = {"iu", "bu-3", "spmf", "popularity"};
  plan.seeds = {1, 2};
  plan.protocol = test_support::quick_protocol();
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
    }
  }
}

TEST(JobRunner, SplitsMethodListsAtTopLevelCommasOnly) {
  EXPECT_EQ(split_method_list("iu, bu(w=3), spmf(ratio=1,frac=0.2)"),
            (std::vector<std::string>{"iu", "bu(w=3)", "spmf(ratio=1,frac=0.2)"}));
  EXPECT_TRUE(split_method_list(" , ").empty());
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
  p.pretrain.epochs = 1;
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
