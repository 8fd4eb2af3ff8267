// Heap memory booked per job (core/job_memory.hpp): what a job's threads allocate
// counts, what other threads allocate does not, and a parallel loop inside the job
// books its chunks' allocations to it.
#include "core/job_memory.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

#include "methods/parallel.hpp"

namespace crbench {
namespace {

constexpr std::int64_t kMiB = 1 << 20;

TEST(JobMemory, BooksTheHeapOfItsOwnThreadOnly) {
  if (!job_memory_counted()) GTEST_SKIP() << "this build does not count allocations (sanitizers)";
  JobMemory job;
  std::atomic<bool> other_done{false};
  {
    const JobMemoryScope scope(&job);
    // Another thread, working for no job, allocates far more at the same time.
    std::thread other([&] {
      std::vector<char> big(256 * kMiB, 1);
      other_done = big[123] == 1;
    });
    other.join();
    std::vector<float> a(16 * kMiB / sizeof(float), 1.0f);  // 16 MiB by operator new
    Eigen::MatrixXf m = Eigen::MatrixXf::Ones(1024, 2048);  // 8 MiB by Eigen's malloc
    // Through volatile pointers: the compiler may drop an unused malloc/free pair.
    void* volatile c = std::calloc(4 * kMiB, 1);                   // 4 MiB by calloc
    void* volatile r = std::realloc(std::malloc(kMiB), 2 * kMiB);  // 1 MiB grown to 2 MiB
    EXPECT_GE(job.live_bytes(), 30 * kMiB);
    std::free(c);
    std::free(r);
    EXPECT_EQ(m(0, 0) + a[0], 2.0f);
  }
  EXPECT_TRUE(other_done);
  // 16 + 8 + 4 + 2 MiB at the peak (plus glibc's chunk headers), nothing of the 256.
  EXPECT_GE(job.peak_bytes(), 30 * kMiB);
  EXPECT_LT(job.peak_bytes(), 31 * kMiB);
  // Everything freed again: back to (about) nothing.
  EXPECT_LT(std::abs(job.live_bytes()), kMiB);
}

TEST(JobMemory, AParallelLoopBooksItsChunksToTheJob) {
  if (!job_memory_counted()) GTEST_SKIP() << "this build does not count allocations (sanitizers)";
  JobMemory job;
  std::vector<std::vector<char>> kept(8);
  {
    const JobMemoryScope scope(&job);
    parallel_for_in_job(kept.size(), [&](std::size_t i) { kept[i].assign(2 * kMiB, 1); });
  }
  // 8 x 2 MiB allocated on whatever threads ran the chunks, all booked to the job.
  EXPECT_GE(job.live_bytes(), 16 * kMiB);
  EXPECT_LT(job.live_bytes(), 17 * kMiB);
  // Freed outside the job's scope: the job's count keeps them (they are its peak).
  kept.clear();
  EXPECT_GE(job.peak_bytes(), 16 * kMiB);
  // No thread works for the job once the loop has ended.
  EXPECT_EQ(current_job_memory(), nullptr);
}

}  // namespace
}  // namespace crbench
