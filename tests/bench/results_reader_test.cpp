// The results reader refuses values the writer cannot have written, reports job
// blocks cut short instead of dropping them silently, reads files of an older
// column set, and carries a period with one label class through as unscorable.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/boards.hpp"
#include "bench/results.hpp"
#include "bench/summary.hpp"
#include "core/errors.hpp"
#include "tests/support/handmade_results.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

namespace fs = std::filesystem;
using test_support::handmade_config;
using test_support::handmade_job;

fs::path scratch() {
  static const fs::path dir = test_support::scratch_dir("results_reader");
  return dir;
}

std::vector<std::string> lines_of(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

void write_lines(const fs::path& path, const std::vector<std::string>& lines, bool last_newline) {
  std::ofstream out(path, std::ios::trunc);
  for (std::size_t i = 0; i < lines.size(); ++i)
    out << lines[i] << (i + 1 < lines.size() || last_newline ? "\n" : "");
}

// Rewrites the file without the columns `columns` (header indices), as a file
// of an older crbench that lacked them; returns its lines.
std::vector<std::string> drop_columns(const fs::path& path, std::vector<std::size_t> columns) {
  std::sort(columns.rbegin(), columns.rend());  // erase from the back so indices stay valid
  std::vector<std::string> lines;
  for (const std::string& line : lines_of(path)) {
    std::vector<std::string> fields = split_csv_line(line);
    for (const std::size_t c : columns)
      fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(c));
    std::string joined;
    for (const std::string& f : fields) joined += (joined.empty() ? "" : ",") + csv_field(f);
    lines.push_back(joined);
  }
  write_lines(path, lines, true);
  return lines;
}

// Appending to the file is refused with a message containing `text`.
void expect_append_refused(const fs::path& path, const std::string& text) {
  try {
    ResultsWriter writer(path.string());
    ADD_FAILURE() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos) << e.what();
  }
}

// Two jobs of 3 recorded periods each: header, 4 rows, 4 rows.
fs::path two_jobs(const std::string& name) {
  const fs::path path = scratch() / name;
  fs::remove(path);
  ResultsWriter writer(path.string());
  writer.write(handmade_config("iu", 1), handmade_job("iu", 1, {0.7, 0.71, 0.72}));
  writer.write(handmade_config("frozen", 1), handmade_job("frozen", 1, {0.6, 0.61, 0.62}));
  return path;
}

// Line `line` (1-based) with column `column` set to `value`.
fs::path with_value(const std::string& name, std::size_t line, const std::string& column,
                    const std::string& value) {
  const fs::path path = two_jobs(name);
  std::vector<std::string> lines = lines_of(path);
  std::vector<std::string> fields = split_csv_line(lines[line - 1]);
  fields[results_column(column)] = value;
  std::string joined;
  for (const std::string& f : fields) joined += (joined.empty() ? "" : ",") + csv_field(f);
  lines[line - 1] = joined;
  write_lines(path, lines, true);
  return path;
}

void expect_refused(const fs::path& path, const std::string& part) {
  try {
    read_results(path.string());
    ADD_FAILURE() << "expected DataError for " << part;
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(path.string() + part), std::string::npos) << e.what();
  }
}

TEST(ResultsReader, RefusesValuesTheWriterCannotHaveWritten) {
  expect_refused(with_value("auc.csv", 2, "auc", "abc"),
                 ":2: column auc: \"abc\" is not a number in [0, 1]");
  expect_refused(with_value("auc2.csv", 3, "auc", "1.5"),
                 ":3: column auc: \"1.5\" is not a number");
  expect_refused(with_value("period.csv", 3, "test_period", "-5"),
                 ":3: column test_period: \"-5\" is not a period number");
  expect_refused(with_value("zero.csv", 3, "test_period", "0"), ":3: column test_period");
  expect_refused(with_value("seed.csv", 6, "seed", "x"), ":6: column seed: \"x\"");
  expect_refused(with_value("kind.csv", 6, "kind", "total"), ":6: column kind");
  expect_refused(with_value("loss.csv", 2, "log_loss", "-1"), ":2: column log_loss");
  expect_refused(with_value("status.csv", 5, "status", "fine"), ":5: column status");
  expect_refused(with_value("hash.csv", 2, "job_hash", "xyz"), ":2: column job_hash");
  // nan is what the writer writes for an undefined metric: read as such.
  const std::vector<ResultsRow> rows =
      read_results(with_value("nan.csv", 2, "auc", "nan").string());
  EXPECT_EQ(rows.at(0).at("auc"), "nan");
}

