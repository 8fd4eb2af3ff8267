// Ranking metrics in results files and leaderboards: the results' ranking cell
// round trip, files of an earlier crbench without that column, and the
// leaderboard statistics of a ranking metric (seed statistics, period test
// against the baseline, Holm, regret against the oracle) against values by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "bench/boards.hpp"
#include "bench/leaderboard.hpp"
#include "bench/results.hpp"
#include "core/errors.hpp"
#include "tests/support/handmade_results.hpp"

namespace crbench {
namespace {

namespace fs = std::filesystem;
using test_support::handmade_config;
using test_support::handmade_job;

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("crbench_leaderboard_ranking_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(RankingCell, RoundTrips) {
  RankingResult r;
  r.metrics = {{"recall@10", 0.25}, {"ndcg@10", 0.125}, {"hr@10", NAN}, {"mrr", 1.0 / 3.0}};
  r.users = 40;
  r.eligible_users = 90;
  r.positives = 310;
  r.new_item_positives = 2;
  r.repeat_positives = 7;
  r.candidates = 8000;
  r.seconds = 0.5;
  const std::string cell = ranking_cell(r);
  EXPECT_EQ(cell,
            "recall@10=0.25;ndcg@10=0.125;hr@10=nan;mrr=0.333333333;users=40;eligible_users=90;"
            "positives=310;new_item_positives=2;repeat_positives=7;candidates=8000");
  const RankingResult back = parse_ranking_cell(cell);
  ASSERT_EQ(back.metrics.size(), 4u);
  EXPECT_EQ(back.metrics[1].first, "ndcg@10");
  EXPECT_EQ(back.value("ndcg@10"), 0.125);
  EXPECT_TRUE(std::isnan(back.value("hr@10")));
  EXPECT_EQ(back.users, 40u);
  EXPECT_EQ(back.repeat_positives, 7u);
  EXPECT_EQ(back.candidates, 8000u);
  EXPECT_EQ(ranking_cell(RankingResult{}), "");
  EXPECT_FALSE(parse_ranking_cell("").evaluated());
  EXPECT_THROW(parse_ranking_cell("ndcg@10"), std::invalid_argument);
  // Every row of a job with ranking carries its evaluation time apart.
  const fs::path dir = scratch("cell");
  JobResult job = handmade_job("iu", 1, {0.6});
  job.periods[0].ranking = r;
  {
    ResultsWriter w((dir / "results.csv").string());
    w.write(handmade_config("iu", 1), job);
  }
  const std::vector<ResultsRow> rows = read_results((dir / "results.csv").string());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("ranking"), cell);
  EXPECT_EQ(rows[0].at("ranking_s"), "0.5");
  EXPECT_EQ(rows[1].at("ranking_s"), "0.5");  // the mean over recorded periods
  EXPECT_THROW(parse_ranking_cell("ndcg@10=high"), std::invalid_argument);
}

// A results file whose header and rows lack today's ranking columns, as an
// earlier crbench wrote it: readable (the cells empty), but not appended to.
TEST(RankingCell, ResultsOfAnEarlierCrbenchStayReadable) {
  const fs::path dir = scratch("earlier");
  const fs::path path = dir / "results.csv";
  {
    ResultsWriter w(path.string());
    w.write(handmade_config("iu", 1), handmade_job("iu", 1, {0.6, 0.7}));
  }
  // Remove the ranking columns from every line.
  const std::size_t column = results_column("ranking");
  ASSERT_EQ(results_column("ranking_s"), column + 1);
  std::ifstream in(path);
  std::string line, text;
  while (std::getline(in, line)) {
    std::vector<std::string> fields = split_csv_line(line);
    fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(column),
                 fields.begin() + static_cast<std::ptrdiff_t>(column) + 2);
    std::string joined;
    for (std::size_t k = 0; k < fields.size(); ++k) joined += (k ? "," : "") + csv_field(fields[k]);
    text += joined + "\n";
  }
  in.close();
  std::ofstream(path) << text;
  const std::vector<ResultsRow> rows = read_results(path.string());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("auc"), "0.6");
  EXPECT_EQ(rows[0].at("ranking"), "");
  EXPECT_EQ(rows[2].at("kind"), "summary");
  EXPECT_EQ(rows[2].at("status"), "ok");
  try {
    ResultsWriter w(path.string());
    ADD_FAILURE() << "appended to a file without the ranking column";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("without the column(s) ranking, ranking_s"),
              std::string::npos)
        << e.what();
  }
}

