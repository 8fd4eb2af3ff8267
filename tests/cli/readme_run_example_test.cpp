// The README's `crbench run` example (the block after <!-- example:run -->) must
// run exactly the default grid's ml-latest-small jobs: the same stream, protocol
// settings, methods and seeds, so the same job hashes. `crbench run` defaults to
// the reference's batch of 1024; the grid uses 256.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "bench/grid_config.hpp"
#include "bench/results.hpp"
#include "bench/stream_options.hpp"
#include "methods/registry.hpp"
#include "tests/support/build_paths.hpp"
#include "tests/support/parse_run_options.hpp"

namespace crbench {
namespace {

namespace fs = std::filesystem;

// The arguments of the command in the first fenced block after the marker:
// lines joined at trailing backslashes, split at spaces outside single quotes.
std::vector<std::string> readme_example_args() {
  std::ifstream in(std::string(CRBENCH_SOURCE_DIR) + "/README.md");
  std::ostringstream text;
  text << in.rdbuf();
  const std::string readme = text.str();
  const std::size_t marker = readme.find("<!-- example:run -->");
  EXPECT_NE(marker, std::string::npos);
  const std::size_t begin = readme.find("```sh\n", marker) + 6;
  const std::string block = readme.substr(begin, readme.find("```", begin) - begin);
  std::vector<std::string> args(1);
  bool quoted = false;
  for (std::size_t i = 0; i < block.size(); ++i) {
    const char c = block[i];
    if (c == '\'') {
      quoted = !quoted;
    } else if (c == '\\' && i + 1 < block.size() && block[i + 1] == '\n') {
      ++i;
    } else if ((c == ' ' || c == '\n') && !quoted) {
      if (!args.back().empty()) args.emplace_back();
    } else {
      args.back() += c;
    }
  }
  if (args.back().empty()) args.pop_back();
  return args;
}

std::set<std::string> canonical(const std::string& methods) {
  std::set<std::string> out;
  for (const std::string& m : expand_methods(methods, false))
    out.insert(MethodRegistry::global().canonical(m));
  return out;
}

TEST(ReadmeRunExample, RunsTheDefaultGridsMovieLensJobs) {
  std::vector<std::string> args = readme_example_args();
  ASSERT_GE(args.size(), 3u);
  EXPECT_EQ(fs::path(args[0]).filename(), "crbench");
  EXPECT_EQ(args[1], "run");
  args.erase(args.begin(), args.begin() + 2);
  StreamRunOptions example = test_support::parse_run_options(args);
  // README paths are relative to the checkout.
  for (std::string* file : {&example.data.path, &example.data.genres})
    *file = (fs::path(CRBENCH_SOURCE_DIR) / *file).lexically_normal().string();

  GridStreamSpec grid;
  for (const GridStreamSpec& spec :
       read_grid_config(std::string(CRBENCH_SOURCE_DIR) + "/bench/grids/default.ini", {}))
    if (spec.name == "ml-latest-small") grid = spec;
  ASSERT_EQ(grid.name, "ml-latest-small");

  EXPECT_EQ(describe_protocol(example.protocol), describe_protocol(grid.options.protocol));
  EXPECT_EQ(canonical(example.methods), canonical(grid.options.methods));
  EXPECT_EQ(parse_seed_list(example.seeds), parse_seed_list(grid.options.seeds));
  const int min_periods = grid.options.protocol.pretrain_periods + 2;
  EXPECT_EQ(describe_stream(load_dataset(example.data, min_periods)),
            describe_stream(load_dataset(grid.options.data, min_periods)));
  // And the reason the example spells the batch out: the command line's default differs.
  EXPECT_NE(ProtocolSettings{}.batch_size, grid.options.protocol.batch_size);
}

}  // namespace
}  // namespace crbench
