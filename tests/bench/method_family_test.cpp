// The family table covers every registered method, once, and names nothing
// that is not registered (a renamed method would otherwise lose its colour).
#include <gtest/gtest.h>

#include <map>

#include "bench/method_family.hpp"
#include "methods/registry.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

// The methods crbench itself registers: the names `crbench methods` lists (this
// test binary also registers the README's example method).
std::vector<std::string> registered_by_crbench() {
  const auto listing = test_support::run_crbench("methods");
  std::vector<std::string> names;
  std::size_t begin = 0;
  while (begin < listing.output.size()) {
    const std::size_t end = listing.output.find('\n', begin);
    const std::string line = listing.output.substr(begin, end - begin);
    if (!line.empty() && line[0] != ' ') names.push_back(line.substr(0, line.find(' ')));
    begin = end == std::string::npos ? listing.output.size() : end + 1;
  }
  return names;
}

TEST(MethodFamily, EveryRegisteredMethodHasExactlyOneFamily) {
  std::map<std::string, int> listed;
  for (const MethodFamily& f : method_families())
    for (const std::string& m : f.methods) ++listed[m];
  const std::vector<std::string> names = registered_by_crbench();
  EXPECT_GE(names.size(), 25u);
  for (const std::string& name : names) {
    EXPECT_EQ(listed[name], 1) << name << " is in " << listed[name] << " families";
    EXPECT_NE(family_of(name), "other") << name;
  }
  for (const auto& [name, count] : listed)
    EXPECT_NO_THROW(MethodRegistry::global().find(name)) << name << " is not registered";
}

TEST(MethodFamily, FollowsTheRegistryNameOfASpec) {
  EXPECT_EQ(family_of("asmg-linear(k=3,H=4)"), "meta-learned");
  EXPECT_EQ(family_of("bu-3(w=3)"), "retraining");
  EXPECT_EQ(family_of("oracle"), "reference");
  EXPECT_EQ(family_of("popularity(smoothing=5)"), "floor");
  EXPECT_EQ(family_of("lr-retrain(lambda=1)"), "bayesian");
  EXPECT_EQ(family_of("no-such-method(x=1)"), "other");
}

}  // namespace
}  // namespace crbench
