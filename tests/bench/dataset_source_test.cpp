// Loading a dataset as crbench run does: the options' declared checks, and a log
// whose labels fall in one class refused with the reason.
#include "bench/dataset_source.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/errors.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

std::string write_log(const std::string& name, const std::string& text) {
  static const std::filesystem::path dir = test_support::scratch_dir("dataset_source");
  const std::filesystem::path path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

std::string error_of(const DatasetOptions& o) {
  try {
    load_dataset(o, 2);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

// Labels all in one class leave every AUC undefined: refused with what made it so.
TEST(DatasetSource, ALogWithOneLabelClassIsRefused) {
  DatasetOptions o;
  o.path = write_log("u.data",
                     "1\t2\t1\t881250949\n1\t3\t4\t881250950\n2\t2\t3\t881250951\n"
                     "2\t3\t2\t881250952\n");
  o.periods = 2;
  o.rating_threshold = 4.5f;  // above every rating: all labels 0
  const std::string all_zero = error_of(o);
  for (const char* part : {"every row is labelled 0", "ratings run from 1 to 4",
                           "rating threshold is 4.5", "AUC is undefined"})
    EXPECT_NE(all_zero.find(part), std::string::npos) << all_zero;
  o.rating_threshold = 1.0f;  // at or below every rating: all labels 1
  EXPECT_NE(error_of(o).find("every row is labelled 1"), std::string::npos) << error_of(o);
  o.rating_threshold = 3.0f;
  EXPECT_EQ(load_dataset(o, 2).num_samples(), 4u);

  DatasetOptions given;
  given.format = "csv";
  given.columns.label = "y";
  given.periods = 2;
  given.path = write_log("log.csv", "user,item,timestamp,y\n1,2,3,1\n1,3,4,1\n");
  EXPECT_NE(error_of(given).find("every row is labelled 1"), std::string::npos) << error_of(given);
}

// A struct filled in by code is checked against the same declarations as options.
TEST(DatasetSource, OptionsFilledInByCodeAreChecked) {
  DatasetOptions o;
  o.path = "x";
  o.rating_threshold = 12.5f;
  EXPECT_NE(error_of(o).find("--rating-threshold=12.5 is out of range [0, 10]"), std::string::npos)
      << error_of(o);
  o.rating_threshold = 4.0f;
  o.history = 300;
  EXPECT_NE(error_of(o).find("--history=300 is out of range [0, 255]"), std::string::npos);
}

}  // namespace
}  // namespace crbench
