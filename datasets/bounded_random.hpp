// Platform-independent random draws on top of std::mt19937_64. The standard
// distributions (uniform_int_distribution, ...) are implementation-defined, so a
// seed would give different streams on different standard libraries; these give
// the same numbers everywhere.
#pragma once

#include <cstdint>
#include <random>

namespace crbench::internal {

// Uniform integer in [0, range), range > 0, without modulo bias (Lemire's
// multiply-and-reject method: at most a few extra draws, usually none).
inline std::uint64_t bounded_uniform(std::mt19937_64& rng, std::uint64_t range) {
  unsigned __int128 product = static_cast<unsigned __int128>(rng()) * range;
  auto low = static_cast<std::uint64_t>(product);
  if (low < range) {
    // 2^64 mod range: the number of low values that would over-represent some results.
    const std::uint64_t threshold = (0 - range) % range;
    while (low < threshold) {
      product = static_cast<unsigned __int128>(rng()) * range;
      low = static_cast<std::uint64_t>(product);
    }
  }
  return static_cast<std::uint64_t>(product >> 64);
}

// Uniform double in [0, 1) from the top 53 bits of one draw (exact in IEEE double).
inline double uniform_unit(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

}  // namespace crbench::internal
