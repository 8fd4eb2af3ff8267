// Wall-clock and CPU time of a stretch of work, for the cost accounting every
// method reports. CPU time is the calling thread's, so that jobs running side by
// side in a grid do not count each other's work.
#pragma once

#include <chrono>
#include <ctime>

namespace crbench {

inline double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

class Stopwatch {
 public:
  Stopwatch() : wall0_(std::chrono::steady_clock::now()), cpu0_(thread_cpu_seconds()) {}
  double wall_seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0_).count();
  }
  double cpu_seconds() const { return thread_cpu_seconds() - cpu0_; }

 private:
  std::chrono::steady_clock::time_point wall0_;
  double cpu0_;
};

}  // namespace crbench
