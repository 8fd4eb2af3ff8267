// Progress line drawing: carriage return + clear-to-end-of-line, no newline
// until finish(), so a terminal shows one updating line.
#include "bench/progress.hpp"

#include <cmath>
#include <cstdio>

namespace crbench {

ProgressLine::ProgressLine(std::size_t total, bool enabled)
    : total_(total), enabled_(enabled), start_(std::chrono::steady_clock::now()) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (enabled_) draw();
}

std::string ProgressLine::clock(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

void ProgressLine::draw() {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // Estimate from the mean time per finished job so far (jobs run in parallel,
  // so elapsed / done already accounts for the thread count).
  const double left =
      done_ == 0 ? NAN : elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_);
  std::string failed = failed_ ? ", " + std::to_string(failed_) + " failed" : "";
  std::fprintf(stderr, "\r\033[K[crbench] %zu/%zu jobs done%s, %s elapsed, ~%s left", done_, total_,
               failed.c_str(), clock(elapsed).c_str(), clock(left).c_str());
  std::fflush(stderr);
}

void ProgressLine::job_done(bool failed) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  if (failed) ++failed_;
  if (enabled_) draw();
}

void ProgressLine::message(const std::string& line) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (enabled_) std::fputs("\r\033[K", stderr);
  std::fprintf(stderr, "%s\n", line.c_str());
  if (enabled_) draw();
}

void ProgressLine::finish() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (enabled_) std::fputs("\n", stderr);
  enabled_ = false;
}

}  // namespace crbench
