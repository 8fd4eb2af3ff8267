// The allocator hooks of core/job_memory.hpp: malloc and its relatives, replaced
// as glibc allows ("Replacing malloc" in its manual), forward to glibc's own
// allocator (__libc_malloc and friends) and book each block's usable size to the
// calling thread's job, if it has one. Blocks stay glibc's, so any function may
// free them. Linked only into crbench's executables (CMakeLists.txt), and not
// under sanitizers or libFuzzer, whose runtimes replace malloc themselves.
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

#include "core/job_memory.hpp"

extern "C" {
void* __libc_malloc(std::size_t size);
void __libc_free(void* block);
void* __libc_calloc(std::size_t count, std::size_t size);
void* __libc_realloc(void* block, std::size_t size);
void* __libc_memalign(std::size_t alignment, std::size_t size);
}

namespace {

using crbench::JobMemory;

inline void* booked(void* block) {
  if (block != nullptr)
    if (JobMemory* job = crbench::detail::tls_job_memory) job->allocated(malloc_usable_size(block));
  return block;
}

inline void unbook(void* block) {
  if (block != nullptr)
    if (JobMemory* job = crbench::detail::tls_job_memory) job->freed(malloc_usable_size(block));
}

std::size_t page_size() { return static_cast<std::size_t>(sysconf(_SC_PAGESIZE)); }

[[maybe_unused]] const bool linked = (crbench::detail::job_memory_hooks_linked = true);

}  // namespace

extern "C" {

void* malloc(std::size_t size) noexcept { return booked(__libc_malloc(size)); }

void free(void* block) noexcept {
  unbook(block);
  __libc_free(block);
}

void* calloc(std::size_t count, std::size_t size) noexcept {
  return booked(__libc_calloc(count, size));
}

void* realloc(void* block, std::size_t size) noexcept {
  JobMemory* job = crbench::detail::tls_job_memory;
  const std::size_t before = job != nullptr && block != nullptr ? malloc_usable_size(block) : 0;
  void* moved = __libc_realloc(block, size);
  if (job != nullptr) {
    // Success, or realloc(p, 0), which frees p: either way the old block is gone.
    if (moved != nullptr || (size == 0 && block != nullptr)) job->freed(before);
    if (moved != nullptr) job->allocated(malloc_usable_size(moved));
  }
  return moved;
}

void* reallocarray(void* block, std::size_t count, std::size_t size) noexcept {
  std::size_t bytes = 0;
  if (__builtin_mul_overflow(count, size, &bytes)) {
    errno = ENOMEM;
    return nullptr;
  }
  return realloc(block, bytes);
}

void* memalign(std::size_t alignment, std::size_t size) noexcept {
  return booked(__libc_memalign(alignment, size));
}

void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
  return booked(__libc_memalign(alignment, size));
}

int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
  if (alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0)
    return EINVAL;
  void* block = booked(__libc_memalign(alignment, size));
  if (block == nullptr) return ENOMEM;
  *out = block;
  return 0;
}

void* valloc(std::size_t size) noexcept { return booked(__libc_memalign(page_size(), size)); }

void* pvalloc(std::size_t size) noexcept {
  const std::size_t page = page_size();
  const std::size_t rounded = size == 0 ? page : (size + page - 1) / page * page;
  return booked(__libc_memalign(page, rounded));
}

}  // extern "C"
