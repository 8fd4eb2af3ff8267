// Evidence for APG (docs/methods/apg.md) on the `groups` world (heterogeneous
// user groups: the long-tail group, the least active users, likes what the crowd
// dislikes), protocol: 10 pre-training periods, batch 256, lr 1e-2, 5 pre-training
// epochs, 1 update epoch, all 20 online test periods (12-31), seeds 1-3.
//
// What holds, with margin, and is asserted here: APG (default condition, the user
// embedding) updated by iu learns this world (beats the frozen pre-trained model on
// every seed, by several seed spreads) and is not worse than the static Emb&MLP
// under iu (by more than the spread).
//
// What was asked of APG and does NOT hold (so it is not asserted): "APG beats the
// static Emb&MLP under iu by more than the seed spread". Measured after the
// activity-embedding init fix (methods/apg/apg_model.cpp), seeds 1-5, mean AUC +- sd:
//   groups (default):  iu 0.6442 +- 0.0027, apg 0.6462 +- 0.0055,
//                      apg(condition=activity) 0.6254 +- 0.0027, frozen 0.6235 +- 0.0024,
//                      oracle 0.8136 (gain 0.0020 < spread 0.0055; seeds 1-3 alone
//                      give 0.6427 vs 0.6480, a pass by a hair that 5 seeds undo).
//   groups(groups=2,tail_share=0.5,activity_skew=0.5), the tail half the users
//                      and ~30% of impressions: iu 0.6189 +- 0.0093, apg 0.6177 +-
//                      0.0111, apg(condition=activity) 0.6158 +- 0.0084, frozen 0.5967.
//   same with scale=0 (only the group x item-appeal term left), seeds 1-3: iu
//                      0.6836 +- 0.0028, apg 0.6664 +- 0.0283, apg(k_div=1) 0.6778.
//   groups(groups=2,tail_share=0,appeal_weight=1) (homogeneous), seeds 1-3: iu
//                      0.6468, apg 0.6554, apg(condition=activity) 0.6184: APG's small
//                      edge is as large without heterogeneity, so it is not the
//                      groups; the activity condition loses about as much without them (0.028 vs
//                      0.019).
// Neither model learns the group x item interaction (oracle 0.81-0.84).
// Post hoc (other condition designs tried after the fact, so not asserted): on the
// default world, seeds 1-5, apg(condition=mix-input) 0.6519 +- 0.0042 and apg(condition=self)
// 0.6505 +- 0.0022 beat iu 0.6442 +- 0.0027 by more than the spread; on the
// homogeneous world (seeds 1-5) iu 0.6478 +- 0.0049, condition=mix-input 0.6501 +- 0.0046,
// condition=self 0.6525 +- 0.0037 (within the spread). The activity condition alone
// (condition=activity) is worse already after pre-training (period-11 AUC 0.591 vs 0.615
// for condition=user, 0.603 for the Emb&MLP, world seed 1, model seed 3); neither its
// initial scale (fixed, +0.009) nor the growth of the cumulative count explains it
// (a per-period rate bucket, tried and dropped, gave 0.6240 on seeds 1-3).
// Command: crbench run --scenario 'groups(...)' --methods iu,apg,'apg(condition=activity)',
//   frozen,oracle --seeds 1,2,3,4,5 --pretrain-epochs 5 --batch-size 256 --lr 1e-2
//   --test-periods 0

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "bench/job_runner.hpp"
#include "bench/summary.hpp"
#include "sim/simulator.hpp"

namespace crbench {
namespace {

TEST(ApgEvidence, OnHeterogeneousGroupsApgLearnsTheWorldAndIsNotWorseThanTheStaticModel) {
  const Stream s = sim::simulate_stream(sim::parse_scenario("groups"), 1);
  JobPlan plan;
  plan.methods = {"iu", "apg", "frozen"};
  plan.seeds = {1, 2, 3};
  plan.protocol.pretrain_periods = 10;
  plan.protocol.batch_size = 256;
  plan.protocol.learning_rate = 1e-2f;
  plan.protocol.pretrain_epochs = 5;
  plan.protocol.update_epochs = 1;
  plan.protocol.recorded_periods = 0;
  plan.quiet = true;
  const JobRunReport report = run_jobs(s, plan);
  ASSERT_EQ(report.failed, 0u);
  std::map<std::string, std::map<std::uint64_t, double>> auc;  // method -> seed -> mean AUC
  for (const JobResult& r : report.results) {
    double sum = 0.0;
    for (const PeriodResult& p : r.periods) sum += p.metrics.auc;
    auc[r.method.substr(0, r.method.find('('))][r.seed] =
        sum / static_cast<double>(r.periods.size());
  }
  std::vector<double> iu, apg, frozen;
  for (const std::uint64_t seed : plan.seeds) {
    iu.push_back(auc["iu"].at(seed));
    apg.push_back(auc["apg"].at(seed));
    frozen.push_back(auc["frozen"].at(seed));
    std::printf("seed %llu: iu AUC %.4f, apg AUC %.4f, frozen AUC %.4f\n",
                static_cast<unsigned long long>(seed), iu.back(), apg.back(), frozen.back());
    EXPECT_GT(apg.back(), frozen.back()) << "apg must learn from the updates on every seed";
  }
  const SeedStatistic iu_st = seed_statistic(iu), apg_st = seed_statistic(apg),
                      frozen_st = seed_statistic(frozen);
  std::printf("mean AUC iu %.4f (sd %.4f), apg %.4f (sd %.4f), frozen %.4f (sd %.4f)\n", iu_st.mean,
              iu_st.std, apg_st.mean, apg_st.std, frozen_st.mean, frozen_st.std);
  // Measured: apg 0.6480 +- 0.0052, frozen 0.6225 +- 0.0027: a gain of about 5 spreads.
  const double spread_frozen = std::max(apg_st.std, frozen_st.std);
  EXPECT_GT(apg_st.mean - frozen_st.mean, 2.0 * spread_frozen)
      << "apg must beat the frozen model by more than twice the seed spread";
  // Non-inferiority, not superiority (see the numbers above): measured 0.6480 vs 0.6427.
  const double spread_iu = std::max(apg_st.std, iu_st.std);
  EXPECT_GT(apg_st.mean, iu_st.mean - spread_iu)
      << "apg must not be worse than the static Emb&MLP under iu by more than the spread";
}

}  // namespace
}  // namespace crbench
