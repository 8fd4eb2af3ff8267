// The paper presets (bench/grids/ml-25m.ini, sobazaar.ini, tmall.ini) as a user
// runs them: each is copied next to small stand-in files of its data set's
// format, at the paths its `data =` lines name, then read, checked and loaded.
// The stand-ins hold rows the preparation must drop, so the loaded streams
// show that the preset's filters are applied.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "bench/grid_config.hpp"
#include "core/spec.hpp"
#include "methods/registry.hpp"
#include "tests/support/build_paths.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

namespace fs = std::filesystem;

// A copy of bench/grids/NAME.ini in <scratch>/bench/grids/, so that its
// ../../data/... paths point into <scratch>/data/.
struct PresetCopy {
  fs::path root;
  std::string ini;
};

PresetCopy copy_preset(const std::string& name) {
  const fs::path root = test_support::scratch_dir("paper_preset_" + name);
  fs::create_directories(root / "bench" / "grids");
  const fs::path ini = root / "bench" / "grids" / (name + ".ini");
  fs::copy_file(fs::path(CRBENCH_SOURCE_DIR) / "bench" / "grids" / (name + ".ini"), ini,
                fs::copy_options::overwrite_existing);
  return {root, ini.string()};
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

GridStreamSpec only_stream(const std::string& ini) {
  const std::vector<GridStreamSpec> specs = read_grid_config(ini);
  EXPECT_EQ(specs.size(), 1u);
  return specs.at(0);
}

// Every preset runs the paper's table: the ASMG variants, the baselines and the
// two references (frozen, full-retrain), one job each.
void expect_paper_methods(const GridStreamSpec& spec) {
  const std::vector<std::string> methods = expand_methods(spec.options.methods, false);
  EXPECT_EQ(methods.size(), 14u);
  for (const char* name : {"iu", "spmf", "incctr", "sml-mf", "asmg-linear", "asmg-gru-single",
                           "asmg-gru-multi", "asmg-gru-unif", "asmg-gru-zero", "asmg-gru-full"}) {
    EXPECT_EQ(std::count_if(methods.begin(), methods.end(),
                            [&](const std::string& m) { return spec_name(m) == name; }),
              1)
        << name;
  }
  const ProtocolSettings& p = spec.options.protocol;
  EXPECT_EQ(p.pretrain_periods, 10);
  EXPECT_EQ(p.pretrain_epochs, 10);
  EXPECT_EQ(p.update_epochs, 1);
  EXPECT_EQ(p.recorded_periods, 7);
}

// The value of `key` that the preset runs `method` with: its spec's, else the
// method's default (the registry's canonical spec lists every parameter except
// those left at their "not set" value, which take `unset`: the protocol's).
double method_setting(const GridStreamSpec& spec, const std::string& method, const std::string& key,
                      std::optional<double> unset = std::nullopt) {
  for (const std::string& m : expand_methods(spec.options.methods, false)) {
    if (spec_name(m) != method) continue;
    for (const SpecArg& arg : Spec::parse(MethodRegistry::global().canonical(m)).args) {
      if (arg.key == key) return std::stod(arg.value);
    }
    if (unset) return *unset;
    ADD_FAILURE() << method << " has no parameter " << key;
    return std::nan("");
  }
  ADD_FAILURE() << "no " << method << " in " << spec.options.methods;
  return std::nan("");
}

// A preset read as a user's copy of it is, with its data files present but
// empty: reading checks that they are readable, not what they hold.
GridStreamSpec preset_settings(const std::string& name) {
  const PresetCopy preset = copy_preset(name);
  const fs::path data = preset.root / "data";
  if (name == "ml-25m") {
    write(data / "ml-25m" / "ratings.csv", "");
    write(data / "ml-25m" / "movies.csv", "");
  } else if (name == "sobazaar") {
    write(data / "sobazaar" / "Sobazaar-hashID.csv", "");
  } else {
    write(data / "tmall" / "data_format1" / "user_log_format1.csv", "");
  }
  return only_stream(preset.ini);
}

TEST(PaperPresets, MethodSettingsAreTheReferenceScriptsOfEachDataSet) {
  // Read in danni9594/ASMG, MovieLens / Sobazaar / Tmall: */SPMF/train_*.py
  // (reservoir fraction of the pre-training rows 0.3 / 1 / 0.1, replay ratio
  // 0.5 / 0.1 / 0.01), */IncCTR/train_*.py (lambda 0.2 / 0.1 / 0.2),
  // */SMLmf/SML/train_*.py (transfer lr 1e-2 / 1e-3 / 1e-2, W-hat lr 1e-2 in
  // all three) and */SML/train_*.py (transfer lr 1e-3 / 1e-3 / 1e-2, W-hat lr
  // 1e-2). These are the scripts' sweep values, not crbench's defaults.
  const GridStreamSpec ml = preset_settings("ml-25m");
  const GridStreamSpec soba = preset_settings("sobazaar");
  const GridStreamSpec tmall = preset_settings("tmall");
  struct Expected {
    const GridStreamSpec* preset;
    const char* method;
    const char* key;
    double value;
  };
  for (const Expected& e : std::vector<Expected>{{&ml, "spmf", "frac", 0.3},
                                                 {&soba, "spmf", "frac", 1.0},
                                                 {&tmall, "spmf", "frac", 0.1},
                                                 {&ml, "spmf", "ratio", 0.5},
                                                 {&soba, "spmf", "ratio", 0.1},
                                                 {&tmall, "spmf", "ratio", 0.01},
                                                 {&ml, "incctr", "lambda", 0.2},
                                                 {&soba, "incctr", "lambda", 0.1},
                                                 {&tmall, "incctr", "lambda", 0.2},
                                                 {&ml, "sml-mf", "transfer_lr", 1e-2},
                                                 {&soba, "sml-mf", "transfer_lr", 1e-3},
                                                 {&tmall, "sml-mf", "transfer_lr", 1e-2},
                                                 {&ml, "sml-mf", "hat_lr", 1e-2},
                                                 {&soba, "sml-mf", "hat_lr", 1e-2},
                                                 {&tmall, "sml-mf", "hat_lr", 1e-2},
                                                 {&ml, "sml", "transfer_lr", 1e-3},
                                                 {&soba, "sml", "transfer_lr", 1e-3},
                                                 {&tmall, "sml", "transfer_lr", 1e-2},
                                                 {&ml, "sml", "hat_lr", 1e-2},
                                                 {&soba, "sml", "hat_lr", 1e-2},
                                                 {&tmall, "sml", "hat_lr", 1e-2}}) {
    EXPECT_NEAR(method_setting(*e.preset, e.method, e.key), e.value, 1e-9 * e.value)
        << e.preset->name << " " << e.method << " " << e.key;
  }
  // */SMLmf/SML/train_*.py: transfer_num_epochs = base_num_epochs = 1 / 5 / 5;
  // */SMLmf/pretrain/train_*.py: the MF's pre-training lr (the `base_lr` loop)
  // 1e-2 / 1e-2 / 1e-3. sml-mf's `epochs` and `pretrain_lr` left at 0 are the
  // protocol's --update-epochs and --lr.
  for (const Expected& e : std::vector<Expected>{{&ml, "sml-mf", "epochs", 1},
                                                 {&soba, "sml-mf", "epochs", 5},
                                                 {&tmall, "sml-mf", "epochs", 5},
                                                 {&ml, "sml-mf", "pretrain_lr", 1e-2},
                                                 {&soba, "sml-mf", "pretrain_lr", 1e-2},
                                                 {&tmall, "sml-mf", "pretrain_lr", 1e-3}}) {
    const ProtocolSettings& p = e.preset->options.protocol;
    const double protocol = std::string(e.key) == "epochs" ? static_cast<double>(p.update_epochs)
                                                           : static_cast<double>(p.learning_rate);
    EXPECT_NEAR(method_setting(*e.preset, e.method, e.key, protocol), e.value, 1e-7 * e.value)
        << e.preset->name << " " << e.method << " " << e.key;
  }
}

// A shape preset runs its paper preset's methods with the same settings.
TEST(PaperPresets, ShapePresetsRunTheirPaperPresetsMethods) {
  for (const std::string name : {"ml-25m", "sobazaar", "tmall"}) {
    const fs::path shape_ini =
        fs::path(CRBENCH_SOURCE_DIR) / "bench" / "grids" / ("shape-" + name + ".ini");
    const GridStreamSpec shape = read_grid_config(shape_ini.string()).at(0);
    EXPECT_EQ(expand_methods(shape.options.methods, false),
              expand_methods(preset_settings(name).options.methods, false))
        << name;
  }
}

TEST(PaperPresets, MovieLens25mKeepsFiveYearsInThirtyOnePeriods) {
  const PresetCopy preset = copy_preset("ml-25m");
  // 62 ratings in 2016 (two a period), alternating 5 and 2 stars, plus one
  // rating a second before 2014-01-01 (1388534400) and one at 2019-01-01
  // 00:00 UTC (1546300800): both outside the preset's days.
  std::string ratings = "userId,movieId,rating,timestamp\n1,1,5.0,1388534399\n";
  for (int r = 0; r < 62; ++r) {
    ratings += std::to_string(1 + r % 3) + "," + std::to_string(1 + r % 4) + "," +
               (r % 2 == 0 ? "5.0" : "2.0") + "," + std::to_string(1451606400 + 3600 * r) + "\n";
  }
  ratings += "2,2,5.0,1546300800\n";
  write(preset.root / "data" / "ml-25m" / "ratings.csv", ratings);
  write(preset.root / "data" / "ml-25m" / "movies.csv",
        "movieId,title,genres\n1,A (1990),Drama\n2,\"B, The (1991)\",Comedy|Drama\n"
        "3,C (1992),(no genres listed)\n4,D (1993),Action\n");
  const GridStreamSpec spec = only_stream(preset.ini);
  expect_paper_methods(spec);
  EXPECT_EQ(spec.options.protocol.batch_size, 1024);
  EXPECT_FLOAT_EQ(spec.options.protocol.learning_rate, 1e-3f);
  EXPECT_EQ(spec.options.data.first_day, "2014-01-01");
  EXPECT_EQ(spec.options.data.last_day, "2018-12-31");
  const Stream s = load_grid_stream(spec);
  EXPECT_EQ(s.num_periods(), 31);
  EXPECT_EQ(s.num_samples(), 62u);  // the two ratings outside 2014-2018 are gone
  EXPECT_EQ(s.period_end(0) - s.period_begin(0), 2u);
}

TEST(PaperPresets, SobazaarIsImplicitWithOneNegativeAndNoCategories) {
  const PresetCopy preset = copy_preset("sobazaar");
  // 62 rows on 2014-10-01 .. 10-31 (two a day) and one on 2014-08-31, outside
  // the preset's days. User r % 4 meets only the items of r's parity, so five
  // of the ten items are always left for its negatives.
  std::string log = "Action,Timestamp,ItemID,UserID\n";
  log += "product_wanted,2014-08-31T12:00:00.000Z,i0,u0\n";
  for (int r = 0; r < 62; ++r) {
    char time[32];
    std::snprintf(time, sizeof time, "2014-10-%02dT%02d:00:00.000Z", 1 + r / 2, 12 * (r % 2));
    log += std::string(r % 3 == 0 ? "content:interact:product_clicked" : "purchase:buy_clicked") +
           "," + time + ",i" + std::to_string(r % 10) + ",u" + std::to_string(r % 4) + "\n";
  }
  write(preset.root / "data" / "sobazaar" / "Sobazaar-hashID.csv", log);
  const GridStreamSpec spec = only_stream(preset.ini);
  expect_paper_methods(spec);
  EXPECT_EQ(spec.options.protocol.batch_size, 256);
  EXPECT_EQ(spec.options.protocol.base_model, "emb-mlp(d=8,hidden=12-6)");
  const Stream s = load_grid_stream(spec);
  EXPECT_EQ(s.num_periods(), 31);
  EXPECT_EQ(s.num_samples(), 124u);  // 62 positives, each followed by its negative
  EXPECT_EQ(s.num_categories, 0);
  for (RowIndex r = 0; r < s.num_samples(); ++r) EXPECT_EQ(s.label[r], r % 2 == 0 ? 1.0f : 0.0f);
}

TEST(PaperPresets, TmallKeepsOctoberClicksOfFrequentItemsADayAPeriod) {
  const PresetCopy preset = copy_preset("tmall");
  // 248 October clicks (8 a day) over 10 items with 24 or 25 clicks each; user
  // r % 4 meets only the five items of r's parity. Dropped by the preparation:
  // a purchase, a click on 1101, and item 99's 5 clicks (fewer than 20).
  std::string log = "user_id,item_id,cat_id,seller_id,brand_id,time_stamp,action_type\n";
  log += "1,3,7,1,1,1005,2\n1,3,7,1,1,1101,0\n";
  for (int day = 1; day <= 5; ++day) log += "2,99,8,1,," + std::to_string(1000 + day) + ",0\n";
  for (int r = 0; r < 248; ++r) {
    const int day = 1 + r / 8;
    log += std::to_string(r % 4) + "," + std::to_string(r % 10) + "," + std::to_string(r % 10 % 3) +
           ",1,1," + std::to_string(1000 + day) + ",0\n";
  }
  write(preset.root / "data" / "tmall" / "data_format1" / "user_log_format1.csv", log);
  const GridStreamSpec spec = only_stream(preset.ini);
  expect_paper_methods(spec);
  EXPECT_EQ(spec.options.protocol.batch_size, 1024);
  EXPECT_FLOAT_EQ(spec.options.protocol.learning_rate, 1e-2f);
  EXPECT_EQ(spec.options.data.top_users, 50000);
  EXPECT_EQ(spec.options.data.min_item_rows, 20);
  const Stream s = load_grid_stream(spec);
  EXPECT_EQ(s.num_periods(), 31);  // one a day
  EXPECT_EQ(s.num_samples(), 496u);
  EXPECT_EQ(s.num_items, 10);
  EXPECT_EQ(s.num_categories, 3);  // cat_id 0, 1, 2 (item % 3); item 99's 8 is gone
  EXPECT_EQ(s.period_end(0) - s.period_begin(0), 16u);
}

}  // namespace
}  // namespace crbench
