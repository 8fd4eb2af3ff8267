// The crbench command line: help, listings, one clear message and a non-zero
// exit for every kind of bad input, and results files that skip finished jobs.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "core/version.hpp"
#include "tests/support/build_paths.hpp"
#include "tests/support/bundled_data.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

using test_support::Outcome;

Outcome crbench(const std::string& args) { return test_support::run_crbench(args); }

std::string bundled_args() {
  const std::string d = test_support::bundled_dir();
  return "--data " + d + "/ratings.csv --genres " + d + "/movies.csv";
}

struct ResultsRowFields {
  std::string hash;
  std::string line;
};

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("crbench_cli_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

TEST(Cli, HelpAndListings) {
  EXPECT_EQ(crbench("--help").exit_code, 0);
  const Outcome run_help = crbench("run --help");
  EXPECT_EQ(run_help.exit_code, 0);
  EXPECT_NE(run_help.output.find("--methods"), std::string::npos);
  const Outcome methods = crbench("methods");
  EXPECT_EQ(methods.exit_code, 0);
  EXPECT_NE(methods.output.find("spmf"), std::string::npos);
  EXPECT_NE(methods.output.find("ratio"), std::string::npos);
  EXPECT_EQ(crbench("datasets").exit_code, 0);
}

TEST(Cli, UnknownCommandAndOptionFail) {
  EXPECT_NE(crbench("frobnicate").exit_code, 0);
  const Outcome o = crbench("run --no-such-option 1");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("no-such-option"), std::string::npos) << o.output;
}

// Boost.Program_options drops words no option takes; crbench names them.
TEST(Cli, StrayArgumentsAreErrors) {
  Outcome o = crbench("run --scenario stationary --seeds 1 2 --quiet");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("unexpected argument '2' after --seeds 1"), std::string::npos)
      << o.output;
  o = crbench("run --scenario stationary --methods iu, bu-3 --quiet");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("unexpected argument 'bu-3' after --methods iu,"), std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("--methods iu,bu-3"), std::string::npos) << o.output;  // the fix
  o = crbench("datasets extra");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("unexpected argument 'extra'"), std::string::npos) << o.output;
  o = crbench("compare a.csv b.csv c.csv");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("'c.csv'"), std::string::npos) << o.output;
}

TEST(Cli, MisspeltNamesGetASuggestion) {
  Outcome o = crbench("run --scenario stationry --quiet");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("unknown scenario 'stationry' (did you mean 'stationary'?)"),
            std::string::npos)
      << o.output;
  o = crbench("run --scenario 'stationary(periods=12)' --methods iuu --quiet");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("unknown method 'iuu' (did you mean 'iu'?)"), std::string::npos)
      << o.output;
  o = crbench("run --scenario 'sudden(t1=3)' --quiet");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("no parameter 't1' (did you mean 't0'?)"), std::string::npos) << o.output;
  o = crbench("run --scenario stationary --metods iu");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("did you mean '--methods'?"), std::string::npos) << o.output;
  o = crbench("leaderbord");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("unknown command 'leaderbord' (did you mean 'leaderboard'?)"),
            std::string::npos)
      << o.output;
}

TEST(Cli, MethodsAreFilteredByName) {
  const Outcome asmg = crbench("methods asmg");
  ASSERT_EQ(asmg.exit_code, 0) << asmg.output;
  std::size_t entries = 0;
  for (std::size_t p = 0; (p = asmg.output.find("\nasmg-", p)) != std::string::npos; ++p) ++entries;
  EXPECT_EQ(entries + (asmg.output.rfind("asmg-", 0) == 0 ? 1 : 0), 6u) << asmg.output;
  EXPECT_EQ(asmg.output.find("\niu "), std::string::npos) << asmg.output;
  EXPECT_EQ(asmg.output.find("spmf"), std::string::npos) << asmg.output;
  const Outcome two = crbench("methods spmf reservoir");
  EXPECT_NE(two.output.find("spmf"), std::string::npos);
  EXPECT_NE(two.output.find("reservoir"), std::string::npos);
  const Outcome none = crbench("methods asgm");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.output.find("no method name contains 'asgm' (did you mean 'asmg'?)"),
            std::string::npos)
      << none.output;
}

