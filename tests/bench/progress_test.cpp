// The grid's progress line: jobs and test periods done, and its estimate of the
// time left, written to a file instead of the terminal.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "bench/progress.hpp"

namespace crbench {
namespace {

std::string contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  char buf[256];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

TEST(ProgressLine, CountsJobsAndPeriods) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    ProgressLine line(2, true, 10, f);
    EXPECT_NE(line.text().find("0/2 jobs done, 0/10 periods"), std::string::npos) << line.text();
    EXPECT_NE(line.text().find("~? left"), std::string::npos);  // nothing done: no estimate
    for (int i = 0; i < 5; ++i) line.period_done();
    line.job_done(false);
    // Half the periods are done, so the time left is estimated as the time so
    // far: a number, not "?".
    EXPECT_NE(line.text().find("1/2 jobs done, 5/10 periods"), std::string::npos) << line.text();
    EXPECT_EQ(line.text().find("~? left"), std::string::npos) << line.text();
    line.job_done(true);
    EXPECT_NE(line.text().find("2/2 jobs done, 1 failed, 5/10 periods"), std::string::npos);
    line.finish();
  }
  const std::string drawn = contents(f);
  // Each drawing returns to the start of the line and clears it; job_done always draws.
  EXPECT_NE(drawn.find("\r\033[K[crbench] 1/2 jobs done, 5/10 periods"), std::string::npos);
  EXPECT_EQ(drawn.back(), '\n');
  std::fclose(f);
}

TEST(ProgressLine, DisabledDrawsNothingButMessages) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  ProgressLine line(1, false, 3, f);
  line.period_done();
  line.message("done   s iu seed 1");
  line.job_done(false);
  line.finish();
  EXPECT_EQ(contents(f), "done   s iu seed 1\n");
  std::fclose(f);
}

}  // namespace
}  // namespace crbench
