// Vectors whose storage starts on a 64-byte cache line. Large std::vector
// buffers come from mmap at 16 bytes past a page boundary, so a 64-byte record
// in them (an Emb&MLP item vector) always spans two cache lines and half of the
// 32-byte rows (an embedding row of 8 floats) do: gathers and scatters over
// such rows then move up to twice the lines they need.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace crbench {

inline constexpr std::size_t kCacheLine = 64;

template <class T>
struct CacheAlignedAllocator {
  using value_type = T;
  CacheAlignedAllocator() = default;
  template <class U>
  CacheAlignedAllocator(const CacheAlignedAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    return static_cast<T*>(::operator new (n * sizeof(T), std::align_val_t{kCacheLine}));
  }
  void deallocate(T* p, std::size_t) noexcept {
    ::operator delete (p, std::align_val_t{kCacheLine});
  }
  template <class U>
  bool operator==(const CacheAlignedAllocator<U>&) const noexcept {
    return true;
  }
};

template <class T>
using CacheAlignedVector = std::vector<T, CacheAlignedAllocator<T>>;

}  // namespace crbench
