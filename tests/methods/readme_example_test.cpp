// The README's "Adding a method" example is tests/methods/readme_example_method.cpp,
// compiled into this binary: the README (or a page of docs/ it moved to) must
// show that file verbatim, and the method it registers must work (the method
// contract suite runs it too).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "methods/registry.hpp"
#include "sim/simulator.hpp"
#include "tests/support/build_paths.hpp"
#include "tests/support/run_method.hpp"

namespace crbench {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The bodies of the ```cpp blocks of a Markdown file.
std::vector<std::string> cpp_blocks(const std::string& markdown) {
  std::vector<std::string> blocks;
  const std::string open = "```cpp\n";
  for (std::size_t at = markdown.find(open); at != std::string::npos;
       at = markdown.find(open, at)) {
    const std::size_t begin = at + open.size();
    const std::size_t end = markdown.find("```", begin);
    if (end == std::string::npos) break;
    blocks.push_back(markdown.substr(begin, end - begin));
    at = end + 3;
  }
  return blocks;
}

TEST(ReadmeExample, TheDocsShowTheCompiledFileVerbatim) {
  const fs::path root = CRBENCH_SOURCE_DIR;
  const std::string example = slurp(root / "tests/methods/readme_example_method.cpp");
  ASSERT_FALSE(example.empty());
  std::vector<fs::path> pages = {root / "README.md"};
  if (fs::exists(root / "docs"))
    for (const auto& entry : fs::recursive_directory_iterator(root / "docs"))
      if (entry.path().extension() == ".md") pages.push_back(entry.path());
  bool shown = false;
  for (const fs::path& page : pages)
    for (const std::string& block : cpp_blocks(slurp(page))) shown = shown || block == example;
  EXPECT_TRUE(shown) << "README.md (or docs/) must show tests/methods/readme_example_method.cpp "
                        "verbatim in a ```cpp block";
}

TEST(ReadmeExample, RegistersAMethodThatRuns) {
  EXPECT_EQ(MethodRegistry::global().canonical("my-method"), "my-method(ratio=0.5)");
  EXPECT_THROW(MethodRegistry::global().create("my-method(ratio=1.5)"), UsageError);
  const Stream s = sim::simulate_stream(
      sim::parse_scenario("stationary(periods=13,samples_per_period=300,users=60,items=80)"), 1);
  const test_support::MethodRun run = test_support::run_method(s, "my-method", 1);
  ASSERT_TRUE(run.result.ok) << run.result.error;
  EXPECT_EQ(run.scores.size(), 2u * 300u);
  // On all of D_t it is iu (the same seeds give the same scores); on half of it,
  // it is not.
  const std::vector<float> iu = test_support::run_method(s, "iu", 1).scores;
  EXPECT_TRUE(
      test_support::bit_equal(test_support::run_method(s, "my-method(ratio=1)", 1).scores, iu));
  EXPECT_FALSE(test_support::bit_equal(run.scores, iu));
}

}  // namespace
}  // namespace crbench
