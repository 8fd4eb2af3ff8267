// `crbench leaderboard`: tables recomputed independently from the results rows,
// one subdirectory per stream, the formats it writes (JSON that pandas reads),
// the run-info on record. The HTML pages: leaderboard_page_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "bench/results.hpp"
#include "bench/run_info.hpp"
#include "core/version.hpp"
#include "tests/support/chromium.hpp"  // slurp_file
#include "tests/support/run_binary.hpp"
#include "tests/support/small_leaderboard.hpp"

namespace crbench {
namespace {

using test_support::run_crbench;
namespace fs = std::filesystem;

std::string slurp(const fs::path& path) { return test_support::slurp_file(path); }

using test_support::read_csv;

struct LeaderboardCli : ::testing::Test {
  static void SetUpTestSuite() {
    dir = test_support::scratch_dir("leaderboard");
    results = dir / "results.csv";
    // Every file but the HTML pages (their tests, leaderboard_page_test.cpp,
    // make their own): matplotlib is the slow part.
    test_support::run_small_leaderboard(dir, "--format md,csv,json");
  }
  static void TearDownTestSuite() { fs::remove_all(dir); }
  static inline fs::path dir, results;
};

TEST_F(LeaderboardCli, OneDirectoryPerStreamWithEveryFile) {
  for (const char* stream : {"sweep", "flat"})
    for (const char* file : {"leaderboard.md", "leaderboard.csv", "per_period.csv",
                             "leaderboard.json", "per_period.json", "settings.json"})
      EXPECT_TRUE(fs::exists(dir / "out" / stream / file)) << stream << "/" << file;
  // Across streams: 3 boards (2 sweep variants, flat) ran iu, bu-3 and frozen.
  for (const char* file : {"ranking.md", "ranking.csv", "critical_difference.svg"})
    EXPECT_TRUE(fs::exists(dir / "out" / file)) << file;
  EXPECT_FALSE(fs::exists(dir / "out" / "flat" / "leaderboard.html"));  // not asked for
  const std::string ranking = slurp(dir / "out" / "ranking.md");
  EXPECT_NE(ranking.find("flat, sweep share=0, sweep share=1"), std::string::npos) << ranking;
}

TEST_F(LeaderboardCli, MeansAndRegretMatchTheResultsRows) {
  // Independently: mean over seeds of each job's mean AUC over its recorded
  // periods, and of oracle AUC minus that, from the period rows.
  std::map<std::string, std::map<std::string, std::vector<double>>> auc, regret;  // variant/method
  std::map<std::string, std::pair<double, int>> per_job_auc, per_job_regret;
  std::map<std::string, std::pair<std::string, std::string>> job_key;
  for (const ResultsRow& row : read_results(results.string())) {
    if (row.at("stream") != "sweep" || row.at("kind") != "period" || row.at("recorded") != "1")
      continue;
    const std::string hash = row.at("job_hash");
    job_key[hash] = {row.at("variant"), row.at("method")};
    per_job_auc[hash].first += std::stod(row.at("auc"));
    per_job_auc[hash].second += 1;
    per_job_regret[hash].first += std::stod(row.at("oracle_auc")) - std::stod(row.at("auc"));
  }
  for (const auto& [hash, key] : job_key) {
    const double n = per_job_auc[hash].second;
    EXPECT_EQ(n, 2);  // test-periods = 2
    auc[key.first][key.second].push_back(per_job_auc[hash].first / n);
    regret[key.first][key.second].push_back(per_job_regret[hash].first / n);
  }
  const auto rows = read_csv(dir / "out" / "sweep" / "leaderboard.csv");
  ASSERT_EQ(rows.size(), 1u + 2u * 4u);  // header + 2 variants x 4 methods
  const auto& header = rows[0];
  const auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  std::map<std::string, double> last_auc;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    const std::string variant = row[col("variant")], method = row[col("method")];
    const auto& values = auc[variant][method];
    ASSERT_EQ(values.size(), 3u) << variant << " " << method;
    const double mean = (values[0] + values[1] + values[2]) / 3;
    const double reg =
        (regret[variant][method][0] + regret[variant][method][1] + regret[variant][method][2]) / 3;
    EXPECT_NEAR(std::stod(row[col("auc_mean")]), mean, 1e-5) << method;
    EXPECT_NEAR(std::stod(row[col("auc_regret")]), reg, 1e-5) << method;
    // Ranked by mean AUC within each variant.
    if (row[col("rank")] != "1") {
      EXPECT_LE(std::stod(row[col("auc_mean")]), last_auc[variant]);
    }
    last_auc[variant] = std::stod(row[col("auc_mean")]);
    // iu has no test against itself and the oracle is a reference; frozen is
    // tested on its 2 recorded periods (n = 2: the exact p is 0.5 or 1).
    if (method == "iu" || method == "oracle") {
      EXPECT_EQ(row[col("p_periods_vs_baseline")], "");
      EXPECT_EQ(row[col("verdict")], method == "iu" ? "baseline" : "reference");
    } else {
      EXPECT_EQ(row[col("n_periods_vs_baseline")], "2");
      const double p = std::stod(row[col("p_periods_vs_baseline")]);
      EXPECT_TRUE(p == 0.5 || p == 1.0) << p;
      EXPECT_EQ(row[col("p_seeds_vs_baseline")], "");  // 3 seeds: below the seed test's 5
    }
  }
  // The oracle wins every variant of a simulated stream.
  for (const std::size_t r : {1u, 5u}) EXPECT_EQ(rows[r][col("method")], "oracle");
  const std::string md = slurp(dir / "out" / "sweep" / "leaderboard.md");
  EXPECT_NE(md.find("## sweep share=0"), std::string::npos);
  EXPECT_NE(md.find("## sweep share=1"), std::string::npos);
  EXPECT_LT(md.find("share=0"), md.find("share=1"));  // sweep order
}

// The run that wrote the results is on record (the pages show it:
// leaderboard_page_test.cpp).
TEST_F(LeaderboardCli, TheRunIsRecorded) {
  const std::vector<RunInfo> runs = read_run_info(results.string());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].git_commit, crbench_git_commit());
  EXPECT_EQ(runs[0].jobs_run, 2u * 4u * 3u + 4u * 3u);  // (2 sweep variants + flat) x 4 x 3 seeds
  EXPECT_NE(runs[0].command.find("crbench run --config"), std::string::npos);
  const std::string settings = slurp(dir / "out" / "flat" / "settings.json");
  EXPECT_NE(settings.find("\"git_commit\":\"" + std::string(crbench_git_commit()) + "\""),
            std::string::npos)
      << settings;
  EXPECT_NE(settings.find("\"made_by\": \"" + crbench_version_line() + "\""), std::string::npos)
      << settings;
}

