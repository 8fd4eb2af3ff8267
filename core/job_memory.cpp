// The per-thread job of core/job_memory.hpp.
#include "core/job_memory.hpp"

namespace crbench {

namespace detail {
thread_local JobMemory* tls_job_memory = nullptr;
bool job_memory_hooks_linked = false;
}  // namespace detail

JobMemory* current_job_memory() { return detail::tls_job_memory; }

bool job_memory_counted() { return detail::job_memory_hooks_linked; }

JobMemoryScope::JobMemoryScope(JobMemory* memory) : previous_(detail::tls_job_memory) {
  detail::tls_job_memory = memory;
}

JobMemoryScope::~JobMemoryScope() { detail::tls_job_memory = previous_; }

}  // namespace crbench