TEST(Cli, VersionNamesTheBuild) {
  const Outcome o = crbench("--version");
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_EQ(o.output, crbench_version_line() + "\n");
  EXPECT_EQ(o.output.rfind(std::string("crbench ") + crbench_version() + " (commit ", 0), 0u)
      << o.output;
}

TEST(Cli, MovieLensWithoutGenresIsWarnedAbout) {
  const std::string dir = std::string(CRBENCH_SOURCE_DIR) + "/tests/datasets/data/ml-latest";
  const Outcome without = crbench("run --data " + dir + "/ratings.csv --periods 3 --quiet");
  EXPECT_NE(without.output.find("MovieLens without --genres"), std::string::npos) << without.output;
  const Outcome with = crbench("run --data " + dir + "/ratings.csv --genres " + dir +
                               "/movies.csv --periods 3 --quiet");
  EXPECT_EQ(with.output.find("without --genres"), std::string::npos) << with.output;
  // No data file at all: the error alone, not a warning about an unnamed file first.
  const Outcome none = crbench("run --methods iu --quiet");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.output.find("warning"), std::string::npos) << none.output;
  EXPECT_NE(none.output.find("--data"), std::string::npos) << none.output;
}

TEST(Cli, UnknownMethodIsNamed) {
  const Outcome o = crbench("run " + bundled_args() + " --methods iu,nope --quiet");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("unknown method 'nope'"), std::string::npos) << o.output;
}

TEST(Cli, OutOfRangeHyperParameterIsNamed) {
  const Outcome o = crbench("run " + bundled_args() + " --methods 'bu(w=0)' --quiet");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("w=0 is out of range"), std::string::npos) << o.output;
}

TEST(Cli, OutOfRangeOptionIsNamed) {
  const Outcome o = crbench("run " + bundled_args() + " --lr -1");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("--lr"), std::string::npos) << o.output;
}

TEST(Cli, MissingFileIsNamed) {
  const Outcome o = crbench("run --data /nonexistent/ratings.csv");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("/nonexistent/ratings.csv"), std::string::npos) << o.output;
}

TEST(Cli, MalformedLineIsNamedWithItsLineNumber) {
  const std::string path = temp_path("bad.csv");
  {
    std::ofstream f(path);
    f << "userId,movieId,rating,timestamp\n1,2,4.0,100\n1,3,oops,200\n";
  }
  const Outcome o = crbench("run --data " + path);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find(path + ":3"), std::string::npos) << o.output;
  std::filesystem::remove(path);
}

TEST(Cli, TooFewPeriodsIsExplained) {
  const Outcome o = crbench("run " + bundled_args() + " --periods 8 --quiet");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("period"), std::string::npos) << o.output;
}

TEST(Cli, ConfigFileOptionsAreRead) {
  const std::string ini = temp_path("run.ini");
  {
    std::ofstream f(ini);
    f << "methods = bu(w=0)\n";
  }
  const Outcome o = crbench("run " + bundled_args() + " --config " + ini + " --quiet");
  EXPECT_EQ(o.exit_code, 1);  // proves the INI's method list was used
  EXPECT_NE(o.output.find("w=0 is out of range"), std::string::npos) << o.output;
  std::filesystem::remove(ini);
}

