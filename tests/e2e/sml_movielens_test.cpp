// End to end on the bundled MovieLens log with bench/grids/default.ini's
// settings (3 seeds, last 7 test periods): SML-MF's transfer module must earn its
// keep. With the reference's outer loop (multi_num = 3), SML-MF whose transfer f
// is trained (lr 1e-3) must beat the same method with f practically frozen at its
// random init (lr 1e-6; Ŵ still trained through it) by more than the seed spread.
// Measured when written: 0.643 +- 0.009 vs 0.590 +- 0.005 (frozen base model:
// 0.616, IU: 0.657). No ordering against IU is asserted: on this small log SML
// does not beat IU (docs/findings.md), and we report rather than assume.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "bench/job_runner.hpp"
#include "bench/leaderboard_table.hpp"
#include "tests/support/bundled_data.hpp"

namespace crbench {
namespace {

TEST(SmlEndToEnd, TrainingTheTransferModuleBeatsARandomOne) {
  const Stream& s = test_support::movielens_small();
  const std::string trained = "sml-mf(multi_num=3)";
  const std::string untrained = "sml-mf(multi_num=3,transfer_lr=0.000001)";
  JobPlan plan;
  plan.methods = {trained, untrained};
  plan.seeds = {1, 2, 3};
  plan.protocol.pretrain_periods = 10;
  plan.protocol.batch_size = 256;
  plan.protocol.learning_rate = 1e-3f;
  plan.protocol.pretrain_epochs = 10;
  plan.protocol.update_epochs = 1;
  plan.protocol.recorded_periods = 7;
  plan.quiet = true;
  const JobRunReport report = run_jobs(s, plan);
  ASSERT_EQ(report.failed, 0u);
  const std::vector<MethodSummary> summaries = summarise(report.results);
  std::printf("%s", leaderboard_markdown(summarise_board(report.results)).c_str());
  ASSERT_EQ(summaries.size(), 2u);
  // Summaries carry canonical specs; the plan's order is kept.
  const MethodSummary& with_f = summaries[0];
  const MethodSummary& random_f = summaries[1];
  ASSERT_NE(with_f.method.find("transfer_lr=0.001"), std::string::npos) << with_f.method;
  ASSERT_NE(random_f.method.find("transfer_lr=1e-06"), std::string::npos) << random_f.method;
  const double spread = std::max(with_f.auc.std, random_f.auc.std);
  EXPECT_GT(with_f.auc.mean - random_f.auc.mean, spread)
      << "trained f " << with_f.auc.mean << " random f " << random_f.auc.mean << " spread "
      << spread;
}

}  // namespace
}  // namespace crbench
