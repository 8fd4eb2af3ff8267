// Grouping results into boards: settings that differ are never pooled.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "bench/boards.hpp"
#include "core/errors.hpp"
#include "tests/support/handmade_results.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

namespace fs = std::filesystem;
using test_support::handmade_config;
using test_support::handmade_job;

const std::string kSudden20 =
    "name=sim-sudden;source=sudden(periods=8,users=10,t0=20,share=1) seed=1;"
    "labelling=given-label;periods=equal-count:8;samples=800;history=7";
const std::string kSudden12 =
    "name=sim-sudden;source=sudden(periods=8,users=10,t0=12,share=1) seed=1;"
    "labelling=given-label;periods=equal-count:8;samples=800;history=7";
const std::string kBatch128 =
    "pretrain_periods=3;pretrain=batch=256/lr=0.001/epochs=1;update=batch=128/lr=0.001/"
    "epochs=1;recorded=4;model=emb-mlp/d=8/hidden=20-10";
const std::string kAllBatch128 =
    "pretrain_periods=3;pretrain=batch=128/lr=0.001/epochs=1;update=batch=128/lr=0.001/"
    "epochs=1;recorded=4;model=emb-mlp/d=8/hidden=20-10";

TEST(Boards, ParseConfigSplitsTheCanonicalString) {
  const JobConfig c = handmade_config("bu-3(w=3)", 7);
  const ParsedConfig p = parse_config(c.canonical());
  EXPECT_EQ(p.stream, test_support::kHandmadeStream);
  EXPECT_EQ(p.protocol, test_support::kHandmadeProtocol);
  EXPECT_EQ(p.method, "bu-3(w=3)");
  EXPECT_EQ(p.seed, 7u);
  EXPECT_THROW(parse_config("method=iu;seed=1"), std::invalid_argument);
  EXPECT_THROW(parse_config("stream{a};protocol{b};method=iu;seed=x"), std::invalid_argument);
}

TEST(Boards, FlattenSettingNamesNestedValuesByPath) {
  const auto leaves = flatten_setting(
      "source=sudden(t0=16,share=1) seed=1;history=30;update=batch=256/lr=0.001;"
      "model=emb-mlp/d=8;data=../a/b.csv + ../c/d.csv",
      "s.");
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"s.source", "sudden"},   {"s.source.t0", "16"},
      {"s.source.share", "1"},  {"s.source.seed", "1"},
      {"s.history", "30"},      {"s.update.batch", "256"},
      {"s.update.lr", "0.001"}, {"s.model", "emb-mlp"},
      {"s.model.d", "8"},       {"s.data", "../a/b.csv + ../c/d.csv"}};
  EXPECT_EQ(leaves, expected);
}

struct BoardsFile : ::testing::Test {
  void SetUp() override { dir = test_support::scratch_dir("boards"); }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

// Two sudden-drift worlds (t0 = 20 and t0 = 12) under one stream name, and iu run
// with two update batch sizes on another: four boards, never one row with "2 seeds".
TEST_F(BoardsFile, TwoSettingsOfOneStreamNeverMerge) {
  const std::string path = (dir / "r.csv").string();
  {
    ResultsWriter w(path);
    w.write(handmade_config("iu", 1, "sim-sudden", kSudden20), handmade_job("iu", 1, {0.60, 0.61}));
    w.write(handmade_config("iu", 1, "sim-sudden", kSudden12), handmade_job("iu", 1, {0.70, 0.71}));
    w.write(handmade_config("iu", 1, "hand"), handmade_job("iu", 1, {0.5, 0.6}));
    w.write(handmade_config("iu", 1, "hand", test_support::kHandmadeStream, kBatch128),
            handmade_job("iu", 1, {0.55, 0.65}));
    w.write(handmade_config("iu", 2, "hand", test_support::kHandmadeStream, kBatch128),
            handmade_job("iu", 2, {0.56, 0.66}));
  }
  const std::vector<StreamResults> streams = collect_results({path});
  ASSERT_EQ(streams.size(), 2u);
  const StreamResults& sudden = streams[1];  // streams in name order
  EXPECT_EQ(sudden.stream, "sim-sudden");
  EXPECT_TRUE(sudden.mixed);
  ASSERT_EQ(sudden.boards.size(), 2u);
  // Labelled by what differs, in numeric order.
  EXPECT_EQ(sudden.boards[0].label, "t0=12");
  EXPECT_EQ(sudden.boards[1].label, "t0=20");
  EXPECT_EQ(sudden.boards[0].jobs.size(), 1u);
  EXPECT_DOUBLE_EQ(sudden.boards[0].jobs[0].periods[0].metrics.auc, 0.70);
  EXPECT_DOUBLE_EQ(sudden.boards[1].jobs[0].periods[0].metrics.auc, 0.60);

  const StreamResults& hand = streams[0];
  EXPECT_TRUE(hand.mixed);
  ASSERT_EQ(hand.boards.size(), 2u);
  EXPECT_EQ(hand.boards[0].label, "batch=128");
  EXPECT_EQ(hand.boards[0].jobs.size(), 2u);  // seeds 1 and 2 of one setting: pooled
  EXPECT_EQ(hand.boards[1].label, "batch=256");
  EXPECT_EQ(hand.boards[1].jobs.size(), 1u);
}

// When both batch sizes differ, the labels need the path to tell them apart.
TEST_F(BoardsFile, AmbiguousKeysAreLabelledByTheirPath) {
  const std::string path = (dir / "r.csv").string();
  {
    ResultsWriter w(path);
    w.write(handmade_config("iu", 1), handmade_job("iu", 1, {0.5, 0.6}));
    w.write(handmade_config("iu", 1, "hand", test_support::kHandmadeStream, kAllBatch128),
            handmade_job("iu", 1, {0.5, 0.6}));
  }
  const std::vector<StreamResults> streams = collect_results({path});
  ASSERT_EQ(streams[0].boards.size(), 2u);
  EXPECT_EQ(streams[0].boards[0].label, "pretrain.batch=128,update.batch=128");
  EXPECT_EQ(streams[0].boards[1].label, "pretrain.batch=256,update.batch=256");
}

// A plain sweep (the grid's variant column) is not a mix: labelled by the variant.
TEST_F(BoardsFile, ASweepIsLabelledByItsVariant) {
  const std::string path = (dir / "r.csv").string();
  {
    ResultsWriter w(path);
    JobConfig a = handmade_config("iu", 1, "sim-sudden", kSudden20);
    a.variant = "t0=20";
    JobConfig b = handmade_config("iu", 1, "sim-sudden", kSudden12);
    b.variant = "t0=12";
    w.write(a, handmade_job("iu", 1, {0.6}));
    w.write(b, handmade_job("iu", 1, {0.7}));
  }
  const StreamResults s = collect_results({path})[0];
  EXPECT_FALSE(s.mixed);
  ASSERT_EQ(s.boards.size(), 2u);
  EXPECT_EQ(s.boards[0].label, "t0=12");
  EXPECT_EQ(s.boards[1].label, "t0=20");
}

TEST_F(BoardsFile, AnUnreadableConfigNamesTheFileAndJob) {
  const std::string path = (dir / "r.csv").string();
  {
    ResultsWriter w(path);
    w.write(handmade_config("iu", 1), handmade_job("iu", 1, {0.6}));
  }
  // The config column's seed, as a hand edit might leave it.
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (std::size_t p; (p = text.find(";seed=1\"")) != std::string::npos;)
    text.replace(p, 8, ";seed=one\"");
  std::ofstream(path) << text;
  try {
    collect_results({path});
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("config column"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace crbench
