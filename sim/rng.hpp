// The simulator's random number generator: xoshiro256** (Blackman & Vigna 2018),
// seeded through SplitMix64. It is defined bit for bit (unlike std::*_distribution)
// and costs about a nanosecond a draw, which the 10M samples/s target needs.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "core/seeding.hpp"

namespace crbench::sim::internal {

class Rng {
 public:
  using result_type = std::uint64_t;
  explicit Rng(std::uint64_t seed) {
    // SplitMix64 sequence, as the xoshiro authors recommend for seeding.
    for (std::uint64_t& s : s_) {
      s = mix64(seed);
      seed += kSplitMixGamma;
    }
  }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  result_type operator()() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// Standard normal variate by Box-Muller; used only to build the world, never per
// sample, so its two transcendental calls do not matter for speed.
inline double gaussian(Rng& rng) {
  const double u1 = 1.0 - uniform_unit(rng);  // (0, 1]: log is finite
  const double u2 = uniform_unit(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace crbench::sim::internal
