// The run-info sidecar: where it lives, a round trip through the file, and a
// foreign file named in the error.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bench/run_info.hpp"
#include "core/errors.hpp"
#include "core/version.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

TEST(RunInfo, SidecarPath) {
  EXPECT_EQ(run_info_path("out/results.csv"), "out/results.runs.csv");
  EXPECT_EQ(run_info_path("results"), "results.runs.csv");
  EXPECT_EQ(run_info_path(".csv"), ".csv.runs.csv");
}

TEST(RunInfo, RowsReadBackAsWritten) {
  const auto dir = test_support::scratch_dir("run_info");
  const std::string results = (dir / "r.csv").string();
  EXPECT_TRUE(read_run_info(results).empty());  // no sidecar: no rows, no error
  RunInfo a = current_run_info();
  EXPECT_EQ(a.crbench_version, crbench_version());
  EXPECT_EQ(a.git_commit, crbench_git_commit());
  EXPECT_EQ(a.started_utc.size(), 20u);  // 2026-12-01T22:10:05Z
  a.cpu_model = "CPU \"X\", 8 cores";    // quotes and commas survive the CSV
  a.threads = 4;
  a.wall_seconds = 12.5;
  a.jobs_run = 10;
  a.jobs_skipped = 2;
  a.jobs_failed = 1;
  a.shard = "0/2";
  a.command = "crbench run --config 'my grid.ini'";
  append_run_info(results, a);
  RunInfo b = a;
  b.shard = "";
  append_run_info(results, b);
  const std::vector<RunInfo> rows = read_run_info(results);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].cpu_model, a.cpu_model);
  EXPECT_EQ(rows[0].command, a.command);
  EXPECT_EQ(rows[0].threads, 4);
  EXPECT_EQ(rows[0].wall_seconds, 12.5);
  EXPECT_EQ(rows[0].jobs_run, 10u);
  EXPECT_EQ(rows[0].jobs_skipped, 2u);
  EXPECT_EQ(rows[0].jobs_failed, 1u);
  EXPECT_EQ(rows[0].shard, "0/2");
  EXPECT_EQ(rows[1].shard, "");
  std::filesystem::remove_all(dir);
}

TEST(RunInfo, AForeignFileIsNamed) {
  const auto dir = test_support::scratch_dir("run_info_bad");
  std::ofstream(dir / "r.runs.csv") << "a,b\n1,2\n";
  try {
    read_run_info((dir / "r.csv").string());
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("r.runs.csv:1"), std::string::npos) << e.what();
  }
  std::ofstream(dir / "r.runs.csv")
      << run_info_header() << "\n2026,1,0.1,abc,Release,cpu,x,2,,1,0,0,c\n";
  try {
    read_run_info((dir / "r.csv").string());
    FAIL() << "no error";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("r.runs.csv:2"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'x'"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace crbench