TEST(Cli, ResultsRowsAreWrittenAndFinishedJobsSkipped) {
  const std::string results = temp_path("results.csv");
  const std::string predictions = temp_path("predictions.csv");
  std::filesystem::remove(results);
  const std::string args = "run " + bundled_args() +
                           " --methods popularity,frozen --seeds 1,2 --pretrain-epochs 1 "
                           "--quiet --results " +
                           results;
  const Outcome first = crbench(args + " --predictions-out " + predictions);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  std::ifstream in(results);
  std::string line;
  int periods = 0, summaries = 0;
  while (std::getline(in, line)) {
    if (line.find(",period,") != std::string::npos) ++periods;
    if (line.find(",summary,") != std::string::npos) ++summaries;
  }
  EXPECT_EQ(summaries, 4);     // 2 methods x 2 seeds
  EXPECT_EQ(periods, 4 * 20);  // test periods 12..31
  const Outcome second = crbench(args);
  ASSERT_EQ(second.exit_code, 0) << second.output;
  EXPECT_NE(second.output.find("4 job(s) skipped"), std::string::npos) << second.output;
  // Predictions: header + every sample of the 20 test periods, per job.
  std::ifstream pin(predictions);
  std::size_t rows = 0;
  while (std::getline(pin, line)) ++rows;
  const Stream& s = test_support::movielens_small();
  const std::size_t test_samples = s.num_samples() - s.period_end(10);
  EXPECT_EQ(rows, 1 + 4 * test_samples);
  std::filesystem::remove(results);
  std::filesystem::remove(predictions);
}

// The summary row of the only job in a results file.
ResultsRowFields only_summary(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  ResultsRowFields out;
  while (std::getline(in, line)) {
    if (line.find(",summary,") == std::string::npos) continue;
    out.hash = line.substr(0, line.find(','));
    out.line = line;
  }
  return out;
}

TEST(Cli, LeftoverConventionIsAnOptionAndPartOfTheJob) {
  // ml-latest-small has 100,836 = 31 x 3,252 + 24 rows: the conventions differ.
  const std::string newest = temp_path("newest.csv");
  const std::string oldest = temp_path("oldest.csv");
  std::filesystem::remove(newest);
  std::filesystem::remove(oldest);
  const std::string args =
      "run " + bundled_args() + " --methods popularity --pretrain-epochs 0 --quiet --results ";
  const Outcome first = crbench(args + newest);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  // The output says which settings the numbers come from (here the command
  // line's defaults: batch 1024, dense embedding Adam).
  EXPECT_NE(first.output.find("stream: name=ml-latest-small;"), std::string::npos) << first.output;
  EXPECT_NE(first.output.find("protocol: pretrain_periods=10;pretrain=batch=1024/"),
            std::string::npos)
      << first.output;
  EXPECT_NE(first.output.find(";embedding_adam=dense"), std::string::npos) << first.output;
  const Outcome o = crbench(args + oldest + " --drop-leftover oldest");
  ASSERT_EQ(o.exit_code, 0) << o.output;
  const ResultsRowFields a = only_summary(newest);
  const ResultsRowFields b = only_summary(oldest);
  EXPECT_NE(a.line.find("periods=equal-count:31:drop-newest"), std::string::npos) << a.line;
  EXPECT_NE(b.line.find("periods=equal-count:31:drop-oldest"), std::string::npos) << b.line;
  EXPECT_NE(a.hash, b.hash);
  std::filesystem::remove(newest);
  std::filesystem::remove(oldest);

  const Outcome bad = crbench("run " + bundled_args() + " --drop-leftover middle --quiet");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("--drop-leftover"), std::string::npos) << bad.output;
}

}  // namespace
}  // namespace crbench

