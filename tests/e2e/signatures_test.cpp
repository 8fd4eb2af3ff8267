// The signatures that hold (docs/findings.md, "Signatures"): the tuned grid
// bench/grids/signatures-tuned.ini run as a user runs it, over its 5 replicate
// worlds (the unit of replication), each claim asserted only by more than its
// 95% t-interval over the worlds. The signatures that do not hold (the tuned iu
// winning back AUC within three periods of a sudden drift, replay at the returns
// of a concept, ASMG over iu under incremental drift, popularity narrowing
// exposure more than iu, updates beating the frozen model on new users under
// churn) are recorded in docs/findings.md with their numbers, not asserted here.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "bench/results.hpp"
#include "bench/summary.hpp"
#include "tests/support/build_paths.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

// (stream, method) -> seed -> test period (1-based) -> row.
using Rows = std::map<std::pair<std::string, std::string>,
                      std::map<std::uint64_t, std::map<int, ResultsRow>>>;
using Summaries =
    std::map<std::pair<std::string, std::string>, std::map<std::uint64_t, ResultsRow>>;

class Signatures : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = test_support::scratch_dir("signatures");
    const std::string results = (dir_ / "signatures.csv").string();
    const auto run = test_support::run_crbench(std::string("run --config ") + CRBENCH_SOURCE_DIR +
                                               "/bench/grids/signatures-tuned.ini --results " +
                                               results + " --threads 2 --quiet");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    for (const ResultsRow& row : read_results(results)) {
      const auto key = std::make_pair(row.at("stream"), row.at("method"));
      const std::uint64_t seed = std::stoull(row.at("seed"));
      if (row.at("kind") == "period") periods_[key][seed][std::stoi(row.at("test_period"))] = row;
      if (row.at("kind") == "summary") summaries_[key][seed] = row;
    }
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  // The one method of the stream whose spec starts with `prefix`.
  static std::string method(const std::string& stream, const std::string& prefix) {
    std::string found;
    for (const auto& [key, seeds] : summaries_)
      if (key.first == stream && key.second.rfind(prefix, 0) == 0) {
        EXPECT_TRUE(found.empty()) << prefix << " is ambiguous in " << stream;
        found = key.second;
      }
    EXPECT_FALSE(found.empty()) << "no " << prefix << " in " << stream;
    return found;
  }

  static std::filesystem::path dir_;
  static Rows periods_;
  static Summaries summaries_;
};
std::filesystem::path Signatures::dir_;
Rows Signatures::periods_;
Summaries Signatures::summaries_;

double number(const ResultsRow& row, const std::string& column) {
  return std::stod(row.at(column));
}

// Per world, a summary column of method `a` minus method `b` (both by prefix) on
// `stream`, as the mean and 95% t-interval over the 5 worlds.
SeedStatistic paired_difference(const Summaries& summaries, const std::string& stream,
                                const std::string& a, const std::string& b,
                                const std::string& column) {
  std::vector<double> diff;
  for (const auto& [seed, row] : summaries.at({stream, a}))
    diff.push_back(number(row, column) - number(summaries.at({stream, b}).at(seed), column));
  EXPECT_EQ(diff.size(), 5u) << stream;
  const SeedStatistic s = seed_statistic(diff);
  std::printf("%s: %s, %s - %s: %.4f +- %.4f (95%% t, n = 5 worlds)\n", stream.c_str(),
              column.c_str(), a.c_str(), b.c_str(), s.mean, s.ci95);
  return s;
}

TEST_F(Signatures, SuddenDriftShortWindowsAccumulateLessRegretAfterTheDrift) {
  const std::string b3 = method("sudden", "bu-3"), b7 = method("sudden", "bu-7");
  std::vector<double> diff;  // per world: bu-7's regret area minus bu-3's
  for (const auto& [seed, row] : summaries_[{"sudden", b3}]) {
    const double a3 = number(row, "regret_area_after_drift");
    const double a7 = number(summaries_[{"sudden", b7}].at(seed), "regret_area_after_drift");
    diff.push_back(a7 - a3);
    std::printf("world %llu: regret area after the drift bu-3 %.4f, bu-7 %.4f\n",
                static_cast<unsigned long long>(seed), a3, a7);
  }
  ASSERT_EQ(diff.size(), 5u);
  const SeedStatistic s = seed_statistic(diff);
  std::printf("bu-7 - bu-3: %.4f +- %.4f (95%% t, n = 5 worlds)\n", s.mean, s.ci95);
  EXPECT_GT(s.mean, s.ci95);
}

TEST_F(Signatures, GradualDriftNoMethodBeatsTheAttainableOracleInAnyPeriod) {
  // The oracle serves the mixture of the two concepts (what a model of user,
  // item and time can know); under the old per-sample concept it trailed by up
  // to 0.07 AUC mid-window and methods' regret there was inflated, not negative.
  int checked = 0;
  for (const auto& [key, seeds] : periods_) {
    if (key.first != "gradual" || key.second == "oracle") continue;
    for (const auto& [seed, series] : seeds)
      for (const auto& [period, row] : series) {
        EXPECT_GT(number(row, "oracle_auc") - number(row, "auc"), 0.0)
            << key.second << " world " << seed << " period " << period;
        ++checked;
      }
  }
  EXPECT_EQ(checked, 2 * 5 * 13);  // iu and bu-3, 5 worlds, periods 12-24
}

TEST_F(Signatures, AFeedbackLoopNarrowsExposure) {
  // The same 5 worlds with and without the loop (half of each online period's
  // impressions chosen by the served model): per world, the Gini coefficient of
  // the shown items over the catalogue, closed minus open.
  for (const std::string prefix : {"popularity", "iu"}) {
    const std::string closed = method("stationary-closed-loop", prefix);
    const std::string open = method("stationary-open", prefix);
    std::vector<double> rise;
    for (const auto& [seed, row] : summaries_[{"stationary-closed-loop", closed}])
      rise.push_back(number(row, "exposure_gini") -
                     number(summaries_[{"stationary-open", open}].at(seed), "exposure_gini"));
    ASSERT_EQ(rise.size(), 5u);
    const SeedStatistic s = seed_statistic(rise);
    std::printf("%s: exposure Gini closed - open %.4f +- %.4f (95%% t, n = 5 worlds)\n",
                prefix.c_str(), s.mean, s.ci95);
    EXPECT_GT(s.mean, s.ci95) << prefix;
  }
}

TEST_F(Signatures, UnderChurnUpdatesBeatTheFrozenModelOnNewItems) {
  // The cohort of samples whose item is seen for the first time in the period:
  // the frozen model never learned those items, iu has at least their history.
  const SeedStatistic s = paired_difference(summaries_, "churn", method("churn", "iu"),
                                            method("churn", "frozen"), "auc_new_items");
  EXPECT_GT(s.mean, s.ci95);
}

TEST_F(Signatures, UnderAPopularityShiftPopularityIsAFloor) {
  for (const std::string learned : {"iu", "bu-3"}) {
    const SeedStatistic s =
        paired_difference(summaries_, "popularity-shift", method("popularity-shift", learned),
                          method("popularity-shift", "popularity"), "auc");
    EXPECT_GT(s.mean, s.ci95) << learned;
  }
}

TEST_F(Signatures, WithHeterogeneousGroupsApgBeatsASharedModel) {
  const SeedStatistic s = paired_difference(summaries_, "groups", method("groups", "apg"),
                                            method("groups", "iu"), "auc");
  EXPECT_GT(s.mean, s.ci95);
}

}  // namespace
}  // namespace crbench
