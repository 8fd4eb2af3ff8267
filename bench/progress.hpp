// The grid's progress line on stderr (jobs done / total, elapsed, estimated time
// left), redrawn in place; shown only when stderr is a terminal and not --quiet.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>

namespace crbench {

class ProgressLine {
 public:
  // enabled: draw at all (the caller decides: isatty(stderr) && !quiet).
  ProgressLine(std::size_t total, bool enabled);
  // One job finished (thread-safe); redraws the line.
  void job_done(bool failed);
  // Prints a message line above the progress line (thread-safe).
  void message(const std::string& line);
  // Ends the line with a newline (when it was drawn).
  void finish();
  // "1:02:03" / "2:03" of a duration in seconds.
  static std::string clock(double seconds);

 private:
  void draw();  // with mutex_ held
  std::size_t total_;
  bool enabled_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
};

}  // namespace crbench
