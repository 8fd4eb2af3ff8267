// Simulated streams in a grid: replicate worlds (each job seed simulates its own
// world, generated once per seed, the seeds pooled on one board) and closed-loop
// exposure (each job grows its own stream from the model it serves).
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "bench/boards.hpp"
#include "bench/grid_runner.hpp"
#include "bench/job_runner.hpp"
#include "bench/simulated_stream.hpp"
#include "bench/stream_source.hpp"
#include "methods/registry.hpp"
#include "sim/simulator.hpp"
#include "tests/support/bundled_data.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

constexpr const char* kWorld =
    "sudden(periods=14,t0=13,samples_per_period=900,users=150,items=250)";

ProtocolSettings quick() {
  ProtocolSettings p = test_support::quick_protocol();
  p.pretrain_epochs = 1;
  return p;
}

std::shared_ptr<const SimulatedStreamSpec> spec(WorldMode worlds, double loop = 0.0) {
  auto s = std::make_shared<SimulatedStreamSpec>();
  s->scenario = sim::parse_scenario(kWorld);
  s->worlds = worlds;
  s->fixed_seed = 5;
  s->loop.share = loop;
  s->loop.candidates = 10;
  return s;
}

GridStream grid_stream(std::shared_ptr<const SimulatedStreamSpec> simulated,
                       std::vector<std::string> methods) {
  GridStream gs{"world", "", nullptr, quick(), std::move(methods), {1, 2}};
  gs.simulated = std::move(simulated);
  return gs;
}

// test period -> AUC of a job.
std::map<int, double> auc_series(const JobResult& r) {
  std::map<int, double> out;
  for (const PeriodResult& p : r.periods) out[p.test_period] = p.metrics.auc;
  return out;
}

TEST(ReplicateWorlds, EachSeedRunsInItsOwnWorldAndTheSeedsShareOneBoard) {
  GridRunOptions options;
  options.quiet = true;
  const auto dir = test_support::scratch_dir("replicate_worlds");
  options.results_path = (dir / "r.csv").string();
  const GridRunReport report =
      run_grid({grid_stream(spec(WorldMode::kReplicate), {"iu", "oracle"})}, options);
  ASSERT_EQ(report.failed, 0u);
  EXPECT_EQ(report.pretrainings, 2u);  // one world and one model per seed
  // Seed s's job is the job on world s run alone, bit for bit.
  for (const std::uint64_t seed : {1u, 2u}) {
    const Stream world = sim::simulate_stream(sim::parse_scenario(kWorld), seed);
    JobPlan plan;
    plan.methods = {"iu", "oracle"};
    plan.seeds = {seed};
    plan.protocol = quick();
    plan.quiet = true;
    const JobRunReport alone = run_jobs(world, plan);
    for (const JobResult& a : alone.results)
      for (const GridJobResult& g : report.results)
        if (g.result.seed == seed && g.result.method == a.method) {
          EXPECT_EQ(auc_series(g.result), auc_series(a)) << a.method << " seed " << seed;
        }
  }
  // Two worlds: the oracle's AUC differs between the seeds.
  std::vector<std::map<int, double>> oracle;
  for (const GridJobResult& g : report.results)
    if (g.result.method == "oracle") oracle.push_back(auc_series(g.result));
  ASSERT_EQ(oracle.size(), 2u);
  EXPECT_NE(oracle[0], oracle[1]);
  // One board: the description names replicate worlds, not a seed; the drift
  // window is in every row.
  const std::vector<StreamResults> streams = collect_results({options.results_path});
  ASSERT_EQ(streams.size(), 1u);
  ASSERT_EQ(streams[0].boards.size(), 1u);
  const Board& board = streams[0].boards[0];
  EXPECT_EQ(board.jobs.size(), 4u);
  EXPECT_NE(board.setting.find(" worlds=replicate;"), std::string::npos) << board.setting;
  EXPECT_EQ(board.setting.find(" seed="), std::string::npos) << board.setting;
  EXPECT_EQ(board.drift_windows, "13-13");
  std::filesystem::remove_all(dir);
}

TEST(ReplicateWorlds, AFixedWorldIsTheSameForEverySeed) {
  GridRunOptions options;
  options.quiet = true;
  const GridRunReport report =
      run_grid({grid_stream(spec(WorldMode::kFixed, 0.5), {"oracle"})}, options);
  ASSERT_EQ(report.failed, 0u);
  ASSERT_EQ(report.results.size(), 2u);
  // The oracle's choices do not depend on the job seed: one world, one stream.
  EXPECT_EQ(auc_series(report.results[0].result), auc_series(report.results[1].result));
}

TEST(ClosedLoop, EachJobGrowsItsOwnStreamFromTheModelItServes) {
  const auto run = [](int threads) {
    GridRunOptions options;
    options.quiet = true;
    options.threads = threads;
    return run_grid({grid_stream(spec(WorldMode::kReplicate, 0.6), {"oracle", "popularity", "iu"})},
                    options);
  };
  const GridRunReport one = run(1), two = run(2);
  ASSERT_EQ(one.failed, 0u);
  std::map<std::string, double> gini;
  for (std::size_t k = 0; k < one.results.size(); ++k) {
    const JobResult& r = one.results[k].result;
    // Bit-identical whatever the number of threads.
    EXPECT_EQ(auc_series(r), auc_series(two.results[k].result)) << r.method;
    for (const PeriodResult& p : r.periods) {
      ASSERT_TRUE(std::isfinite(p.exposure.gini));
      if (r.method == "oracle") {
        EXPECT_EQ(p.metrics.auc, p.oracle.auc);  // regret 0
      }
    }
    if (r.seed == 1) gini[r.method] = r.mean_recorded_exposure().gini;
  }
  // Each method showed its own items: the exposure differs between them.
  EXPECT_NE(gini["oracle"], gini["popularity(smoothing=5)"]);
  EXPECT_NE(gini["iu"], gini["popularity(smoothing=5)"]);
}

TEST(ClosedLoop, WithoutAShareTheJobIsTheOpenLoopJob) {
  // Methods that do not depend on the order of ids (the oracle, popularity) score
  // the closed loop without a share exactly as the open-loop stream.
  const sim::Scenario scenario = sim::parse_scenario(kWorld);
  const Stream open = sim::simulate_stream(scenario, 3);
  const sim::ClosedLoopStream prefix(scenario, 3, 30, sim::ClosedLoopSettings{0.0, 10}, 10);
  for (const char* name : {"oracle", "popularity"}) {
    ClosedLoopSource source(prefix);
    const FixedStream pretraining(prefix.stream(), prefix.total_periods());
    const PretrainedModel pre = pretrain(pretraining, quick(), 1);
    auto method = MethodRegistry::global().create(name);
    const JobResult closed = run_protocol(source, pre, *method, name, quick(), 1);
    ASSERT_TRUE(closed.ok) << closed.error;
    const PretrainedModel open_pre = pretrain(open, quick(), 1);
    auto again = MethodRegistry::global().create(name);
    const JobResult reference = run_protocol(open, open_pre, *again, name, quick(), 1);
    EXPECT_EQ(auc_series(closed), auc_series(reference)) << name;
    EXPECT_EQ(source.stream().num_periods(), 14);
  }
}

}  // namespace
}  // namespace crbench
