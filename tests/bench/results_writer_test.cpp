// The results file after a kill: a job block cut short at the end of the file
// is removed on the next open, complete blocks are kept and count as finished.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "bench/results.hpp"
#include "core/errors.hpp"
#include "tests/support/run_binary.hpp"

namespace crbench {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(ResultsWriter, TruncatesABlockCutShortByAKill) {
  const auto dir = test_support::scratch_dir("results_writer");
  const auto path = dir / "r.csv";
  JobResult job;
  job.method = "iu";
  job.seed = 1;
  job.periods.resize(2);
  job.periods[0].test_period = 5;
  job.periods[1].test_period = 6;
  job.periods[1].recorded = true;
  const JobConfig first{"s", "", "stream-a", "protocol", "iu", 1};
  const JobConfig second{"s", "", "stream-a", "protocol", "iu", 2};
  {
    ResultsWriter writer(path.string());
    writer.write(first, job);
  }
  const std::string complete = slurp(path);
  {
    ResultsWriter writer(path.string());
    job.seed = 2;
    writer.write(second, job);
  }
  const std::string both = slurp(path);
  ASSERT_GT(both.size(), complete.size());
  // Cut the second block mid-row (a kill between two writes of a block), and
  // separately after its first full period row.
  for (const std::size_t cut :
       {complete.size() + 10, both.find('\n', complete.size()) + 1, both.size() - 3}) {
    std::filesystem::resize_file(path, cut);
    ResultsWriter writer(path.string());
    EXPECT_EQ(slurp(path), complete) << cut;
    EXPECT_EQ(writer.finished().count(first.hash()), 1u);
    EXPECT_EQ(writer.finished().count(second.hash()), 0u);
    {
      std::ofstream(path, std::ios::app) << both.substr(complete.size());  // restore
    }
  }
  // The reader keeps only complete blocks too.
  std::filesystem::resize_file(path, both.size() - 3);
  const auto rows = read_results(path.string());
  EXPECT_EQ(rows.size(), 3u);  // first job: 2 period rows + summary
  std::filesystem::remove_all(dir);
}

// A file from before job_peak_mb and the cohort, exposure and recovery columns:
// the first files' 26 columns.
TEST(ResultsWriter, ReadsAFileWithTheEarlierHeaderButDoesNotAppendToIt) {
  const auto dir = test_support::scratch_dir("results_older");
  const auto path = dir / "old.csv";
  const std::string old_header =
      "job_hash,kind,stream,variant,method,seed,test_period,recorded,auc,log_loss,gauc,oracle_auc,"
      "oracle_log_loss,samples,positive_rate,update_wall_s,update_cpu_s,base_train_s,"
      "meta_train_s,generation_s,other_s,parameters,peak_rss_mb,status,error,config";
  ASSERT_EQ(split_csv_line(old_header).size(), 26u);
  const std::string old_row =
      "0123456789abcdef,summary,s,,iu,1,,,0.7,0.6,0.65,nan,nan,10,0.5,0.1,0.1,,,,,5,1,ok,,"
      "\"stream{a};protocol{b};method=iu;seed=1\"";
  std::ofstream(path) << old_header << '\n' << old_row << '\n';
  const auto rows = read_results(path.string());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("auc"), "0.7");
  EXPECT_EQ(rows[0].at("config"), "stream{a};protocol{b};method=iu;seed=1");
  EXPECT_EQ(rows[0].at("job_peak_mb"), "");  // later columns: empty
  EXPECT_EQ(rows[0].at("drift_windows"), "");
  EXPECT_EQ(rows[0].at("regret_area_after_drift"), "");
  EXPECT_THROW(ResultsWriter(path.string()), DataError);  // rows are not appended to it
  // A header that is not a crbench one still fails, naming the file.
  std::ofstream(dir / "foreign.csv") << "job_hash,kind\n";
  EXPECT_THROW(read_results((dir / "foreign.csv").string()), DataError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace crbench