// The JSON files are records pandas reads as they are, with the CSV's values.
TEST_F(LeaderboardCli, PandasReadsTheJsonAsTheCsv) {
  if (!fs::exists("/usr/bin/python3")) GTEST_SKIP() << "no /usr/bin/python3";
  const fs::path out = dir / "out" / "sweep";
  const std::string check =
      "import pandas as pd, numpy as np\n"
      "for name in ('leaderboard', 'per_period'):\n"
      "    j = pd.read_json('" +
      (out / "").string() +
      "' + name + '.json')\n"
      "    c = pd.read_csv('" +
      (out / "").string() +
      "' + name + '.csv', keep_default_na=False,"
      " na_values=[''])\n"
      "    assert list(j.columns) == list(c.columns), (name, list(j.columns))\n"
      "    assert len(j) == len(c) > 0\n"
      "    for col in c.columns:\n"
      "        if c[col].dtype.kind in 'if' and c[col].notna().any():\n"
      "            assert j[col].dtype.kind in 'if', (name, col, j[col].dtype)\n"
      "            assert np.allclose(j[col].astype(float), c[col].astype(float), equal_nan=True)\n"
      "j = pd.read_json('" +
      (out / "leaderboard.json").string() +
      "')\n"
      "assert j['rank'].dtype.kind == 'i' and j['seeds'].dtype.kind == 'i'\n"
      "assert set(j['family']) == {'reference', 'retraining', 'floor'}, set(j['family'])\n"
      "p = pd.read_json('" +
      (out / "per_period.json").string() +
      "')\n"
      "assert set(p['kind']) == {'mean', 'seed'}\n"
      "print('ok')\n";
  std::ofstream(dir / "check.py") << check;
  const auto o = test_support::run_crbench_shell("/usr/bin/python3 " + (dir / "check.py").string());
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_EQ(o.output, "ok\n");
}

TEST_F(LeaderboardCli, FormatChoosesTheFiles) {
  const fs::path only = dir / "json-only";
  const auto o =
      run_crbench("leaderboard " + results.string() + " --out " + only.string() + " --format json");
  ASSERT_EQ(o.exit_code, 0) << o.output;
  for (const char* f : {"leaderboard.json", "per_period.json", "settings.json"})
    EXPECT_TRUE(fs::exists(only / "flat" / f)) << f;
  for (const char* f : {"leaderboard.md", "leaderboard.csv", "leaderboard.html"})
    EXPECT_FALSE(fs::exists(only / "flat" / f)) << f;
  EXPECT_FALSE(fs::exists(only / "index.html"));
  auto bad = run_crbench("leaderboard " + results.string() + " --out " + only.string() +
                         " --format md,htm");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.output.find("unknown format 'htm' (did you mean 'html'?)"), std::string::npos)
      << bad.output;
}

TEST(LeaderboardCliErrors, MissingInputsAreNamed) {
  auto o = run_crbench("leaderboard --results /nonexistent.csv --out /tmp/x");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("/nonexistent.csv"), std::string::npos) << o.output;
  o = run_crbench("leaderboard --results /nonexistent.csv");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("--out"), std::string::npos) << o.output;
}

TEST(LeaderboardCliErrors, MissingPythonStillWritesTables) {
  const fs::path dir = test_support::scratch_dir("leaderboard_nopython");
  std::ofstream(dir / "grid.ini") << "methods = iu\nseeds = 1\npretrain-periods = 4\n"
                                     "pretrain-epochs = 1\n[stream.s]\nscenario = stationary("
                                     "periods=7,samples_per_period=300,users=50,items=60)\n";
  ASSERT_EQ(run_crbench("run --config " + (dir / "grid.ini").string() + " --quiet --results " +
                        (dir / "r.csv").string())
                .exit_code,
            0);
  const auto o = run_crbench("leaderboard --results " + (dir / "r.csv").string() + " --out " +
                             (dir / "out").string() + " --python /nonexistent/python3");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("matplotlib"), std::string::npos) << o.output;
  EXPECT_TRUE(fs::exists(dir / "out" / "leaderboard.md"));
  EXPECT_TRUE(fs::exists(dir / "out" / "leaderboard.csv"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace crbench
