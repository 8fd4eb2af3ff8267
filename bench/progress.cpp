// Progress line drawing: carriage return + clear-to-end-of-line, no newline
// until finish(), so a terminal shows one updating line.
#include "bench/progress.hpp"

#include <cmath>

namespace crbench {

ProgressLine::ProgressLine(std::size_t total_jobs, bool enabled, std::size_t total_periods,
                           std::FILE* out)
    : total_(total_jobs),
      enabled_(enabled),
      total_periods_(total_periods),
      out_(out),
      start_(std::chrono::steady_clock::now()) {
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

double ProgressLine::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string ProgressLine::text() const {
  const double seconds = elapsed();
  // The share of the work done: by test periods when they are counted (jobs
  // run in parallel, so elapsed / share already accounts for the threads),
  // else by jobs. Pre-training precedes every period, so the first estimate
  // comes late and runs high.
  const double share =
      total_periods_ > 0 ? static_cast<double>(periods_done_) / static_cast<double>(total_periods_)
      : total_ > 0       ? static_cast<double>(done_) / static_cast<double>(total_)
                         : 0.0;
  const double left = share <= 0.0 ? NAN : seconds / share * (1.0 - share);
  std::string line =
      "[crbench] " + std::to_string(done_) + "/" + std::to_string(total_) + " jobs done";
  if (failed_) line += ", " + std::to_string(failed_) + " failed";
  if (total_periods_ > 0)
    line +=
        ", " + std::to_string(periods_done_) + "/" + std::to_string(total_periods_) + " periods";
  return line + ", " + clock(seconds) + " elapsed, ~" + clock(left) + " left";
}

void ProgressLine::draw() {
  last_draw_ = elapsed();
  std::fprintf(out_, "\r\033[K%s", text().c_str());
  std::fflush(out_);
}

void ProgressLine::job_done(bool failed) {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++done_;
  if (failed) ++failed_;
  if (enabled_) draw();
}

void ProgressLine::period_done() {
  const std::lock_guard<std::mutex> lock(mutex_);
  ++periods_done_;
  if (enabled_ && elapsed() - last_draw_ >= kRedrawSeconds) draw();
}

void ProgressLine::message(const std::string& line) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (enabled_) std::fputs("\r\033[K", out_);
  std::fprintf(out_, "%s\n", line.c_str());
  if (enabled_) draw();
}

void ProgressLine::finish() {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (enabled_) std::fputs("\n", out_);
  enabled_ = false;
}

}  // namespace crbench
