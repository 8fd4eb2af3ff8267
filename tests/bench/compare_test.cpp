// `crbench compare`'s engine on hand-made results: identical runs, a method
// that moved (its change and paired test worked out by hand), settings that
// differ, and seeds only one file ran.
#include <gtest/gtest.h>

#include <filesystem>

#include "bench/compare.hpp"
#include "core/errors.hpp"
#include "tests/support/handmade_results.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

namespace fs = std::filesystem;
using test_support::handmade_config;
using test_support::handmade_job;

const std::string kBatch128 =
    "pretrain_periods=3;pretrain=batch=256/lr=0.001/epochs=1;update=batch=128/lr=0.001/"
    "epochs=1;recorded=4;model=emb-mlp/d=8/hidden=20-10";

struct CompareFiles : ::testing::Test {
  void SetUp() override { dir = test_support::scratch_dir("compare"); }
  void TearDown() override { fs::remove_all(dir); }
  std::vector<StreamResults> write(const std::string& name,
                                   const std::vector<std::pair<JobConfig, JobResult>>& jobs) {
    const std::string path = (dir / name).string();
    {
      ResultsWriter w(path);
      for (const auto& [config, job] : jobs) w.write(config, job);
    }
    return collect_results({path});
  }
  fs::path dir;
};

const MethodMove& move_of(const BoardComparison& b, const std::string& method) {
  for (const MethodMove& m : b.methods)
    if (m.method == method) return m;
  throw std::runtime_error("no " + method);
}

TEST_F(CompareFiles, WhatMovedMethodByMethod) {
  const auto a =
      write("a.csv", {{handmade_config("iu", 1), handmade_job("iu", 1, {0.6, 0.6, 0.6, 0.6})},
                      {handmade_config("bu", 1), handmade_job("bu", 1, {0.5, 0.5, 0.5, 0.5})}});
  const auto b =
      write("b.csv", {{handmade_config("iu", 1), handmade_job("iu", 1, {0.6, 0.6, 0.6, 0.6})},
                      {handmade_config("bu", 1), handmade_job("bu", 1, {0.6, 0.7, 0.6, 0.7})},
                      {handmade_config("spmf", 1), handmade_job("spmf", 1, {0.5, 0.5, 0.5, 0.5})}});
  const ResultsComparison c = compare_results(a, b, false);
  ASSERT_EQ(c.boards.size(), 1u);
  EXPECT_TRUE(c.setting_differences.empty());
  const MethodMove& iu = move_of(c.boards[0], "iu");
  EXPECT_TRUE(iu.identical);
  EXPECT_DOUBLE_EQ(iu.auc_b - iu.auc_a, 0.0);
  const MethodMove& bu = move_of(c.boards[0], "bu");
  EXPECT_FALSE(bu.identical);
  // A: mean 0.5; B: (0.6 + 0.7 + 0.6 + 0.7) / 4 = 0.65; per-period differences
  // 0.1, 0.2, 0.1, 0.2 are all positive: W+ = 10 of 4 periods, exact two-sided
  // p = 2 / 2^4 = 0.125.
  EXPECT_NEAR(bu.auc_a, 0.5, 1e-12);
  EXPECT_NEAR(bu.auc_b, 0.65, 1e-12);
  EXPECT_EQ(bu.periods.n, 4u);
  EXPECT_NEAR(bu.periods.p_value, 0.125, 1e-12);
  // Holm over the methods that moved: iu's differences are all zero (no test),
  // so m = 1 and bu's p stays 0.125.
  EXPECT_NEAR(bu.holm, 0.125, 1e-12);
  EXPECT_TRUE(std::isnan(iu.holm));
  const MethodMove& spmf = move_of(c.boards[0], "spmf");
  EXPECT_FALSE(spmf.in_a);
  EXPECT_TRUE(spmf.in_b);
  const std::string md = comparison_markdown(c, "a.csv", "b.csv");
  EXPECT_NE(md.find("1 of 2 methods gave identical"), std::string::npos) << md;
  EXPECT_NE(md.find("| spmf | only in B |"), std::string::npos) << md;
  EXPECT_NE(md.find("+0.1500"), std::string::npos) << md;
  const std::string csv = comparison_table(c).csv();
  EXPECT_NE(csv.find("hand,,bu,1,1,1,0,0.5,0.65,0.15,4,0.125,0.125,"), std::string::npos) << csv;
}

TEST_F(CompareFiles, DifferentSettingsAreRefusedUnlessAllowed) {
  const auto a = write("a.csv", {{handmade_config("iu", 1), handmade_job("iu", 1, {0.6, 0.6})}});
  const auto b =
      write("b.csv", {{handmade_config("iu", 1, "hand", test_support::kHandmadeStream, kBatch128),
                       handmade_job("iu", 1, {0.7, 0.7})}});
  try {
    compare_results(a, b, false);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("batch=256 in A, batch=128 in B"), std::string::npos)
        << e.what();
  }
  const ResultsComparison c = compare_results(a, b, true);
  ASSERT_EQ(c.boards.size(), 1u);
  EXPECT_EQ(c.boards[0].setting_note, "batch=256 in A, batch=128 in B");
  EXPECT_NEAR(move_of(c.boards[0], "iu").auc_b, 0.7, 1e-12);
}

TEST_F(CompareFiles, OnlyTheSeedsBothRanAreCompared) {
  const auto a = write("a.csv", {{handmade_config("iu", 1), handmade_job("iu", 1, {0.6, 0.6})},
                                 {handmade_config("iu", 2), handmade_job("iu", 2, {0.8, 0.8})}});
  const auto b = write("b.csv", {{handmade_config("iu", 1), handmade_job("iu", 1, {0.6, 0.6})}});
  const ResultsComparison c = compare_results(a, b, false);
  const MethodMove& iu = move_of(c.boards[0], "iu");
  EXPECT_EQ(iu.seeds, 1u);
  EXPECT_NEAR(iu.auc_a, 0.6, 1e-12);  // seed 2's 0.8 left out
  EXPECT_TRUE(iu.identical);
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_NE(c.notes[0].find("ran 2 seeds in A and 1 in B"), std::string::npos) << c.notes[0];
}

}  // namespace
}  // namespace crbench
