// End to end on the bundled MovieLens log, with the settings the README's run
// uses (bench/grids/default.ini), over 3 seeds and every online test
// period (12..31): IU must beat the frozen pre-trained model by more than the
// seed-to-seed spread, and every learned method must be clearly better than
// chance. Full retraining runs on seed 1 only: it retrains 10 epochs over all
// past periods at every period, which on 3 seeds was about 46 s of this test's
// 64 s (33 s with one seed) and is not needed for its one claim (AUC above
// 0.55). No ordering against popularity is asserted: on this log popularity is
// hard to beat (docs/findings.md), and we report rather than assume.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>

#include "bench/job_runner.hpp"
#include "bench/leaderboard_table.hpp"
#include "tests/support/bundled_data.hpp"

namespace crbench {
namespace {

TEST(MovieLensEndToEnd, IncrementalUpdateBeatsFrozenAndLearnedMethodsLearn) {
  const Stream& s = test_support::movielens_small();
  JobPlan plan;
  plan.methods = {"popularity", "frozen", "iu", "bu-3", "bu-7", "reservoir", "spmf"};
  plan.seeds = {1, 2, 3};
  plan.protocol.pretrain_periods = 10;
  plan.protocol.batch_size = 256;
  plan.protocol.learning_rate = 1e-3f;
  plan.protocol.pretrain_epochs = 10;
  plan.protocol.update_epochs = 1;
  plan.protocol.recorded_periods = 0;  // all online test periods, 12..31
  plan.quiet = true;
  JobRunReport report = run_jobs(s, plan);
  JobPlan retrain = plan;
  retrain.methods = {"full-retrain"};
  retrain.seeds = {1};
  const JobRunReport retrained = run_jobs(s, retrain);
  ASSERT_EQ(report.failed + retrained.failed, 0u);
  report.results.insert(report.results.end(), retrained.results.begin(), retrained.results.end());
  std::map<std::string, MethodSummary> by_name;
  for (const MethodSummary& m : summarise(report.results)) by_name[m.method] = m;
  std::printf("%s", leaderboard_markdown(summarise_board(report.results)).c_str());

  const MethodSummary& iu = by_name.at("iu");
  const MethodSummary& frozen = by_name.at("frozen");
  const double spread = std::max(iu.auc.std, frozen.auc.std);
  EXPECT_GT(iu.auc.mean - frozen.auc.mean, spread)
      << "IU " << iu.auc.mean << " frozen " << frozen.auc.mean << " spread " << spread;
  for (const char* learned :
       {"iu", "bu-3(w=3)", "bu-7(w=7)", "full-retrain", "reservoir(frac=0.3,ratio=0.5,capacity=0)",
        "spmf(frac=0.3,ratio=0.5,capacity=0)"})
    EXPECT_GT(by_name.at(learned).auc.mean, 0.55) << learned;
}

}  // namespace
}  // namespace crbench
