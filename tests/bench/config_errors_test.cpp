// Grid and option files: every error names the file, the line, the [stream.NAME]
// section and quotes what was written; the whole config is checked before any
// data is loaded; a byte-order mark is skipped; size and line length are bounded.
#include <gtest/gtest.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

#include "bench/grid_config.hpp"
#include "bench/ini_file.hpp"
#include "core/errors.hpp"
#include "tests/support/bundled_data.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

namespace fs = std::filesystem;

std::string write_config(const std::string& name, const std::string& text) {
  static const fs::path dir = test_support::scratch_dir("config_errors");
  const fs::path path = dir / name;
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

// Runs `fn`, expecting UsageError or DataError whose message holds every part.
template <class Fn>
void expect_error(Fn&& fn, std::initializer_list<std::string> parts) {
  try {
    fn();
    ADD_FAILURE() << "expected an error, nothing was thrown";
  } catch (const std::runtime_error& e) {  // UsageError, DataError
    const std::string message = e.what();
    for (const std::string& part : parts)
      EXPECT_NE(message.find(part), std::string::npos)
          << "message \"" << message << "\" lacks \"" << part << "\"";
  }
}

const char* kScenario = "scenario = stationary(periods=8,samples_per_period=100)\n";

TEST(ConfigErrors, AMethodErrorNamesFileSectionLineAndWhatWasWritten) {
  const std::string path =
      write_config("methods.ini", std::string("seeds = 1\n[stream.a]\n") + kScenario +
                                      "methods = iu,bu(w=2|fast)\n");
  // The message quotes the list as written, not the expanded spec bu(w=fast).
  expect_error([&] { read_grid_config(path); },
               {path + ":4: [stream.a] methods = \"iu,bu(w=2|fast)\"", "w=fast is not"});
  const std::string unknown =
      write_config("unknown.ini", std::string("methods = iu,nope\n[stream.a]\n") + kScenario);
  expect_error([&] { read_grid_config(unknown); },
               {unknown + ":1: methods = \"iu,nope\"", "unknown method 'nope'"});
}

TEST(ConfigErrors, SeedRangeAndChoiceErrorsNameTheirLine) {
  const std::string seeds =
      write_config("seeds.ini", std::string("[stream.a]\n") + kScenario + "seeds = 1,-1\n");
  expect_error([&] { read_grid_config(seeds); },
               {seeds + ":3: [stream.a] seeds = \"1,-1\"", "'-1' is not a non-negative"});
  const std::string range =
      write_config("range.ini", std::string("batch-size = 0\n[stream.a]\n") + kScenario);
  expect_error([&] { read_grid_config(range); },
               {range + ":1: batch-size = \"0\"", "out of range [1, 1048576]"});
  const std::string threshold =
      write_config("threshold.ini", "[stream.ml]\ndata = x.csv\nrating-threshold = nan\n");
  expect_error([&] { read_grid_config(threshold); },
               {threshold + ":3: [stream.ml] rating-threshold = \"nan\"", "is not a number"});
  const std::string unit =
      write_config("unit.ini", "[stream.ml]\ndata = x.csv\nperiod-unit = year\n");
  expect_error([&] { read_grid_config(unit); }, {unit + ":3: [stream.ml] period-unit = \"year\"",
                                                 "is not one of count, day, week, month"});
}

TEST(ConfigErrors, AScenarioErrorNamesTheScenarioLine) {
  const std::string path =
      write_config("scenario.ini", "seeds = 1\n[stream.s]\nscenario = incremental(rate=3|x)\n");
  expect_error([&] { read_grid_config(path); },
               {path + ":3: [stream.s] scenario = \"incremental(rate=3|x)\"", "rate=x is not"});
  // Settings that only fail together (scenario and data) name the section's line.
  const std::string both = write_config(
      "both.ini", std::string("seeds = 1\n\n[stream.b]\n") + kScenario + "data = x.csv\n");
  expect_error([&] { read_grid_config(both); },
               {both + ":3: [stream.b]", "--scenario and --data name two streams"});
}

TEST(ConfigErrors, StructuralErrorsNameTheirLine) {
  const std::string section = write_config("section.ini", "seeds = 1\n[streams.a]\nx = 1\n");
  expect_error([&] { read_grid_config(section); }, {section + ":2: unknown section [streams.a]"});
  const std::string twice =
      write_config("twice.ini", std::string("[stream.a]\n") + kScenario + "seeds = 1\nseeds = 2\n");
  expect_error([&] { read_grid_config(twice); },
               {twice + ":4: [stream.a] 'seeds' is given twice (first on line 3)"});
  const std::string garbage = write_config("garbage.ini", "seeds = 1\nthis is not a setting\n");
  expect_error([&] { read_ini_file(garbage); },
               {garbage + ":2: not 'key = value' nor '[section]': \"this is not a setting\""});
  const std::string wide =
      write_config("wide.ini", "[stream.a]\nmethods = " + std::string(20000, 'x') + "\n");
  expect_error([&] { read_ini_file(wide); }, {wide + ":2: line longer than 16384 bytes"});
  const std::string big = write_config("big.ini", std::string(2u << 20, '#'));
  expect_error([&] { read_ini_file(big); }, {big + ": the config is larger than 1024 KiB"});
  const std::string nul = write_config("nul.ini", std::string("seeds = 1\n\0\n", 12));
  expect_error([&] { read_ini_file(nul); }, {nul + ":2: a NUL byte"});
  const std::string run_wide =
      write_config("threads.ini", std::string("threads = 2\n[stream.a]\n") + kScenario);
  expect_error([&] { read_grid_config(run_wide); },
               {run_wide + ":1: 'threads' is a command-line option"});
}

TEST(ConfigErrors, AnEmptyConfigIsNamed) {
  const std::string path = write_config("empty.ini", "\n# nothing here\n");
  const boost::program_options::options_description desc;
  expect_error([&] { read_option_file(path, desc); },
               {path + ": the config is empty (no settings and no [stream.NAME] section)"});
  const auto o = test_support::run_crbench("run --config " + path);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find(path + ": the config is empty"), std::string::npos) << o.output;
}

