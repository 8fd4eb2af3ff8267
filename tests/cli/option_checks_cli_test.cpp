// Option values are checked by their declarations before anything runs: not a
// number, out of range, a negative seed, a choice that is not one; exit 1 and a
// message naming the option. A period with one label class is said to have no
// AUC, and the run goes on.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "bench/results.hpp"
#include "tests/support/bundled_data.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

using test_support::run_crbench;
namespace fs = std::filesystem;

void expect_refused(const std::string& args, const std::string& part) {
  const auto o = run_crbench(args);
  EXPECT_EQ(o.exit_code, 1) << args << "\n" << o.output;
  EXPECT_NE(o.output.find(part), std::string::npos) << args << "\n" << o.output;
}

TEST(OptionChecks, NumericOptionsAreFiniteAndInRange) {
  const std::string data = "run --data " + test_support::bundled_dir() + "/ratings.csv ";
  for (const char* v : {"nan", "inf", "-inf", "abc"})
    expect_refused(data + "--rating-threshold=" + v,
                   "--rating-threshold=" + std::string(v) + " is not a number");
  for (const char* v : {"100", "-5", "10.5"})
    expect_refused(data + "--rating-threshold=" + v,
                   "--rating-threshold=" + std::string(v) + " is out of range [0, 10]");
  expect_refused(data + "--periods=1", "--periods=1 is out of range [2, 1000000]");
  expect_refused(data + "--periods=2.5", "--periods=2.5 is not a whole number");
  expect_refused(data + "--history=256", "--history=256 is out of range [0, 255]");
  expect_refused(data + "--keep-periods=-1", "--keep-periods=-1 is out of range");
  expect_refused(data + "--lr=nan", "--lr=nan is not a number");
  expect_refused(data + "--separator=ab", "--separator=ab is not one character");
  expect_refused(data + "--dataset=parquet", "--dataset=parquet is not one of movielens, csv");
  expect_refused(data + "--labels=stars", "--labels=stars is not one of rating, given, implicit");
  expect_refused(data + "--period-unit=year", "--period-unit=year is not one of count");
}

TEST(OptionChecks, EverySeedOptionRefusesANegativeSeed) {
  const std::string data = "run --data " + test_support::bundled_dir() + "/ratings.csv ";
  expect_refused(data + "--seeds -1", "--seeds: '-1' is not a non-negative whole number");
  expect_refused(data + "--negative-seed -1", "--negative-seed=-1 is not a non-negative");
  expect_refused("run --scenario stationary --stream-seed -1",
                 "--stream-seed=-1 is not a non-negative");
  const fs::path out = test_support::scratch_dir("option_checks") / "s.csv";
  expect_refused("simulate --scenario stationary --seed -1 --out " + out.string(),
                 "--seed=-1 is not a non-negative whole number");
  expect_refused("simulate --scenario stationary --seed 18446744073709551616 --out " + out.string(),
                 "--seed=18446744073709551616 is not a non-negative whole number");
  EXPECT_FALSE(fs::exists(out));
  // The largest seed is a seed.
  const auto o = run_crbench(
      "simulate --scenario 'stationary(periods=2,samples_per_period=10)' "
      "--seed 18446744073709551615 --out " +
      out.string());
  EXPECT_EQ(o.exit_code, 0) << o.output;
}

TEST(OptionChecks, AMethodListIsCheckedBeforeTheDataLoads) {
  const auto o = run_crbench("run --data " + test_support::bundled_dir() +
                             "/ratings.csv --methods 'iu,bu(w=0)'");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.output.find("w=0 is out of range"), std::string::npos) << o.output;
  EXPECT_EQ(o.output.find("samples"), std::string::npos) << o.output;
}

// A test period whose labels are all 1: every method's AUC there is undefined.
// The run says so, writes the period as unscorable and averages the others.
TEST(OptionChecks, APeriodWithOneLabelClassIsSaidToBeUnscorable) {
  const fs::path dir = test_support::scratch_dir("one_class");
  const fs::path log = dir / "log.csv";
  {
    std::ofstream out(log);
    out << "user,item,timestamp,label\n";
    // 6 periods of 40 rows; labels alternate, except period 6 (rows 200..239): all 1.
    for (int r = 0; r < 240; ++r)
      out << r % 7 << ',' << r % 11 << ',' << 1000 + r << ',' << (r >= 200 ? 1 : r % 2) << '\n';
  }
  const fs::path results = dir / "r.csv";
  const auto o = run_crbench("run --dataset csv --data " + log.string() +
                             " --label-col label --periods 6 --pretrain-periods 2 "
                             "--pretrain-epochs 1 --test-periods 0 --methods iu,popularity "
                             "--quiet --results " +
                             results.string());
  ASSERT_EQ(o.exit_code, 0) << o.output;
  EXPECT_NE(o.output.find("test period 6 has only positive labels: its AUC is undefined"),
            std::string::npos)
      << o.output;
  EXPECT_NE(o.output.find("undefined |"), std::string::npos) << o.output;  // per-period table
  std::size_t unscorable = 0;
  for (const ResultsRow& row : read_results(results.string())) {
    if (row.at("kind") == "period" && row.at("test_period") == "6") {
      EXPECT_EQ(row.at("status"), "unscorable");
      ++unscorable;
    }
    if (row.at("kind") == "summary") {
      EXPECT_NE(row.at("auc"), "nan");
      EXPECT_EQ(row.at("error"),
                "AUC and GAUC over 2 of 3 recorded periods (1 with one label class)");
    }
  }
  EXPECT_EQ(unscorable, 2u);  // iu and popularity
  fs::remove_all(dir);
}

}  // namespace
}  // namespace crbench
