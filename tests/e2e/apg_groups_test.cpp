// Evidence for APG (METHODS.md section 7): on a world whose user groups differ in
// preference structure (the `groups` scenario: the long-tail group likes what the
// crowd dislikes), APG layers whose weights are generated from the user's
// condition beat the static Emb&MLP, both updated by iu, over 3 seeds by more than
// the seed spread.
//
// DISABLED: the claim does not hold on this data. On seeds 1-3 it passes by a hair
// (iu 0.6427 sd 0.0025, apg 0.6480 sd 0.0052), but with seeds 1-5 the gain is
// 0.0020 against a spread of 0.0055 (iu 0.6442 +- 0.0027, apg 0.6462 +- 0.0055),
// and on the matched homogeneous world groups(groups=2,tail_share=0,
// appeal_weight=1) APG's gain is larger (0.0070: 0.6547 vs 0.6478), so the small
// edge is not the heterogeneity. With stronger heterogeneity (appeal_weight=4,
// 10000 samples a period, 10 pre-training epochs, seeds 1-3) iu 0.7443 +- 0.0021,
// apg 0.7450 +- 0.0070, apg(condition=4) 0.7461 +- 0.0039, oracle 0.8458: neither
// model learns the group x item interaction. Kept, with its numbers, so that a
// change to APG or to the scenario can be checked against the same claim:
//   crbench_e2e_tests --gtest_also_run_disabled_tests --gtest_filter='ApgEvidence*'

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

TEST(ApgEvidence, DISABLED_OnHeterogeneousGroupsApgBeatsTheStaticModelUnderIncrementalUpdate) {
  const Stream s = sim::simulate_stream(sim::parse_scenario("groups"), 1);
  JobPlan plan;
  plan.methods = {"iu", "apg"};
  plan.seeds = {1, 2, 3};
  plan.protocol.pretrain_periods = 10;
  plan.protocol.pretrain = {256, 1e-2f, 5};
  plan.protocol.update = {256, 1e-2f, 1};
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
  std::vector<double> iu, apg, gain;
  for (const std::uint64_t seed : plan.seeds) {
    iu.push_back(auc["iu"].at(seed));
    apg.push_back(auc["apg"].at(seed));
    gain.push_back(apg.back() - iu.back());
    std::printf("seed %llu: iu AUC %.4f, apg AUC %.4f\n", static_cast<unsigned long long>(seed),
                iu.back(), apg.back());
  }
  const SeedStatistic iu_st = seed_statistic(iu), apg_st = seed_statistic(apg);
  const double spread = std::max(iu_st.std, apg_st.std);
  std::printf("mean AUC iu %.4f (sd %.4f), apg %.4f (sd %.4f)\n", iu_st.mean, iu_st.std,
              apg_st.mean, apg_st.std);
  for (const double g : gain) EXPECT_GT(g, 0.0) << "apg must win on every seed";
  EXPECT_GT(apg_st.mean - iu_st.mean, spread) << "the gain must exceed the seed spread";
}

}  // namespace
}  // namespace crbench