TEST(ConfigErrors, AByteOrderMarkIsSkipped) {
  const std::string grid =
      write_config("bom.ini", std::string("\xEF\xBB\xBFseeds = 3\n[stream.a]\n") + kScenario);
  EXPECT_TRUE(is_grid_config(grid));
  const std::vector<GridStreamSpec> specs = read_grid_config(grid);
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(specs[0].options.seeds, "3");
  const std::string plain = write_config("bom_plain.ini", "\xEF\xBB\xBFseeds = 4\n");
  EXPECT_FALSE(is_grid_config(plain));
  EXPECT_EQ(read_ini_file(plain).entries.at(0).key, "seeds");
}

// A bad setting in the last section is found before the first section's data
// loads: no "N samples" line (printed when a stream has loaded) comes first.
TEST(ConfigErrors, TheWholeConfigIsCheckedBeforeAnyDataLoads) {
  const std::string d = test_support::bundled_dir();
  const std::string path = write_config(
      "late.ini", "seeds = 1\n[stream.ml]\ndata = " + d + "/ratings.csv\ngenres = " + d +
                      "/movies.csv\n[stream.sim]\n" + kScenario + "methods = iu,bu(w=0)\n");
  const auto o = test_support::run_crbench("run --config " + path);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find(path + ":7: [stream.sim] methods = \"iu,bu(w=0)\""), std::string::npos)
      << o.output;
  EXPECT_EQ(o.output.find("samples"), std::string::npos) << o.output;
  // So is a data file that cannot be read.
  const std::string missing =
      write_config("missing.ini", std::string("seeds = 1\n[stream.sim]\n") + kScenario +
                                      "[stream.ml]\ndata = no-such-file.csv\n");
  expect_error([&] { read_grid_config(missing); },
               {missing + ":4: [stream.ml]", "no-such-file.csv: cannot open file"});
}

TEST(ConfigErrors, APlainOptionFileNamesTheLineOfABadSetting) {
  const std::string path = write_config("plain.ini", "seeds = 1\nhistory = 300\n");
  const auto o = test_support::run_crbench("run --config " + path);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find(path + ":2: history = \"300\""), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("out of range [0, 255]"), std::string::npos) << o.output;
}

}  // namespace
}  // namespace crbench
