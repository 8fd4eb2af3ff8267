// `crbench leaderboard` on a small results file written by hand: the intervals,
// p-values, n, Holm's correction and flags in leaderboard.csv and .md against
// values computed by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "bench/results.hpp"
#include "tests/support/handmade_results.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

namespace fs = std::filesystem;
using test_support::handmade_config;
using test_support::handmade_job;
using test_support::run_crbench;

// Five seeds s = 1..5, four recorded periods t = 1..4:
//   iu        a_s + b_t, a = 0.58, 0.59, 0.60, 0.61, 0.62; b = 0, 0.01, -0.01, 0
//   bu-3      iu + d_s + e_t, d = 0.01, ..., 0.05; e = -0.03, -0.01, -0.05, 0.02
//   frozen    iu - 0.05 (seed 2 notes a failed update in period 2)
//   popularity seed 1 only, AUC 0.5 in every period (collapsed)
// By hand:
// iu per-seed means 0.58..0.62: mean 0.60, std 0.0158114, 95% CI 0.60 -+ t(0.975, 4)
//   0.0158114/sqrt 5 = 0.60 -+ 2.776445 x 0.0070711 = [0.580368, 0.619632].
// bu-3 per-seed means a_s + d_s + mean(e) = 0.5725, 0.5925, ..., 0.6525: mean 0.6125,
//   std 0.0316228, CI 0.6125 -+ 2.776445 x 0.0141421 = [0.573235, 0.651765].
//   Per period, seed-averaged differences mean(d) + e_t = 0, 0.02, -0.02, 0.05:
//   mean 0.0125; Wilcoxon: n = 4, one zero dropped, ranks 1.5, 1.5, 3, W+ = 4.5;
//   exact p = 2 x 3/8 = 0.75. Per seed, differences d_s - 0.0175: mean 0.0125, std
//   0.0158114, t = 1.767767 with 4 dof: a = t / sqrt(4 + t^2) = 0.6622662,
//   F = 1/2 + (3/4) a (1 - a^2/3) = 0.9240827, p = 0.1518345.
// frozen: every period -0.05: exact p = 2/16 = 0.125; per seed -0.05 each: no
//   variation, no t-test.
// popularity: its one seed against iu's seed 1: 0.5 - (0.58 + b_t) < 0 in all 4
//   periods: p = 0.125; one seed: no spread, no interval, no seed test.
// Holm over the three period tests (0.75, 0.125, 0.125): 3 x 0.125 = 0.375, then
//   max(0.375, 2 x 0.125) = 0.375, then max(0.375, 0.75) = 0.75.
struct LeaderboardStatistics : ::testing::Test {
  static void SetUpTestSuite() {
    dir = test_support::scratch_dir("leaderboard_statistics");
    ResultsWriter w((dir / "results.csv").string());
    for (std::uint64_t s = 1; s <= 5; ++s) {
      const auto [iu, bu, frozen] = test_support::handmade_design(s);
      w.write(handmade_config("iu", s), handmade_job("iu", s, iu));
      w.write(handmade_config("bu-3(w=3)", s), handmade_job("bu-3(w=3)", s, bu));
      const std::vector<std::string> notes = {
          "", s == 2 ? "line search failed; kept the previous model" : ""};
      w.write(handmade_config("frozen", s), handmade_job("frozen", s, frozen, notes));
    }
    w.write(handmade_config("popularity(smoothing=5)", 1),
            handmade_job("popularity(smoothing=5)", 1, {0.5, 0.5, 0.5, 0.5}));
  }
  static void TearDownTestSuite() { fs::remove_all(dir); }

  // leaderboard.csv rows by method, after `crbench leaderboard ARGS`.
  static std::map<std::string, std::map<std::string, std::string>> board(
      const std::string& args, std::string* md = nullptr) {
    const fs::path out = dir / "out";
    fs::remove_all(out);
    const auto o = run_crbench("leaderboard --no-html --results " + (dir / "results.csv").string() +
                               " --out " + out.string() + " " + args);
    EXPECT_EQ(o.exit_code, 0) << o.output;
    std::ifstream in(out / "leaderboard.csv");
    std::string line;
    std::getline(in, line);
    const std::vector<std::string> header = split_csv_line(line);
    std::map<std::string, std::map<std::string, std::string>> rows;
    while (std::getline(in, line)) {
      const std::vector<std::string> f = split_csv_line(line);
      for (std::size_t i = 0; i < header.size(); ++i) rows[f[3]][header[i]] = f[i];
    }
    if (md != nullptr) {
      std::ifstream m(out / "leaderboard.md");
      *md = std::string((std::istreambuf_iterator<char>(m)), std::istreambuf_iterator<char>());
    }
    return rows;
  }
  static double num(const std::string& s) { return s.empty() ? NAN : std::stod(s); }
  static inline fs::path dir;
};

