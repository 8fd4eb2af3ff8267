// Seed statistics, flags and baselines of a board's summary.
#include <gtest/gtest.h>

#include <cmath>

#include "bench/leaderboard_table.hpp"
#include "bench/summary.hpp"
#include "tests/support/handmade_results.hpp"

namespace crbench {
namespace {

using test_support::handmade_job;

// One seed: a mean, no spread and no interval (printed "–", never nan).
TEST(SeedStatistic, OneSeedHasNoSpread) {
  const SeedStatistic s = seed_statistic({0.6});
  EXPECT_DOUBLE_EQ(s.mean, 0.6);
  EXPECT_TRUE(std::isnan(s.std));
  EXPECT_TRUE(std::isnan(s.ci95));
  BoardSummary board = summarise_board({handmade_job("iu", 1, {0.6, 0.62})});
  const std::string md = leaderboard_markdown(board);
  EXPECT_NE(md.find("| 0.6100 ± – | – |"), std::string::npos) << md;
  EXPECT_EQ(md.find("nan"), std::string::npos) << md;
}

// A deterministic method's seeds agree up to rounding: the std is exactly 0.
TEST(SeedStatistic, RoundingSpreadIsZero) {
  const double x = 0.6;
  const SeedStatistic s = seed_statistic({x, std::nextafter(x, 1.0), x});
  EXPECT_EQ(s.std, 0.0);
  EXPECT_EQ(s.ci95, 0.0);
}

// Three seeds 0.58, 0.60, 0.62: std 0.02, CI half-width t(0.975, 2) 0.02 / sqrt 3
// = 4.302653 x 0.011547 = 0.049683.
TEST(SeedStatistic, IntervalUsesStudentT) {
  const SeedStatistic s = seed_statistic({0.58, 0.60, 0.62});
  EXPECT_NEAR(s.std, 0.02, 1e-12);
  EXPECT_NEAR(s.ci95, 0.049683, 1e-6);
}

TEST(Baseline, ResolvedBySpecOrByAUniqueRegistryName) {
  const std::vector<std::string> specs = {"iu", "bu-3(w=3)", "bu(w=3)", "apg(k=1)", "apg(k=2)"};
  EXPECT_EQ(resolve_baseline(specs, "iu"), "iu");
  EXPECT_EQ(resolve_baseline(specs, "bu-3"), "bu-3(w=3)");
  EXPECT_EQ(resolve_baseline(specs, "apg(k=2)"), "apg(k=2)");
  std::string why;
  EXPECT_EQ(resolve_baseline(specs, "apg", &why), "");
  EXPECT_NE(why.find("2 specs"), std::string::npos) << why;
  EXPECT_EQ(resolve_baseline(specs, "frozen", &why), "");
  EXPECT_NE(why.find("did not run"), std::string::npos) << why;
}

TEST(Baseline, AbsentBaselineMeansNoTestsAndSaysWhy) {
  const BoardSummary board = summarise_board(
      {handmade_job("bu-3(w=3)", 1, {0.6, 0.7}), handmade_job("frozen", 1, {0.5, 0.6})});
  EXPECT_EQ(board.baseline, "");
  EXPECT_NE(board.baseline_note.find("iu"), std::string::npos);
  for (const MethodSummary& s : board.methods) EXPECT_FALSE(s.vs_baseline.tested);
  // Another baseline chosen: frozen is tested against bu-3 (2 periods, both -0.1).
  const BoardSummary other = summarise_board(
      {handmade_job("bu-3(w=3)", 1, {0.6, 0.7}), handmade_job("frozen", 1, {0.5, 0.6})}, "bu-3");
  EXPECT_EQ(other.baseline, "bu-3(w=3)");
  const MethodSummary& frozen = other.methods[1];
  ASSERT_TRUE(frozen.vs_baseline.tested);
  EXPECT_NEAR(frozen.vs_baseline.mean_difference, -0.1, 1e-12);
  EXPECT_EQ(frozen.vs_baseline.periods.n, 2u);
  EXPECT_DOUBLE_EQ(frozen.vs_baseline.periods.p_value, 0.5);  // 2 x 1/4
}

TEST(Flags, CollapsedJobsAndUpdateNotesAreCounted) {
  const BoardSummary board = summarise_board({
      handmade_job("iu", 1, {0.6, 0.62}),
      handmade_job("sml", 1, {0.5, 0.5}),
      handmade_job("sml", 2, {0.5, 0.61}),
      handmade_job("bayes-lr", 1, {0.6, 0.6}, {"", "line search failed; kept the previous model"}),
  });
  const MethodSummary& sml = board.methods[1];
  EXPECT_EQ(sml.collapsed, 1u);  // seed 2 scored 0.61 once: not collapsed
  const MethodSummary& bayes = board.methods[2];
  EXPECT_EQ(bayes.noted_periods, 1u);
  EXPECT_EQ(bayes.first_note, "line search failed; kept the previous model");
  EXPECT_NE(method_flags(sml).find("collapsed in 1 of 2 seeds"), std::string::npos);
  EXPECT_NE(method_flags(bayes).find("update note in 1 period: line search failed"),
            std::string::npos);
  EXPECT_EQ(method_flags(board.methods[0]), "");
  // The table grows a flags column and shows them.
  const std::string md = leaderboard_markdown(board);
  EXPECT_NE(md.find("| flags |"), std::string::npos);
  EXPECT_NE(md.find("collapsed in 1 of 2 seeds"), std::string::npos);
}

TEST(Flags, TheOracleIsAReferenceNeverTested) {
  const BoardSummary board =
      summarise_board({handmade_job("iu", 1, {0.6, 0.62}), handmade_job("oracle", 1, {0.8, 0.8})});
  EXPECT_TRUE(board.methods[1].reference);
  EXPECT_FALSE(board.methods[1].vs_baseline.tested);
}

}  // namespace
}  // namespace crbench
