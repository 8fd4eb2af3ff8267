// `crbench run --config GRID`: grids expand to streams x alternatives x methods x
// seeds; results are bit-identical with 1 or 2 threads; shards partition the
// grid; a kill -9 loses only running jobs; failing jobs are recorded and the
// rest of the grid goes on (docs/architecture.md, "Results file", "Determinism").
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench/results.hpp"
#include "tests/support/build_paths.hpp"
#include "tests/support/bundled_data.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

using test_support::run_crbench;
namespace fs = std::filesystem;

// A small simulated grid: 2 swept streams x (iu, bu(w=2|3), oracle) x 2 seeds = 16 jobs.
const char* kTinyGrid = R"(methods = iu,bu(w=2|3),oracle
seeds = 1,2
pretrain-periods = 4
pretrain-epochs = 1
batch-size = 128
test-periods = 0
[stream.drift]
scenario = incremental(periods=8,samples_per_period=400,users=80,items=120,rate=0|12)
)";

fs::path write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
  return path;
}

// The timing and memory columns differ between runs of the same job (a job's
// heap peak depends on how many threads ran its parallel loops' chunks at once);
// everything else must not.
const std::set<std::string> kTimingColumns = {"update_wall_s", "update_cpu_s", "base_train_s",
                                              "meta_train_s",  "generation_s", "other_s",
                                              "peak_rss_mb",   "job_peak_mb",  "ranking_s"};

// Rows with timing columns blanked, sorted (jobs finish in any order), each
// job's hash counted by its summary rows.
struct Rows {
  std::multiset<std::string> rows;
  std::map<std::string, int> summaries_per_job;
};

Rows read_rows(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, results_header());
  const auto columns = split_csv_line(results_header());
  Rows out;
  while (std::getline(in, line)) {
    auto fields = split_csv_line(line);
    EXPECT_EQ(fields.size(), columns.size()) << line;
    std::string key;
    for (std::size_t c = 0; c < fields.size() && c < columns.size(); ++c)
      key += (kTimingColumns.count(columns[c]) ? std::string("-") : fields[c]) + "\x1f";
    out.rows.insert(key);
    if (fields.size() > 1 && fields[1] == "summary") ++out.summaries_per_job[fields[0]];
  }
  return out;
}

TEST(GridCli, ExpandsStreamsAlternativesMethodsAndSeeds) {
  const fs::path dir = test_support::scratch_dir("grid_expand");
  const fs::path ini = write_file(dir / "grid.ini", kTinyGrid);
  const auto o = run_crbench("run --config " + ini.string() + " --quiet --results " +
                             (dir / "r.csv").string());
  ASSERT_EQ(o.exit_code, 0) << o.output;
  const Rows rows = read_rows(dir / "r.csv");
  EXPECT_EQ(rows.summaries_per_job.size(), 16u);  // 2 streams x 4 methods x 2 seeds
  for (const char* header :
       // bu is another name for bu-3: its jobs carry bu-3's canonical spec.
       {"## drift rate=0:", "## drift rate=12:", "| bu-3(w=2) |", "| bu-3(w=3) |", "| oracle |"})
    EXPECT_NE(o.output.find(header), std::string::npos) << header << "\n" << o.output;
  // 8 test periods - P=4 - 1 = 3 scored periods per job, plus its summary row.
  EXPECT_EQ(rows.rows.size(), 16u * 4u);
  fs::remove_all(dir);
}

// Runs `grid` with 1 and then 2 threads into dir/one.csv and dir/two.csv and
// expects the same rows, timing columns aside; returns the first run's output.
std::string expect_same_rows_with_one_or_two_threads(const fs::path& dir, const std::string& grid) {
  const fs::path ini = write_file(dir / "grid.ini", grid);
  const auto one = run_crbench("run --config " + ini.string() + " --quiet --threads 1 --results " +
                               (dir / "one.csv").string());
  const auto two = run_crbench("run --config " + ini.string() + " --quiet --threads 2 --results " +
                               (dir / "two.csv").string());
  EXPECT_EQ(one.exit_code, 0) << one.output;
  EXPECT_EQ(two.exit_code, 0) << two.output;
  const Rows a = read_rows(dir / "one.csv");
  const Rows b = read_rows(dir / "two.csv");
  EXPECT_EQ(a.rows.size(), 64u);
  EXPECT_TRUE(a.rows == b.rows);
  return one.output;
}

