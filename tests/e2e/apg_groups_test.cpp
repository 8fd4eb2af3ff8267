// Evidence for APG (METHODS.md section 7): on a world whose user groups differ in
// preference structure (the `groups` scenario: the long-tail group likes what the
// crowd dislikes), APG layers whose weights are generated from the user's
// condition beat the static Emb&MLP, both updated by iu, over 3 seeds by more than
// the seed spread.
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

TEST(ApgEvidence, OnHeterogeneousGroupsApgBeatsTheStaticModelUnderIncrementalUpdate) {
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
