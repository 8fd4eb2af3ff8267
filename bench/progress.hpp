// The grid's progress line on stderr: jobs done, test periods done inside the
// running jobs (a long job moves the line too), elapsed time and an estimate of
// the time left; redrawn in place, shown only when stderr is a terminal and not
// --quiet.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>

namespace crbench {

class ProgressLine {
 public:
  // enabled: draw at all (the caller decides: isatty(stderr) && !quiet).
  // total_periods: the test periods of all the jobs (0: count jobs only).
  ProgressLine(std::size_t total_jobs, bool enabled, std::size_t total_periods = 0,
               std::FILE* out = stderr);
  // One job finished (thread-safe); redraws the line.
  void job_done(bool failed);
  // One test period of a running job scored (thread-safe); redraws the line at
  // most every kRedrawSeconds.
  void period_done();
  // Prints a message line above the progress line (thread-safe).
  void message(const std::string& line);
  // Ends the line with a newline (when it was drawn).
  void finish();
  // "1:02:03" / "2:03" of a duration in seconds.
  static std::string clock(double seconds);
  // The line itself (without the carriage return), for tests.
  std::string text() const;

  static constexpr double kRedrawSeconds = 0.25;

 private:
  void draw();  // with mutex_ held
  double elapsed() const;
  std::size_t total_;
  bool enabled_;
  std::size_t total_periods_;
  std::FILE* out_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  std::size_t periods_done_ = 0;
  double last_draw_ = -1.0;
  std::chrono::steady_clock::time_point start_;
  mutable std::mutex mutex_;
};

}  // namespace crbench