TEST(GridCli, ResultsAreIdenticalWithOneOrTwoThreadsApartFromTimingColumns) {
  const fs::path dir = test_support::scratch_dir("grid_threads");
  expect_same_rows_with_one_or_two_threads(dir, kTinyGrid);
  fs::remove_all(dir);
}

// The same with the full-ranking evaluation on (users scored in parallel inside
// each job): the ranking cells are identical too.
TEST(GridCli, RankingResultsAreIdenticalWithOneOrTwoThreads) {
  const fs::path dir = test_support::scratch_dir("grid_threads_ranking");
  const std::string output = expect_same_rows_with_one_or_two_threads(
      dir, std::string("ranking-metrics = 5,10\n") + kTinyGrid);
  std::size_t with_ranking = 0;
  for (const ResultsRow& row : read_results((dir / "one.csv").string()))
    with_ranking += row.at("ranking").find("ndcg@10=") != std::string::npos;
  EXPECT_EQ(with_ranking, 64u);
  EXPECT_NE(output.find("### Ranking metrics"), std::string::npos);
  fs::remove_all(dir);
}

TEST(GridCli, ShardsPartitionTheGrid) {
  const fs::path dir = test_support::scratch_dir("grid_shards");
  const fs::path ini = write_file(dir / "grid.ini", kTinyGrid);
  const auto whole = run_crbench("run --config " + ini.string() + " --quiet --results " +
                                 (dir / "whole.csv").string());
  ASSERT_EQ(whole.exit_code, 0) << whole.output;
  Rows shards;
  std::size_t jobs = 0;
  for (int i = 0; i < 3; ++i) {
    const fs::path part = dir / ("shard" + std::to_string(i) + ".csv");
    const auto o = run_crbench("run --config " + ini.string() + " --quiet --shard " +
                               std::to_string(i) + "/3 --results " + part.string());
    ASSERT_EQ(o.exit_code, 0) << o.output;
    const Rows r = read_rows(part);
    EXPECT_GE(r.summaries_per_job.size(), 5u);  // 16 jobs: 6, 5, 5
    EXPECT_LE(r.summaries_per_job.size(), 6u);
    jobs += r.summaries_per_job.size();
    shards.rows.insert(r.rows.begin(), r.rows.end());
  }
  EXPECT_EQ(jobs, 16u);  // disjoint: no job in two shards
  EXPECT_TRUE(shards.rows == read_rows(dir / "whole.csv").rows);
  // The leaderboard reads the shards' files together as one grid.
  const auto merged =
      run_crbench("leaderboard --no-html --out " + (dir / "merged").string() + " --results " +
                  (dir / "shard0.csv").string() + " " + (dir / "shard1.csv").string() + " " +
                  (dir / "shard2.csv").string());
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  const auto single = run_crbench("leaderboard --no-html --out " + (dir / "single").string() +
                                  " --results " + (dir / "whole.csv").string());
  ASSERT_EQ(single.exit_code, 0) << single.output;
  const auto slurp = [](const fs::path& p) {
    std::ifstream in(p);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const std::string per_period = slurp(dir / "single" / "per_period.csv");  // no timing columns
  EXPECT_GT(per_period.size(), 100u);
  EXPECT_EQ(slurp(dir / "merged" / "per_period.csv"), per_period);
  const auto bad = run_crbench("run --config " + ini.string() + " --shard 3/3");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("--shard"), std::string::npos) << bad.output;
  fs::remove_all(dir);
}