TEST(ResultsReader, ReportsJobBlocksWithoutASummaryRow) {
  const fs::path path = two_jobs("incomplete.csv");
  std::vector<std::string> lines = lines_of(path);
  // A third job's first two period rows without its summary row (an edited file,
  // or a copy made while the job was being written).
  std::vector<std::string> cut = lines;
  cut.push_back("00000000000000ff" + lines[1].substr(16));
  cut.push_back(cut.back());
  write_lines(path, cut, true);
  std::vector<IncompleteJob> incomplete;
  const std::vector<ResultsRow> rows = read_results(path.string(), &incomplete);
  EXPECT_EQ(rows.size(), 8u);  // the two whole jobs
  ASSERT_EQ(incomplete.size(), 1u);
  EXPECT_EQ(incomplete[0].hash, "00000000000000ff");
  EXPECT_EQ(incomplete[0].line, 10u);
  EXPECT_EQ(incomplete[0].rows, 2u);

  const auto o = test_support::run_crbench("leaderboard --no-html --results " + path.string() +
                                           " --out " + (scratch() / "board").string());
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_NE(o.output.find(path.string() + ":10: job 00000000000000ff has no summary row"),
            std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("left out"), std::string::npos) << o.output;
}

TEST(ResultsReader, TheLeaderboardRefusesABadValueNamingFileLineAndColumn) {
  const fs::path path = with_value("cli.csv", 3, "test_period", "-5");
  const auto o = test_support::run_crbench("leaderboard --no-html --results " + path.string() +
                                           " --out " + (scratch() / "bad").string());
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find(path.string() + ":3: column test_period: \"-5\""), std::string::npos)
      << o.output;
}

// A file written before job_peak_mb existed: read (the column empty), but not
// appended to, since its rows would then have two shapes.
TEST(ResultsReader, ReadsAnOlderColumnSetButDoesNotAppendToIt) {
  const fs::path path = two_jobs("older.csv");
  drop_columns(path, {results_column("job_peak_mb")});
  const std::vector<ResultsRow> rows = read_results(path.string());
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_EQ(rows[3].at("job_peak_mb"), "");
  EXPECT_EQ(rows[3].at("status"), "ok");
  EXPECT_EQ(rows[3].at("kind"), "summary");
  expect_append_refused(path, "older crbench");
}

// A file from before both job_peak_mb and the ranking columns (added separately,
// so a file may lack any of them): read with all three empty, and the refusal to
// append names each missing column.
TEST(ResultsReader, ReadsAFileFromBeforeJobPeakAndRankingColumns) {
  const fs::path path = two_jobs("oldest.csv");
  const std::vector<std::string> lines = drop_columns(
      path,
      {results_column("job_peak_mb"), results_column("ranking"), results_column("ranking_s")});
  ASSERT_EQ(split_csv_line(lines[0]).size(), split_csv_line(results_header()).size() - 3);
  const std::vector<ResultsRow> rows = read_results(path.string());
  ASSERT_EQ(rows.size(), 8u);
  for (const ResultsRow& row : rows) {
    EXPECT_EQ(row.at("job_peak_mb"), "");
    EXPECT_EQ(row.at("ranking"), "");
    EXPECT_EQ(row.at("ranking_s"), "");
    EXPECT_FALSE(row.at("status").empty());
  }
  EXPECT_EQ(rows[3].at("kind"), "summary");
  EXPECT_EQ(rows[3].at("status"), "ok");
  expect_append_refused(path, "without the column(s) job_peak_mb, ranking, ranking_s");
}

