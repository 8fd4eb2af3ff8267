// A cache hint for reads from large tables in random order (embedding rows,
// optimiser moments): several overlapping misses cost little more than one.
#pragma once

namespace crbench {

inline void prefetch(const void* address) {
#if defined(__GNUC__)
  __builtin_prefetch(address);
#else
  (void)address;
#endif
}

}  // namespace crbench
