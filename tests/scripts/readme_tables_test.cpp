// README.md's leaderboard tables are what scripts/readme_tables.py generates from
// the committed reports: words match numbers.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "tests/support/build_paths.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

namespace fs = std::filesystem;
using test_support::run_crbench_shell;

const fs::path kSource = CRBENCH_SOURCE_DIR;

std::string python() { return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; }

test_support::Outcome readme_tables(const fs::path& readme, const std::string& flags) {
  return run_crbench_shell(python() + " " + (kSource / "scripts" / "readme_tables.py").string() +
                           " --readme " + readme.string() + " --reports " +
                           (kSource / "reports" / "default").string() + " " + flags);
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(ReadmeTables, TheCommittedReadmeMatchesTheCommittedReports) {
  const auto o = readme_tables(kSource / "README.md", "--check");
  EXPECT_EQ(o.exit_code, 0) << o.output;
  // The README has the three generated tables.
  const std::string readme = slurp(kSource / "README.md");
  for (const char* marker : {"<!-- table:ml-latest-small -->", "<!-- table:sim-incremental -->",
                             "<!-- table:ranking -->"})
    EXPECT_NE(readme.find(marker), std::string::npos) << marker;
}

struct ReadmeCopy : ::testing::Test {
  void SetUp() override {
    dir = test_support::scratch_dir("readme_tables");
    fs::copy_file(kSource / "README.md", dir / "README.md");
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

// A number edited by hand inside a table is found, named, and regenerated.
TEST_F(ReadmeCopy, AnEditedTableFailsTheCheckAndIsRegenerated) {
  const std::string original = slurp(dir / "README.md");
  const std::size_t table = original.find("<!-- table:sim-incremental -->");
  ASSERT_NE(table, std::string::npos);
  const std::size_t cell = original.find("| 1 | oracle | ", table);
  ASSERT_NE(cell, std::string::npos);
  std::string edited = original;
  edited.insert(cell + 16, "9");  // oracle's mean AUC 0.8059 becomes 09.8059
  std::ofstream(dir / "README.md") << edited;
  auto o = readme_tables(dir / "README.md", "--check");
  EXPECT_EQ(o.exit_code, 1) << o.output;
  EXPECT_NE(o.output.find("sim-incremental"), std::string::npos) << o.output;
  EXPECT_EQ(o.output.find("ml-latest-small"), std::string::npos) << o.output;
  o = readme_tables(dir / "README.md", "");
  EXPECT_EQ(o.exit_code, 0) << o.output;
  EXPECT_EQ(slurp(dir / "README.md"), original);
}

TEST_F(ReadmeCopy, AMarkerWithoutReportsOrEndIsAnErrorWithItsLine) {
  std::ofstream(dir / "README.md") << "# x\n\n<!-- table:no-such-stream -->\n<!-- /table -->\n";
  auto o = readme_tables(dir / "README.md", "--check");
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("README.md:3:"), std::string::npos) << o.output;
  std::ofstream(dir / "README.md") << "<!-- table:ranking -->\n| stale |\n";
  o = readme_tables(dir / "README.md", "--check");
  EXPECT_EQ(o.exit_code, 2) << o.output;
  EXPECT_NE(o.output.find("has no <!-- /table -->"), std::string::npos) << o.output;
}

}  // namespace
}  // namespace crbench