TEST_F(LeaderboardStatistics, IntervalsMatchTheHandComputation) {
  auto rows = board("");
  auto& iu = rows["iu"];
  EXPECT_NEAR(num(iu["auc_mean"]), 0.60, 1e-9);
  EXPECT_NEAR(num(iu["auc_std"]), 0.0158114, 1e-7);
  EXPECT_NEAR(num(iu["auc_ci95_low"]), 0.580368, 1e-6);
  EXPECT_NEAR(num(iu["auc_ci95_high"]), 0.619632, 1e-6);
  // The period bootstrap of iu's seed-averaged series 0.60, 0.61, 0.59, 0.60.
  EXPECT_GE(num(iu["auc_periods_ci95_low"]), 0.59);
  EXPECT_LE(num(iu["auc_periods_ci95_high"]), 0.61);
  EXPECT_LT(num(iu["auc_periods_ci95_low"]), 0.60);
  EXPECT_GT(num(iu["auc_periods_ci95_high"]), 0.60);
  auto& bu = rows["bu-3(w=3)"];
  EXPECT_EQ(bu["rank"], "1");
  EXPECT_NEAR(num(bu["auc_mean"]), 0.6125, 1e-9);
  EXPECT_NEAR(num(bu["auc_ci95_low"]), 0.573235, 1e-6);
  EXPECT_NEAR(num(bu["auc_ci95_high"]), 0.651765, 1e-6);
  // One seed: no spread and no interval.
  auto& pop = rows["popularity(smoothing=5)"];
  EXPECT_EQ(pop["seeds"], "1");
  EXPECT_EQ(pop["auc_std"], "");
  EXPECT_EQ(pop["auc_ci95_low"], "");
}

TEST_F(LeaderboardStatistics, PValuesCarryTheirNAndHolm) {
  std::string md;
  auto rows = board("", &md);
  auto& bu = rows["bu-3(w=3)"];
  EXPECT_EQ(bu["baseline"], "iu");
  EXPECT_NEAR(num(bu["auc_diff_vs_baseline"]), 0.0125, 1e-9);
  EXPECT_EQ(bu["n_periods_vs_baseline"], "4");
  EXPECT_EQ(bu["zeros_vs_baseline"], "1");
  EXPECT_NEAR(num(bu["p_periods_vs_baseline"]), 0.75, 1e-9);
  EXPECT_NEAR(num(bu["p_periods_holm"]), 0.75, 1e-9);
  EXPECT_EQ(bu["n_seeds_vs_baseline"], "5");
  EXPECT_NEAR(num(bu["p_seeds_vs_baseline"]), 0.1518345, 1e-6);
  EXPECT_NEAR(num(bu["p_seeds_holm"]), 0.1518345, 1e-6);
  EXPECT_EQ(bu["verdict"], "not significant");
  auto& frozen = rows["frozen"];
  EXPECT_NEAR(num(frozen["p_periods_vs_baseline"]), 0.125, 1e-12);
  EXPECT_NEAR(num(frozen["p_periods_holm"]), 0.375, 1e-12);
  EXPECT_EQ(frozen["p_seeds_vs_baseline"], "");  // no variation over seeds
  auto& pop = rows["popularity(smoothing=5)"];
  EXPECT_NEAR(num(pop["p_periods_vs_baseline"]), 0.125, 1e-12);
  EXPECT_NEAR(num(pop["p_periods_holm"]), 0.375, 1e-12);
  EXPECT_EQ(pop["n_seeds_vs_baseline"], "");  // one seed: below the seed test's minimum
  EXPECT_EQ(rows["iu"]["verdict"], "baseline");
  // The Markdown shows each p with its n (and the dropped zero).
  EXPECT_NE(md.find("| +0.0125 | 0.75 (4, 1 zero) | 0.75 | 0.152 (5) | 0.152 | n.s. |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| 0.5000 ± – | – |"), std::string::npos) << md;
}

TEST_F(LeaderboardStatistics, FlagsAreInTheTable) {
  std::string md;
  auto rows = board("", &md);
  EXPECT_EQ(rows["frozen"]["noted_periods"], "1");
  EXPECT_EQ(rows["frozen"]["first_note"], "line search failed; kept the previous model");
  EXPECT_EQ(rows["popularity(smoothing=5)"]["collapsed_seeds"], "1");
  EXPECT_NE(md.find("update note in 1 period: line search failed"), std::string::npos) << md;
  EXPECT_NE(md.find("collapsed in 1 of 1 seeds"), std::string::npos) << md;
}

// --baseline frozen: bu-3 against frozen, per period 0.05 + (0, 0.02, -0.02, 0.05)
// = 0.05, 0.07, 0.03, 0.10, all positive: p = 2/16 = 0.125.
TEST_F(LeaderboardStatistics, TheBaselineIsChosenByName) {
  auto rows = board("--baseline frozen");
  EXPECT_EQ(rows["bu-3(w=3)"]["baseline"], "frozen");
  EXPECT_NEAR(num(rows["bu-3(w=3)"]["p_periods_vs_baseline"]), 0.125, 1e-12);
  EXPECT_EQ(rows["frozen"]["verdict"], "baseline");
  rows = board("--baseline bu-3");
  EXPECT_EQ(rows["iu"]["baseline"], "bu-3(w=3)");
  const auto o = run_crbench("leaderboard --no-html --results " + (dir / "results.csv").string() +
                             " --out " + (dir / "x").string() + " --baseline nosuch");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("--baseline nosuch: no board has this method"), std::string::npos)
      << o.output;
}

}  // namespace
}  // namespace crbench
