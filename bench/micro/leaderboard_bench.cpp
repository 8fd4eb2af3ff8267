// Microbenchmarks of `crbench leaderboard` on a large results file: 2 streams,
// each swept over 4 values of a stream parameter (8 boards), 16 methods, 10
// seeds, 30 recorded periods: 1,280 jobs and 39,680 rows,
// written through the real ResultsWriter to the temporary directory once per
// process and removed at exit.
//   BM_LeaderboardRead        reading and grouping the file (collect_results);
//                             items_per_second is rows per second.
//   BM_LeaderboardStatistics  the statistics and tables of every board
//                             (leaderboard_md, leaderboard_csv, per_period_csv)
//                             from the grouped results; items_per_second is jobs.
// FLOPs: not counted (reported as 0). The statistics are dominated by the
// bootstrap and the paired tests, whose operation counts depend on resampling
// and sorting, not on shapes alone; the figure of interest is the time.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/boards.hpp"
#include "bench/leaderboard.hpp"
#include "bench/micro/flops.hpp"
#include "bench/protocol.hpp"
#include "bench/results.hpp"
#include "core/seeding.hpp"

namespace crbench {
namespace {

constexpr int kStreams = 2;
constexpr int kVariants = 4;
constexpr int kMethods = 16;
constexpr int kSeeds = 10;
constexpr int kPeriods = 30;
constexpr std::int64_t kJobs = std::int64_t{kStreams} * kVariants * kMethods * kSeeds;
constexpr std::int64_t kRows = kJobs * (kPeriods + 1);  // the period rows and a summary row

const char* const kProtocol =
    "pretrain_periods=3;pretrain=batch=1024/lr=0.001/epochs=1;update=batch=1024/lr=0.001/"
    "epochs=1;recorded=30;model=emb-mlp/d=8/hidden=20-10";

// Method 0 is the leaderboard's default baseline, so that every board runs its
// paired tests against it.
std::string method_name(int method) {
  return method == 0 ? std::string("iu") : "m" + std::to_string(method);
}

// A job's results: AUCs around a per-method level with seeded noise, so that the
// ranks, tests and intervals have real work to do.
JobResult synthetic_job(int stream, int variant, int method, int seed) {
  JobResult r;
  r.method = method_name(method);
  r.seed = static_cast<std::uint64_t>(seed);
  r.parameter_count = 1000;
  std::uint64_t state = mix64(
      (static_cast<std::uint64_t>(stream) << 48) ^ (static_cast<std::uint64_t>(variant) << 32) ^
      (static_cast<std::uint64_t>(method) << 16) ^ static_cast<std::uint64_t>(seed));
  for (int p = 0; p < kPeriods; ++p) {
    state = mix64(state + 1);
    const double noise = static_cast<double>(state >> 11) * 0x1.0p-53 - 0.5;
    PeriodResult period;
    period.test_period = 4 + p;
    period.recorded = true;
    const double auc = 0.70 + 0.004 * method + 0.02 * noise;
    period.metrics = {auc, 0.6 - 0.1 * auc, auc - 0.01, 100000, 0.5};
    period.oracle = {0.80, 0.45, 0.79, 100000, 0.5};
    period.update_wall_seconds = 0.5 + 0.1 * method;
    period.update_cpu_seconds = period.update_wall_seconds;
    r.periods.push_back(period);
  }
  return r;
}

// The results file, written on first use and removed when the process ends.
class ResultsFile {
 public:
  ~ResultsFile() {
    if (!path_.empty()) std::filesystem::remove(path_);
  }
  const std::string& get() {
    if (!path_.empty()) return path_;
    path_ = (std::filesystem::temp_directory_path() /
             ("crbench_leaderboard_bench_" + std::to_string(::getpid()) + ".csv"))
                .string();
    ResultsWriter writer(path_);
    for (int s = 0; s < kStreams; ++s) {
      const std::string name = "sim" + std::to_string(s);
      for (int v = 0; v < kVariants; ++v) {
        const std::string rate = "rate=" + std::to_string(v + 1);
        const std::string stream = "name=" + name + ";source=gradual(periods=34,users=1000," +
                                   rate + ") seed=" + std::to_string(s + 1) +
                                   ";labelling=given-label;periods=equal-count:34;samples="
                                   "1000000;history=30";
        for (int m = 0; m < kMethods; ++m) {
          for (int seed = 1; seed <= kSeeds; ++seed) {
            const JobConfig config{name,      rate,           stream,
                                   kProtocol, method_name(m), static_cast<std::uint64_t>(seed)};
            writer.write(config, synthetic_job(s, v, m, seed));
          }
        }
      }
    }
    return path_;
  }

 private:
  std::string path_;
};

ResultsFile& results_file() {
  static ResultsFile file;
  return file;
}

void BM_LeaderboardRead(benchmark::State& state) {
  const std::string& path = results_file().get();
  micro::FlopCounter counter(state);
  for (auto _ : state) {
    const std::vector<StreamResults> streams = collect_results({path});
    benchmark::DoNotOptimize(streams.data());
  }
  counter.report(0.0);
  state.SetItemsProcessed(state.iterations() * kRows);
}
BENCHMARK(BM_LeaderboardRead)->Unit(benchmark::kMillisecond);

void BM_LeaderboardStatistics(benchmark::State& state) {
  const std::vector<StreamResults> streams = collect_results({results_file().get()});
  std::size_t bytes = 0;
  micro::FlopCounter counter(state);
  for (auto _ : state) {
    for (const StreamResults& s : streams) {
      bytes += leaderboard_md(s).size() + leaderboard_csv(s).size() + per_period_csv(s).size();
    }
    benchmark::DoNotOptimize(bytes);
  }
  counter.report(0.0);
  state.SetItemsProcessed(state.iterations() * kJobs);
}
BENCHMARK(BM_LeaderboardStatistics)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace crbench
