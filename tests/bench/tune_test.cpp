// `crbench tune` chooses settings on validation data only: a log's pre-training
// periods, other worlds of a simulated scenario. The tests change the test data
// (the labels of a log's test periods; the test seeds of a scenario) and require
// every candidate's validation AUC, and so the choice, to stay bit-identical,
// while a change to the validation data does move them (so the comparison can
// fail).
#include "bench/tune.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "bench/results.hpp"
#include "core/errors.hpp"
#include "core/seeding.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

// A log of 10 equal-count periods of 200 rows, 40 users, 60 items, labels that
// follow a (user + item) parity rule with noise, so the learning rate matters.
// Rows are in time order; `flip_from_period` (0-based) flips every label from
// that period on (the counts, and so the period boundaries, stay the same).
std::string write_log(const std::filesystem::path& dir, const std::string& name,
                      int flip_from_period) {
  const auto path = dir / name;
  std::ofstream out(path);
  out << "user,item,timestamp,label,category\n";
  for (std::uint64_t r = 0; r < 2000; ++r) {
    const int user = static_cast<int>(mix64(3 * r) % 40);
    const int item = static_cast<int>(mix64(3 * r + 1) % 60);
    const bool noise = mix64(3 * r + 2) % 5 == 0;
    int label = ((user + item) % 2 == 0) != noise ? 1 : 0;
    if (static_cast<int>(r / 200) >= flip_from_period) label = 1 - label;
    out << user << "," << item << "," << 1000 + r << "," << label << "," << item % 5 << "\n";
  }
  return path.string();
}

std::string write_grid(const std::filesystem::path& dir, const std::string& body) {
  const auto path = dir / "grid.ini";
  std::ofstream out(path);
  out << "pretrain-periods = 6\npretrain-epochs = 1\nbatch-size = 64\nlr = 0.001\n"
         "test-periods = 0\nmethods = iu,frozen\n"
      << body;
  return path.string();
}

TuneOptions quick_options() {
  TuneOptions o;
  o.lrs = {1e-3f, 3e-2f};
  o.epochs = {1, 2};
  o.quiet = true;
  o.threads = 2;
  return o;
}

std::vector<std::pair<std::string, double>> candidates_of(const std::string& grid,
                                                          const TuneOptions& options) {
  const std::vector<TunedStream> tuned = tune_grid(read_grid_config(grid), options);
  EXPECT_EQ(tuned.size(), 1u);
  EXPECT_EQ(tuned[0].tuned.size(), 1u);  // iu; frozen has no update settings
  return tuned[0].tuned[0].candidates;
}

TEST(Tune, ALogsChoiceNeverSeesItsTestPeriods) {
  const auto dir = test_support::scratch_dir("tune_log");
  const std::string section =
      "[stream.log]\ndataset = csv\nlabel-col = label\ncategory-col = category\nperiods = 10\n"
      "seeds = 1,2\n";
  const auto grid_with = [&](const std::string& log) {
    return write_grid(dir, section + "data = " + log + "\n");
  };
  const auto base = candidates_of(grid_with(write_log(dir, "a.csv", 99)), quick_options());
  ASSERT_EQ(base.size(), 4u);  // 2 lrs x 2 epochs
  for (const auto& [spec, auc] : base) EXPECT_TRUE(std::isfinite(auc)) << spec;
  // Every label of test periods 7-10 flipped: not one candidate's AUC moves.
  const auto flipped_test = candidates_of(grid_with(write_log(dir, "b.csv", 6)), quick_options());
  EXPECT_EQ(flipped_test, base);
  // Flipping the last pre-training period (a validation period) does move them.
  const auto flipped_validation =
      candidates_of(grid_with(write_log(dir, "c.csv", 5)), quick_options());
  EXPECT_NE(flipped_validation, base);
  std::filesystem::remove_all(dir);
}

TEST(Tune, ASimulatedChoiceRunsOnlyOnValidationWorlds) {
  const auto dir = test_support::scratch_dir("tune_sim");
  const std::string scenario =
      "[stream.world]\nscenario = incremental(periods=10,samples_per_period=300,users=60,"
      "items=80)\n";
  TuneOptions options = quick_options();
  options.validation_seeds = {1001, 1002};
  options.results_path = (dir / "validation.csv").string();
  const auto base = candidates_of(write_grid(dir, scenario + "seeds = 1,2\n"), options);
  // Every validation job ran on a validation world, none on a test world.
  std::set<std::uint64_t> seeds;
  for (const ResultsRow& row : read_results(options.results_path))
    seeds.insert(std::stoull(row.at("seed")));
  EXPECT_EQ(seeds, (std::set<std::uint64_t>{1001, 1002}));
  // Other test worlds: the same candidates' AUCs, bit for bit.
  options.results_path.clear();
  EXPECT_EQ(candidates_of(write_grid(dir, scenario + "seeds = 3,4,5\n"), options), base);
  // Other validation worlds: different AUCs (the comparison can fail).
  options.validation_seeds = {1003, 1004};
  EXPECT_NE(candidates_of(write_grid(dir, scenario + "seeds = 1,2\n"), options), base);
  // A validation seed that is a test world is refused.
  options.validation_seeds = {2, 1001};
  EXPECT_THROW(tune_grid(read_grid_config(write_grid(dir, scenario + "seeds = 1,2\n")), options),
               UsageError);
  std::filesystem::remove_all(dir);
}

TEST(Tune, TheTunedGridReplacesTheMethodsAndRecordsTheCandidates) {
  TunedStream ts;
  ts.name = "a";
  ts.validation = "validation worlds 1001";
  ts.tuned.push_back({"iu", "iu(lr=0.01)", {{"iu(lr=0.001)", 0.61}, {"iu(lr=0.01)", 0.65}}});
  ts.methods = {"oracle", "iu(lr=0.01)"};
  const std::string original =
      "methods = iu\n\n[stream.a]\nscenario = sudden\nmethods = oracle,iu\n\n# next\n"
      "[stream.b]\nscenario = stationary\n";
  const std::string text = tuned_grid_text(original, {ts}, "crbench tune X");
  // Section a's methods line is rewritten after its last key; b is untouched.
  EXPECT_NE(text.find("[stream.a]\nscenario = sudden\nmethods = oracle,iu(lr=0.01)\n\n# next\n"
                      "[stream.b]\nscenario = stationary\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("#   iu: lr=0.001 0.6100 lr=0.01 0.6500*\n"), std::string::npos) << text;
  // Tuning the tuned file again replaces the comment block, not stacks it.
  const std::string again = tuned_grid_text(text, {ts}, "crbench tune X");
  EXPECT_EQ(again, text);
}

TEST(Tune, SpecWithSettingsReplacesEarlierValues) {
  EXPECT_EQ(spec_with_settings("bu(w=7,lr=0.5)", 0.01f, 2), "bu(w=7,lr=0.01,epochs=2)");
  EXPECT_EQ(spec_with_settings("iu", 0.003f, 0), "iu(lr=0.003)");
}

}  // namespace
}  // namespace crbench
