// Test helper: the small grid the leaderboard CLI tests share (a swept simulated
// stream with two boards and a flat one; iu, bu-3, frozen and the oracle, 3
// seeds), run into DIR/results.csv with its leaderboard in DIR/out.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench/results.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench::test_support {

inline const char* kSmallLeaderboardGrid = R"(methods = iu,bu-3,frozen,oracle
seeds = 1,2,3
pretrain-periods = 4
pretrain-epochs = 1
batch-size = 128
test-periods = 2
[stream.sweep]
scenario = sudden(periods=8,t0=6,samples_per_period=400,users=80,items=120,share=0|1)
[stream.flat]
scenario = stationary(periods=8,samples_per_period=400,users=80,items=120)
)";

// `leaderboard_args`: extra options of `crbench leaderboard` (e.g. --format).
inline void run_small_leaderboard(const std::filesystem::path& dir,
                                  const std::string& leaderboard_args) {
  std::ofstream(dir / "grid.ini") << kSmallLeaderboardGrid;
  const std::string results = (dir / "results.csv").string();
  const auto run =
      run_crbench("run --config " + (dir / "grid.ini").string() + " --quiet --results " + results);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto board = run_crbench("leaderboard --results " + results + " --out " +
                                 (dir / "out").string() + " " + leaderboard_args);
  ASSERT_EQ(board.exit_code, 0) << board.output;
}

// A CSV file the leaderboard wrote, as rows of fields (no field holds a newline).
inline std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) rows.push_back(split_csv_line(line));
  return rows;
}

}  // namespace crbench::test_support