// A file from before the cohort, exposure and recovery columns (the last 13 of
// the header, added apart from the ranking columns): read with each of them
// empty and every earlier cell where it was, and not appended to.
TEST(ResultsReader, ReadsAFileFromBeforeTheCohortAndRecoveryColumns) {
  const fs::path path = two_jobs("before_cohorts.csv");
  const std::vector<ResultsRow> full = read_results(path.string());
  const std::size_t first = results_column("auc_new_users");
  const std::size_t columns = split_csv_line(results_header()).size();
  ASSERT_EQ(columns - first, 13u);
  std::vector<std::size_t> later;
  for (std::size_t c = first; c < columns; ++c) later.push_back(c);
  drop_columns(path, later);
  const std::vector<ResultsRow> rows = read_results(path.string());
  ASSERT_EQ(rows.size(), full.size());
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < first; ++c) EXPECT_EQ(rows[r].fields[c], full[r].fields[c]);
    for (std::size_t c = first; c < columns; ++c) EXPECT_EQ(rows[r].fields[c], "");
  }
  EXPECT_EQ(rows[3].at("kind"), "summary");
  EXPECT_EQ(rows[3].at("status"), "ok");
  expect_append_refused(path, "without the column(s) auc_new_users, auc_new_items");
}

// A ranking cell the writer cannot have written is refused with file, line and column.
TEST(ResultsReader, RefusesAMalformedRankingCell) {
  for (const char* cell : {"recall@10=high", "recall@10=1.5", "users=-3", "users=2.5", "x"}) {
    const fs::path path = with_value("ranking.csv", 2, "ranking", cell);
    try {
      read_results(path.string());
      ADD_FAILURE() << "accepted ranking cell " << cell;
    } catch (const DataError& e) {
      EXPECT_NE(std::string(e.what()).find(":2: column ranking:"), std::string::npos) << e.what();
    }
  }
}

// A period whose labels are all 1 has no AUC: written as unscorable with the
// reason, read back as such, left out of the AUC mean (over the other periods) and
// flagged, not turned into a NaN mean.
TEST(ResultsReader, AnUnscorablePeriodIsWrittenReadAndLeftOutVisibly) {
  const fs::path path = scratch() / "unscorable.csv";
  fs::remove(path);
  JobResult job = handmade_job("iu", 1, {0.70, NAN, 0.74, 0.76});
  job.periods[1].unscorable = true;
  job.periods[1].metrics.positive_rate = 1.0;
  job.periods[1].metrics.gauc = NAN;
  {
    ResultsWriter writer(path.string());
    writer.write(handmade_config("iu", 1), job);
  }
  const std::vector<ResultsRow> rows = read_results(path.string());
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[1].at("status"), "unscorable");
  EXPECT_EQ(rows[1].at("auc"), "nan");
  EXPECT_EQ(rows[1].at("error"), "one label class: AUC and GAUC undefined (all labels 1)");
  EXPECT_EQ(rows[4].at("error"),
            "AUC and GAUC over 3 of 4 recorded periods (1 with one label class)");
  // (0.70 + 0.74 + 0.76) / 3 = 0.7333...
  EXPECT_NEAR(std::stod(rows[4].at("auc")), 2.2 / 3.0, 1e-8);

  const std::vector<StreamResults> streams = collect_results({path.string()});
  ASSERT_EQ(streams.size(), 1u);
  const JobResult& read = streams[0].boards.at(0).jobs.at(0);
  EXPECT_TRUE(read.periods[1].unscorable);
  EXPECT_FALSE(read.periods[0].unscorable);
  EXPECT_EQ(read.periods[1].cost.note, "");  // the writer's words are no update note
  const BoardSummary board = summarise_board(streams[0].boards[0].jobs);
  ASSERT_EQ(board.methods.size(), 1u);
  EXPECT_EQ(board.methods[0].unscorable_periods, 1u);
  EXPECT_EQ(board.methods[0].noted_periods, 0u);
  EXPECT_NEAR(board.methods[0].auc.mean, 2.2 / 3.0, 1e-8);
}

}  // namespace
}  // namespace crbench