TEST(GridCli, KillNineLosesOnlyRunningJobsAndRerunCompletesTheGrid) {
  const fs::path dir = test_support::scratch_dir("grid_kill");
  // Bigger jobs than the tiny grid, so that the kill lands mid-grid: 24 jobs.
  const fs::path ini = write_file(dir / "grid.ini", R"(methods = iu,bu(w=2|4),frozen
seeds = 1,2,3
pretrain-periods = 4
pretrain-epochs = 2
batch-size = 64
test-periods = 0
[stream.world]
scenario = stationary(periods=10,samples_per_period=800,users=200,items=300)
worlds = fixed
stream-seed = 4
[stream.sudden]
scenario = sudden(periods=10,t0=6,samples_per_period=800,users=200,items=300)
)");
  const fs::path killed = dir / "killed.csv";
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl(CRBENCH_BINARY, CRBENCH_BINARY, "run", "--config", ini.c_str(), "--quiet", "--threads",
          "2", "--results", killed.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill as soon as two jobs are in the file.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(killed);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t summaries = 0;
    for (std::size_t p = 0; (p = text.find(",summary,", p)) != std::string::npos; ++p) ++summaries;
    if (summaries >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the grid finished before the kill; make its jobs bigger";
  const std::size_t jobs_before = read_rows(killed).summaries_per_job.size();
  EXPECT_LT(jobs_before, 24u);

  const auto rerun =
      run_crbench("run --config " + ini.string() + " --quiet --results " + killed.string());
  ASSERT_EQ(rerun.exit_code, 0) << rerun.output;
  EXPECT_NE(rerun.output.find(std::to_string(jobs_before) + " job(s) skipped"), std::string::npos)
      << rerun.output;
  const auto clean = run_crbench("run --config " + ini.string() + " --quiet --results " +
                                 (dir / "clean.csv").string());
  ASSERT_EQ(clean.exit_code, 0) << clean.output;
  const Rows after = read_rows(killed);
  EXPECT_EQ(after.summaries_per_job.size(), 24u);
  for (const auto& [hash, count] : after.summaries_per_job) EXPECT_EQ(count, 1) << hash;
  EXPECT_TRUE(after.rows == read_rows(dir / "clean.csv").rows);
  fs::remove_all(dir);
}

TEST(GridCli, FailingJobIsRecordedWithItsReasonAndTheGridGoesOn) {
  const fs::path dir = test_support::scratch_dir("grid_fail");
  const std::string d = test_support::bundled_dir();
  // The oracle needs ground truth, which a real log lacks: its jobs fail in start().
  const fs::path ini = write_file(dir / "grid.ini",
                                  "methods = iu,oracle\nseeds = 1\n"
                                  "pretrain-epochs = 1\nkeep-periods = 13\n"
                                  "[stream.ml]\ndata = " +
                                      d + "/ratings.csv\ngenres = " + d + "/movies.csv\n");
  const fs::path results = dir / "r.csv";
  const auto o = run_crbench("run --config " + ini.string() + " --results " + results.string());
  EXPECT_EQ(o.exit_code, 3) << o.output;
  EXPECT_NE(o.output.find("1 job(s) failed"), std::string::npos) << o.output;
  const auto rows = read_results(results.string());
  int ok = 0, failed = 0;
  for (const ResultsRow& row : rows) {
    if (row.at("kind") != "summary") continue;
    if (row.at("status") == "ok") {
      ++ok;
      EXPECT_EQ(row.at("method"), "iu");
    } else {
      ++failed;
      EXPECT_EQ(row.at("method"), "oracle");
      EXPECT_NE(row.at("error").find("ground-truth"), std::string::npos) << row.at("error");
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(failed, 1);
  // A rerun skips the finished job and retries only the failed one.
  const auto again = run_crbench("run --config " + ini.string() + " --results " + results.string());
  EXPECT_EQ(again.exit_code, 3);
  EXPECT_NE(again.output.find("1 job(s) skipped"), std::string::npos) << again.output;
  fs::remove_all(dir);
}

TEST(GridCli, AllMethodsExpandToTheRegistryWithTheOracleOnlyOnSimulatedStreams) {
  const fs::path dir = test_support::scratch_dir("grid_all");
  const std::string d = test_support::bundled_dir();
  const fs::path ini =
      write_file(dir / "grid.ini",
                 "methods = all\nseeds = 1\npretrain-periods = 4\npretrain-epochs = 1\n"
                 "test-periods = 0\n"
                 "[stream.sim]\nscenario = stationary(periods=7,samples_per_period=300,"
                 "users=50,items=60)\n"
                 "[stream.ml]\ndata = " +
                     d + "/ratings.csv\ngenres = " + d + "/movies.csv\nkeep-periods = 7\n");
  const fs::path results = dir / "r.csv";
  const auto o =
      run_crbench("run --config " + ini.string() + " --quiet --results " + results.string());
  ASSERT_EQ(o.exit_code, 0) << o.output;
  std::map<std::string, std::set<std::string>> methods;  // stream -> method names
  for (const ResultsRow& row : read_results(results.string())) {
    const std::string& m = row.at("method");
    methods[row.at("stream")].insert(m.substr(0, m.find('(')));
  }
  const auto listing = run_crbench("methods");
  std::size_t registered = 0;
  for (std::size_t p = 0; p < listing.output.size();) {
    const std::size_t nl = listing.output.find('\n', p);
    const std::string line = listing.output.substr(p, nl - p);
    if (!line.empty() && line[0] != ' ') {
      const std::string name = line.substr(0, line.find(' '));
      if (line.find(" alias of ") != std::string::npos) {  // `all` skips aliases (bu)
        EXPECT_FALSE(methods["sim"].count(name)) << name;
        EXPECT_FALSE(methods["ml"].count(name)) << name;
      } else {
        ++registered;
        EXPECT_TRUE(methods["sim"].count(name)) << name;
        EXPECT_EQ(methods["ml"].count(name), name == "oracle" ? 0u : 1u) << name;
      }
    }
    p = nl == std::string::npos ? listing.output.size() : nl + 1;
  }
  EXPECT_EQ(methods["sim"].size(), registered);
  EXPECT_EQ(methods["ml"].size(), registered - 1);
  fs::remove_all(dir);
}

// The progress line appears only on a terminal: run under script(1)'s pseudo-terminal.
TEST(GridCli, ProgressLineOnATerminalOnly) {
  if (!fs::exists("/usr/bin/script")) GTEST_SKIP() << "script(1) (util-linux) is not installed";
  const fs::path dir = test_support::scratch_dir("grid_progress");
  const fs::path ini = write_file(dir / "grid.ini", kTinyGrid);
  const std::string run = std::string(CRBENCH_BINARY) + " run --config " + ini.string();
  const auto tty = test_support::run_crbench_shell("/usr/bin/script -qfec '" + run + "' /dev/null");
  EXPECT_EQ(tty.exit_code, 0) << tty.output;
  EXPECT_NE(tty.output.find("[crbench] 16/16 jobs done"), std::string::npos) << tty.output;
  EXPECT_NE(tty.output.find("left"), std::string::npos) << tty.output;
  const auto quiet =
      test_support::run_crbench_shell("/usr/bin/script -qfec '" + run + " --quiet' /dev/null");
  EXPECT_EQ(quiet.output.find("jobs done"), std::string::npos) << quiet.output;
  const auto pipe = run_crbench("run --config " + ini.string());  // stderr is a pipe
  EXPECT_EQ(pipe.output.find("jobs done"), std::string::npos) << pipe.output;
  fs::remove_all(dir);
}

TEST(GridCli, BadGridConfigsAreNamed) {
  const fs::path dir = test_support::scratch_dir("grid_bad");
  const fs::path unknown =
      write_file(dir / "unknown.ini", "[stream.a]\nscenario = stationary\nfrobnicate = 1\n");
  auto o = run_crbench("run --config " + unknown.string());
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("frobnicate"), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("[stream.a]"), std::string::npos) << o.output;
  const fs::path empty = write_file(dir / "empty.ini", "[stream.a]\nperiods = 20\n");
  o = run_crbench("run --config " + empty.string());
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("give either data"), std::string::npos) << o.output;
  const fs::path sweep =
      write_file(dir / "sweep.ini", "[stream.a]\nscenario = incremental(rate=3|999)\n");
  o = run_crbench("run --config " + sweep.string());
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("rate=999 is out of range"), std::string::npos) << o.output;
  const fs::path method =
      write_file(dir / "method.ini", "methods = bu(w=3|0)\n[stream.a]\nscenario = stationary\n");
  o = run_crbench("run --config " + method.string());
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("w=0 is out of range"), std::string::npos) << o.output;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace crbench
