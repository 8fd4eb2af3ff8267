// The parallel loop for work inside one job (scoring chunks, per-entity solves).
// Jobs themselves run as tasks of one oneTBB arena; a thread that waits inside a
// job's parallel loop could otherwise pick up another whole job meanwhile, and
// that job's time would be booked to this one's update. Isolation lets it run
// only the loop's own tasks.
#pragma once

#include <cstddef>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "core/job_memory.hpp"

namespace crbench {

// body(i) for every i in [0, count), in parallel, isolated from other work. The
// threads that run chunks book their heap memory to the calling thread's job
// (core/job_memory.hpp).
template <class Body>
void parallel_for_in_job(std::size_t count, const Body& body) {
  JobMemory* const job = current_job_memory();
  tbb::this_task_arena::isolate([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count), [&](const auto& range) {
      const JobMemoryScope booking(job);
      for (std::size_t i = range.begin(); i != range.end(); ++i) body(i);
    });
  });
}

}  // namespace crbench