// A job whose recorded periods have AUC 0.6 and these values of every ranking
// metric at K = 10.
JobResult ranked_job(const std::string& method, std::uint64_t seed,
                     const std::vector<double>& values) {
  JobResult r = handmade_job(method, seed, std::vector<double>(values.size(), 0.6));
  for (std::size_t t = 0; t < values.size(); ++t) {
    RankingResult& k = r.periods[t].ranking;
    for (const char* name : {"recall@10", "ndcg@10", "hr@10", "mrr"})
      k.metrics.emplace_back(name, values[t]);
    k.users = 20 + t;
  }
  return r;
}

std::map<std::string, std::map<std::string, std::string>> csv_rows(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split_csv_line(line);
  std::map<std::string, std::map<std::string, std::string>> out;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = split_csv_line(line);
    std::map<std::string, std::string> row;
    for (std::size_t k = 0; k < header.size() && k < fields.size(); ++k) row[header[k]] = fields[k];
    if (row.count("kind") && row["kind"] != "mean") continue;  // per_period.csv: seed rows
    out[row["method"] + (row.count("test_period") ? "/" + row["test_period"] : "")] = row;
  }
  return out;
}

double num(const std::string& s) { return std::stod(s); }

// The NDCG@10 of four recorded periods follows the AUC design of
// tests/cli/leaderboard_statistics_test.cpp (test_support::handmade_design; the
// AUC here is 0.6 everywhere):
//   iu      a_s + b_t, a = 0.58 .. 0.62 (seeds 1..5), b = 0, 0.01, -0.01, 0
//   bu-3    iu + d_s + e_t, d = 0.01 .. 0.05, e = -0.03, -0.01, -0.05, 0.02
//   frozen  iu - 0.05
//   oracle  0.9 in every period (one seed)
// By hand (as there): iu mean 0.60, std 0.0158114, CI [0.580368, 0.619632];
// bu-3 mean 0.6125, per-period differences 0, 0.02, -0.02, 0.05: mean 0.0125, n 4
// with one zero, exact Wilcoxon p 0.75; frozen -0.05 in all 4 periods, p 0.125.
// Holm over the two tests: frozen 2 x 0.125 = 0.25, bu-3 max(0.25, 0.75) = 0.75.
// Regret = 0.9 - mean: iu 0.30, bu-3 0.2875, frozen 0.35.
TEST(LeaderboardRanking, RankingMetricsGetTheStatisticsOfTheAuc) {
  const fs::path dir = scratch("statistics");
  const std::string protocol = std::string(test_support::kHandmadeProtocol) + ";ranking=10";
  {
    ResultsWriter w((dir / "results.csv").string());
    auto config = [&](const std::string& m, std::uint64_t s) {
      return handmade_config(m, s, "hand", test_support::kHandmadeStream, protocol);
    };
    for (std::uint64_t s = 1; s <= 5; ++s) {
      const auto [iu, bu, frozen] = test_support::handmade_design(s);
      w.write(config("iu", s), ranked_job("iu", s, iu));
      w.write(config("bu-3(w=3)", s), ranked_job("bu-3(w=3)", s, bu));
      w.write(config("frozen", s), ranked_job("frozen", s, frozen));
    }
    w.write(config("oracle", 1), ranked_job("oracle", 1, {0.9, 0.9, 0.9, 0.9}));
  }
  const std::vector<StreamResults> streams = collect_results({(dir / "results.csv").string()});
  ASSERT_EQ(streams.size(), 1u);
  auto rows = csv_rows(leaderboard_csv(streams[0]));
  auto& iu = rows["iu"];
  auto& bu = rows["bu-3(w=3)"];
  auto& frozen = rows["frozen"];
  EXPECT_NEAR(num(iu["ndcg@10"]), 0.60, 1e-12);
  EXPECT_NEAR(num(iu["ndcg@10_std"]), 0.0158114, 1e-7);
  EXPECT_NEAR(num(iu["ndcg@10_ci95_low"]), 0.580368, 1e-6);
  EXPECT_NEAR(num(iu["ndcg@10_ci95_high"]), 0.619632, 1e-6);
  EXPECT_EQ(iu["ndcg@10_verdict"], "");  // the baseline is not tested
  EXPECT_NEAR(num(iu["ndcg@10_regret"]), 0.30, 1e-12);
  EXPECT_NEAR(num(bu["ndcg@10"]), 0.6125, 1e-12);
  EXPECT_NEAR(num(bu["ndcg@10_diff_vs_baseline"]), 0.0125, 1e-12);
  EXPECT_EQ(bu["ndcg@10_n_periods_vs_baseline"], "4");
  EXPECT_NEAR(num(bu["ndcg@10_p_periods_vs_baseline"]), 0.75, 1e-12);
  EXPECT_NEAR(num(bu["ndcg@10_p_periods_holm"]), 0.75, 1e-12);
  EXPECT_EQ(bu["ndcg@10_verdict"], "not significant");
  EXPECT_NEAR(num(bu["ndcg@10_regret"]), 0.2875, 1e-12);
  EXPECT_NEAR(num(frozen["ndcg@10_diff_vs_baseline"]), -0.05, 1e-12);
  EXPECT_NEAR(num(frozen["ndcg@10_p_periods_vs_baseline"]), 0.125, 1e-12);
  EXPECT_NEAR(num(frozen["ndcg@10_p_periods_holm"]), 0.25, 1e-12);
  EXPECT_NEAR(num(frozen["ndcg@10_regret"]), 0.35, 1e-12);
  EXPECT_EQ(rows["oracle"]["ndcg@10_verdict"], "");
  EXPECT_EQ(rows["oracle"]["ndcg@10_regret"], "");
  // The mean users ranked per recorded period: 20, 21, 22, 23.
  EXPECT_NEAR(num(iu["ranking_users"]), 21.5, 1e-12);
  // The AUC, equal for all, is tested separately: no difference anywhere.
  EXPECT_NEAR(num(bu["auc_diff_vs_baseline"]), 0.0, 1e-12);

  // per_period.csv: the mean over seeds of each period's value.
  auto periods = csv_rows(per_period_csv(streams[0]));
  EXPECT_NEAR(num(periods["iu/5"]["ndcg@10"]), 0.60, 1e-12);  // a + b_1 averaged
  EXPECT_NEAR(num(periods["iu/6"]["ndcg@10"]), 0.61, 1e-12);
  EXPECT_NEAR(num(periods["bu-3(w=3)/7"]["mrr"]), 0.60 - 0.01 + 0.03 - 0.05, 1e-12);
  EXPECT_EQ(periods["iu/5"]["ranking_users"], "20");

  // leaderboard.md has the ranking table, ranked by NDCG@10 (oracle first).
  const std::string md = leaderboard_md(streams[0]);
  const std::size_t table = md.find("### Ranking metrics");
  ASSERT_NE(table, std::string::npos);
  EXPECT_NE(md.find("| 1 | oracle |", table), std::string::npos);
  EXPECT_NE(md.find("| 2 | bu-3(w=3) |", table), std::string::npos);
}

}  // namespace
}  // namespace crbench
