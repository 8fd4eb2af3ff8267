// The leaderboard's machine-readable tables from hand-made jobs: per_period's
// mean and per-seed rows of every metric, leaderboard's family column, the JSON
// form, settings.json's boards, and shortened method names.
#include <gtest/gtest.h>

#include <filesystem>

#include "bench/leaderboard.hpp"
#include "bench/leaderboard_settings.hpp"
#include "bench/leaderboard_table.hpp"
#include "tests/support/handmade_results.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

namespace fs = std::filesystem;
using test_support::handmade_config;
using test_support::handmade_job;

// Two seeds of iu with regret (the oracle's AUC 0.9 in every period), one of frozen.
std::vector<StreamResults> handmade_streams(const fs::path& dir) {
  const std::string path = (dir / "r.csv").string();
  {
    ResultsWriter w(path);
    JobResult a = handmade_job("iu", 1, {0.60, 0.70}), b = handmade_job("iu", 2, {0.64, 0.66});
    for (JobResult* j : {&a, &b})
      for (PeriodResult& p : j->periods) p.oracle = {0.9, 0.5, NAN, 100, NAN};
    a.periods[0].metrics.log_loss = 0.60;  // the other log losses stay 0.69
    w.write(handmade_config("iu", 1), a);
    w.write(handmade_config("iu", 2), b);
    w.write(handmade_config("frozen", 1), handmade_job("frozen", 1, {0.55, 0.5}));
  }
  return collect_results({path});
}

TEST(LeaderboardOutputs, PerPeriodHasEveryMetricPerSeedAndTheMean) {
  const auto dir = test_support::scratch_dir("per_period");
  const std::vector<StreamResults> streams = handmade_streams(dir);
  const Table t = per_period_table(streams[0]);
  EXPECT_EQ(t.columns, (std::vector<std::string>{
                           "stream", "variant", "method", "kind", "seed", "test_period", "recorded",
                           "auc", "log_loss", "gauc", "auc_regret", "excess_log_loss", "seeds"}));
  // frozen: 2 mean rows + 2 seed rows; iu: 2 mean rows + 4 seed rows.
  ASSERT_EQ(t.rows.size(), 10u);
  const auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(t.columns.begin(), t.columns.end(), name) -
                                    t.columns.begin());
  };
  const std::vector<Cell>& iu_mean = t.rows[4];  // after frozen's four rows (methods in order)
  EXPECT_EQ(std::get<std::string>(iu_mean[col("method")]), "iu");
  EXPECT_EQ(std::get<std::string>(iu_mean[col("kind")]), "mean");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(iu_mean[col("seed")]));
  EXPECT_EQ(std::get<std::int64_t>(iu_mean[col("test_period")]), 5);  // 0-based 4, written from 1
  // Period 5: AUC (0.60 + 0.64) / 2 = 0.62; regret 0.9 - 0.62 = 0.28; log loss
  // (0.60 + 0.69) / 2 = 0.645, excess 0.645 - 0.5 = 0.145; 2 seeds.
  EXPECT_NEAR(std::get<double>(iu_mean[col("auc")]), 0.62, 1e-9);
  EXPECT_NEAR(std::get<double>(iu_mean[col("auc_regret")]), 0.28, 1e-9);
  EXPECT_NEAR(std::get<double>(iu_mean[col("log_loss")]), 0.645, 1e-9);
  EXPECT_NEAR(std::get<double>(iu_mean[col("excess_log_loss")]), 0.145, 1e-9);
  EXPECT_EQ(std::get<std::int64_t>(iu_mean[col("seeds")]), 2);
  const std::vector<Cell>& iu_seed2 = t.rows[8];  // iu seed 2, period 5
  EXPECT_EQ(std::get<std::string>(iu_seed2[col("kind")]), "seed");
  EXPECT_EQ(std::get<std::int64_t>(iu_seed2[col("seed")]), 2);
  EXPECT_NEAR(std::get<double>(iu_seed2[col("auc")]), 0.64, 1e-9);
  // frozen has no oracle rows here: regret does not exist (empty in the CSV).
  EXPECT_TRUE(std::isnan(std::get<double>(t.rows[0][col("auc_regret")])));
  fs::remove_all(dir);
}

TEST(LeaderboardOutputs, LeaderboardRowsNameTheirFamily) {
  const auto dir = test_support::scratch_dir("leaderboard_family");
  const Table t = leaderboard_table(handmade_streams(dir)[0]);
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.columns[3], "method");
  EXPECT_EQ(t.columns[4], "family");
  EXPECT_EQ(std::get<std::string>(t.rows[0][3]), "iu");  // 0.65 ranks above frozen's 0.525
  EXPECT_EQ(std::get<std::string>(t.rows[0][4]), "retraining");
  EXPECT_EQ(std::get<std::string>(t.rows[1][4]), "floor");
  fs::remove_all(dir);
}

TEST(LeaderboardOutputs, SettingsJsonDescribesTheBoard) {
  const auto dir = test_support::scratch_dir("settings_json");
  const std::vector<StreamResults> streams = handmade_streams(dir);
  const std::string json = leaderboard_settings(streams[0], "iu", {{"r.csv", {}}}).dump(true);
  for (const char* part :
       {"\"stream\":\"hand\"", "\"seeds\":[1,2]", "\"test_periods\":[5,6]",
        "\"recorded_periods\":[5,6]", "\"baseline\":\"iu\"", "[\"pretrain_periods\",\"3\"]",
        "\"scenario\":{\"name\":\"stationary\"", "\"drift\":[]", "\"run_info\":\"r.runs.csv\"",
        "{\"method\":\"frozen\",\"short\":\"frozen\",\"family\":\"floor\"}", "{\"id\":\"floor\""})
    EXPECT_NE(json.find(part), std::string::npos) << part << " in " << json;
  fs::remove_all(dir);
}

TEST(ShortMethodNames, KeepOnlyWhatTellsSpecsApart) {
  EXPECT_EQ(short_method_names({"bu-3(w=3)", "iu", "spmf(frac=0.3,ratio=0.5)"}),
            (std::vector<std::string>{"bu-3", "iu", "spmf"}));
  // A sweep: the registry name plus the swept argument.
  EXPECT_EQ(short_method_names({"bu(w=3,x=1)", "bu(w=5,x=1)", "iu"}),
            (std::vector<std::string>{"bu(w=3)", "bu(w=5)", "iu"}));
  EXPECT_EQ(short_method_names(
                {"asmg-linear(k=3,weighting=linear)", "asmg-linear(k=3,weighting=uniform)"}),
            (std::vector<std::string>{"asmg-linear(weighting=linear)",
                                      "asmg-linear(weighting=uniform)"}));
  EXPECT_EQ(short_method_names({"not a spec (", "iu"}),
            (std::vector<std::string>{"not a spec (", "iu"}));
}

}  // namespace
}  // namespace crbench