namespace crbench {
namespace {

TEST(CliSimulator, ScenariosAreListedWithTheirParameters) {
  const Outcome o = crbench("scenarios");
  ASSERT_EQ(o.exit_code, 0);
  for (const char* name : {"stationary", "sudden", "gradual", "incremental", "recurring",
                           "popularity-shift", "churn", "mixed", "samples_per_period"})
    EXPECT_NE(o.output.find(name), std::string::npos) << name;
}

TEST(CliSimulator, WorldParametersAreListedOnce) {
  const Outcome o = crbench("scenarios");
  ASSERT_EQ(o.exit_code, 0);
  std::size_t count = 0;
  for (std::size_t p = 0; (p = o.output.find("samples_per_period =", p)) != std::string::npos; ++p)
    ++count;
  EXPECT_EQ(count, 1u) << o.output;
  // A scenario's own parameters are still listed with it.
  EXPECT_NE(o.output.find("t0 = 16"), std::string::npos) << o.output;
  const Outcome one = crbench("scenarios sudden");
  EXPECT_EQ(one.output.find("\ngradual"), std::string::npos) << one.output;
  EXPECT_NE(one.output.find("\nsudden"), std::string::npos) << one.output;
}

TEST(CliSimulator, SimulatedCsvReadsBackAndRunsWithRegret) {
  const std::string csv = temp_path("sim.csv");
  const Outcome sim = crbench(
      "simulate --scenario 'sudden(periods=13,t0=12,samples_per_period=800)' --param users=200 "
      "--seed 3 --out " +
      csv);
  ASSERT_EQ(sim.exit_code, 0) << sim.output;
  const Outcome run = crbench("run --dataset csv --data " + csv +
                              " --label-col label --category-col category --probability-col "
                              "probability --periods 13 --methods oracle,iu --pretrain-epochs 1 "
                              "--seeds 3 --quiet");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("AUC regret"), std::string::npos) << run.output;
  // The same world straight from the simulator gives the same AUC series (the
  // summary table also holds timings, which differ from run to run): with
  // replicate worlds (the default) job seed 3 simulates world 3, and a fixed
  // world 3 is the same world.
  const auto table = [](const std::string& out) {
    return out.substr(out.find("### AUC per test period"));
  };
  for (const std::string worlds : {"", "--worlds fixed --stream-seed 3 "}) {
    const Outcome direct = crbench(
        "run --scenario 'sudden(periods=13,t0=12,samples_per_period=800)' --param users=200 " +
        worlds + "--seeds 3 --methods oracle,iu --pretrain-epochs 1 --quiet");
    ASSERT_EQ(direct.exit_code, 0) << direct.output;
    EXPECT_EQ(table(run.output), table(direct.output)) << worlds;
  }
  // A world seed without a fixed world is refused, naming both options.
  const Outcome refused =
      crbench("run --scenario sudden --stream-seed 3 --methods iu --pretrain-epochs 1 --quiet");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.output.find("--worlds fixed"), std::string::npos) << refused.output;
  std::filesystem::remove(csv);
}

// The GRU kernels of every SIMD level compute the same bits
// (asmg_gru_levels_test); the whole run agrees too: the same predictions with
// the baseline kernels and with the best this CPU has.
TEST(CliSimd, AsmgRunsTheSameAtEverySimdLevel) {
  const std::string args =
      "run --scenario 'incremental(periods=8,samples_per_period=600)' --param users=150 "
      "--pretrain-periods 3 --pretrain-epochs 1 --batch-size 128 "
      "--methods asmg-gru-multi,asmg-gru-full --threads 1 --quiet --predictions-out ";
  const std::string baseline = temp_path("sse2.csv");
  const std::string best = temp_path("best.csv");
  const Outcome a = test_support::run_crbench_shell(
      "CRBENCH_SIMD=sse2 " + std::string(CRBENCH_BINARY) + " " + args + baseline);
  ASSERT_EQ(a.exit_code, 0) << a.output;
  const Outcome b = crbench(args + best);
  ASSERT_EQ(b.exit_code, 0) << b.output;
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string sse2 = read(baseline);
  EXPECT_GT(sse2.size(), 10000u);
  // (--threads 1: with two jobs at once the rows of the file interleave.)
  EXPECT_TRUE(sse2 == read(best)) << "the predictions differ";
  std::filesystem::remove(baseline);
  std::filesystem::remove(best);
}

TEST(CliSimd, AnUnknownSimdLevelIsNamed) {
  const Outcome o = test_support::run_crbench_shell("CRBENCH_SIMD=avx3 " +
                                                    std::string(CRBENCH_BINARY) + " methods");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("CRBENCH_SIMD: 'avx3' is not a SIMD level"), std::string::npos)
      << o.output;
}

TEST(CliSimulator, BadScenarioParameterIsNamed) {
  const Outcome o = crbench("simulate --scenario sudden --param periods=0 --out /dev/null");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("periods=0 is out of range"), std::string::npos) << o.output;
  const Outcome unknown = crbench("run --scenario no-such-world --quiet");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.output.find("no-such-world"), std::string::npos) << unknown.output;
}

}  // namespace
}  // namespace crbench
