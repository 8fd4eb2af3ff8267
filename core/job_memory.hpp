// Heap memory per job. A process runs many jobs at once (a oneTBB arena) and one
// after another, so its peak resident memory (getrusage) says nothing about one
// job. Instead, every heap allocation and release made on a thread that works for
// a job is booked to that job's JobMemory: the allocator hooks
// (core/allocation_hooks.cpp, linked into crbench's executables) do the booking;
// JobMemoryScope says which job the calling thread works for; the parallel loop
// inside a job (methods/parallel.hpp) hands the scope on to the threads that run
// its chunks. What a job's peak then holds: its method's state, its copies of the
// model, training and scoring buffers, while the shared stream and pre-trained
// model, loaded before the job, are not its own. Memory the job frees that it did
// not allocate (rare: the protocol frees shared data outside any job) lowers its
// count by that much.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace crbench {

class JobMemory {
 public:
  // Heap bytes allocated minus freed so far, and the most that ever was.
  std::int64_t live_bytes() const { return live_.load(std::memory_order_relaxed); }
  std::int64_t peak_bytes() const { return peak_.load(std::memory_order_relaxed); }
  double peak_mb() const { return static_cast<double>(peak_bytes()) / (1024.0 * 1024.0); }

  // Called by the allocator hooks; lock-free, no allocation.
  void allocated(std::size_t bytes) {
    const std::int64_t now =
        live_.fetch_add(static_cast<std::int64_t>(bytes), std::memory_order_relaxed) +
        static_cast<std::int64_t>(bytes);
    std::int64_t peak = peak_.load(std::memory_order_relaxed);
    while (now > peak && !peak_.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
    }
  }
  void freed(std::size_t bytes) {
    live_.fetch_sub(static_cast<std::int64_t>(bytes), std::memory_order_relaxed);
  }

 private:
  std::atomic<std::int64_t> live_{0};
  std::atomic<std::int64_t> peak_{0};
};

// The job the calling thread works for (nullptr: none).
JobMemory* current_job_memory();

// True when the allocator hooks are linked in, so that JobMemory counts anything:
// not in sanitizer and fuzzing builds, whose runtimes own malloc.
bool job_memory_counted();

// Books the calling thread's heap traffic to `memory` (nullptr: to no job) until
// destroyed, then restores what was booked before.
class JobMemoryScope {
 public:
  explicit JobMemoryScope(JobMemory* memory);
  ~JobMemoryScope();
  JobMemoryScope(const JobMemoryScope&) = delete;
  JobMemoryScope& operator=(const JobMemoryScope&) = delete;

 private:
  JobMemory* previous_;
};

namespace detail {
// The thread's current job, read by the allocator hooks (plain, constant-
// initialised thread-local storage: reading it never allocates).
extern thread_local JobMemory* tls_job_memory;
// Set by the allocator hooks' static initialiser.
extern bool job_memory_hooks_linked;
}  // namespace detail

}  // namespace crbench
