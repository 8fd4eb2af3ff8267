// Grid expansion: method lists (all, aliases, alternatives), shards, the progress clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench/grid_config.hpp"
#include "bench/grid_runner.hpp"
#include "bench/progress.hpp"
#include "core/errors.hpp"
#include "methods/registry.hpp"
#include "tests/support/build_paths.hpp"

namespace crbench {
namespace {

TEST(GridConfig, MethodListsExpandAllAndAlternativesOnce) {
  const auto methods = expand_methods("iu,bu(w=2|4),iu", false);
  EXPECT_EQ(methods, (std::vector<std::string>{"iu", "bu(w=2)", "bu(w=4)"}));
  const auto all_real = expand_methods("all", false);
  const auto all_sim = expand_methods("all", true);
  // The methods that need ground truth (the oracle) only where a stream has it.
  std::size_t need_truth = 0;
  for (const MethodEntry* e : MethodRegistry::global().entries()) {
    if (!e->needs_ground_truth) continue;
    ++need_truth;
    EXPECT_EQ(std::count(all_real.begin(), all_real.end(), e->name), 0) << e->name;
    EXPECT_EQ(std::count(all_sim.begin(), all_sim.end(), e->name), 1) << e->name;
  }
  EXPECT_EQ(need_truth, 1u);
  EXPECT_TRUE(MethodRegistry::global().find("oracle").needs_ground_truth);
  EXPECT_EQ(all_sim.size(), all_real.size() + need_truth);
  EXPECT_THROW(expand_methods("nope", false), UsageError);
}

// Specs that name the same method (an alias and its target, a default written
// out) are one job.
TEST(GridConfig, MethodListsKeepOneSpecPerCanonicalMethod) {
  EXPECT_EQ(expand_methods("bu,bu-3,bu-3(w=3),bu(w=5)", false),
            (std::vector<std::string>{"bu", "bu(w=5)"}));
}

// `bu` is registered as another name for `bu-3` (same window by default): `all`
// runs that method once, as bu-3, while `bu` still works by name.
TEST(GridConfig, AllSkipsRegistryAliases) {
  const auto all = expand_methods("all", true);
  EXPECT_EQ(std::count(all.begin(), all.end(), "bu-3"), 1);
  EXPECT_EQ(std::count(all.begin(), all.end(), "bu"), 0);
  EXPECT_EQ(std::count(all.begin(), all.end(), "bu-5"), 1);
  EXPECT_EQ(expand_methods("bu", false), (std::vector<std::string>{"bu"}));
  std::size_t non_aliases = 0;
  for (const MethodEntry* e : MethodRegistry::global().entries()) {
    if (!e->alias_of.empty()) {
      EXPECT_EQ(std::count(all.begin(), all.end(), e->name), 0) << e->name;
      continue;
    }
    ++non_aliases;
    EXPECT_EQ(std::count(all.begin(), all.end(), e->name), 1) << e->name;
  }
  EXPECT_EQ(all.size(), non_aliases);
}

// The default grid compares the two Bayesian LR models at equal hash size:
// bayes-lr defaults to 2^16 columns, bayes-lr-full to 2^10, and every stream of
// the grid also runs bayes-lr at 2^10.
TEST(GridConfig, DefaultGridComparesBayesianLrPrecisionsAtEqualHashSize) {
  const std::string path = std::string(CRBENCH_SOURCE_DIR) + "/bench/grids/default.ini";
  const MethodRegistry& registry = MethodRegistry::global();
  for (const GridStreamSpec& spec : read_grid_config(path, {})) {
    std::vector<std::string> canonical;
    for (const std::string& m : expand_methods(spec.options.methods, false))
      canonical.push_back(registry.canonical(m));
    const auto has = [&](const std::string& prefix) {
      return std::count_if(canonical.begin(), canonical.end(), [&](const std::string& c) {
        return c.rfind(prefix, 0) == 0 && c.find("log2_hash_size=10,") != std::string::npos;
      });
    };
    EXPECT_EQ(has("bayes-lr("), 1) << spec.name;
    EXPECT_EQ(has("bayes-lr-full("), 1) << spec.name;
  }
}

// Every committed grid whose streams need no downloaded data (the simulated
// ones and those on the bundled log) passes the whole check a run makes before
// it starts; the paper presets, which name files the user downloads, are
// checked in paper_presets_test.cpp.
TEST(GridConfig, CommittedGridsWithoutDownloadsPassTheRunCheck) {
  namespace fs = std::filesystem;
  std::size_t checked = 0;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(fs::path(CRBENCH_SOURCE_DIR) / "bench" / "grids")) {
    if (entry.path().extension() != ".ini") continue;
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.find("../../data/") != std::string::npos) continue;  // a paper preset
    EXPECT_NO_THROW(read_grid_config(entry.path().string())) << entry.path();
    ++checked;
  }
  EXPECT_GE(checked, 8u);
}

TEST(GridConfig, ShardSpecsAreChecked) {
  std::size_t i = 9, n = 9;
  parse_shard("2/5", i, n);
  EXPECT_EQ(i, 2u);
  EXPECT_EQ(n, 5u);
  for (const char* bad : {"5/5", "1/0", "-1/3", "a/3", "1", "1/", "/3", "1/3x"})
    EXPECT_THROW(parse_shard(bad, i, n), UsageError) << bad;
}

TEST(GridConfig, ProgressClockFormatsDurations) {
  EXPECT_EQ(ProgressLine::clock(0), "0:00");
  EXPECT_EQ(ProgressLine::clock(62.4), "1:02");
  EXPECT_EQ(ProgressLine::clock(3723), "1:02:03");
  EXPECT_EQ(ProgressLine::clock(-1), "?");
}

}  // namespace
}  // namespace crbench
