// Grid spec expansion: alternatives "a|b" inside a spec's parentheses.
#include <gtest/gtest.h>

#include "bench/grid_config.hpp"
#include "bench/grid_runner.hpp"
#include "bench/progress.hpp"
#include "core/errors.hpp"
#include "methods/registry.hpp"

namespace crbench {
namespace {

using Expanded = std::vector<std::pair<std::string, std::string>>;

TEST(GridConfig, AlternativesExpandToTheirProductInOrder) {
  EXPECT_EQ(expand_alternatives("bu(w=3|5|7)"),
            (Expanded{{"bu(w=3)", "w=3"}, {"bu(w=5)", "w=5"}, {"bu(w=7)", "w=7"}}));
  EXPECT_EQ(expand_alternatives("x(a=1|2,b=0,c=5|6)"), (Expanded{{"x(a=1,b=0,c=5)", "a=1,c=5"},
                                                                 {"x(a=1,b=0,c=6)", "a=1,c=6"},
                                                                 {"x(a=2,b=0,c=5)", "a=2,c=5"},
                                                                 {"x(a=2,b=0,c=6)", "a=2,c=6"}}));
  EXPECT_EQ(expand_alternatives("iu"), (Expanded{{"iu", ""}}));
  EXPECT_EQ(expand_alternatives("bu(w=3)"), (Expanded{{"bu(w=3)", ""}}));
  EXPECT_THROW(expand_alternatives("bu(w=3|)"), UsageError);
}

TEST(GridConfig, MethodListsExpandAllAndAlternativesOnce) {
  const auto methods = expand_methods("iu,bu(w=2|4),iu", false);
  EXPECT_EQ(methods, (std::vector<std::string>{"iu", "bu(w=2)", "bu(w=4)"}));
  const auto all_real = expand_methods("all", false);
  const auto all_sim = expand_methods("all", true);
  EXPECT_EQ(all_sim.size(), all_real.size() + 1);
  EXPECT_EQ(std::count(all_real.begin(), all_real.end(), "oracle"), 0);
  EXPECT_EQ(std::count(all_sim.begin(), all_sim.end(), "oracle"), 1);
  EXPECT_THROW(expand_methods("nope", false), UsageError);
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
