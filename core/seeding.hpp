// Seeds for every random choice a job makes, derived from the job's seed and the
// purpose, so that no two uses share a stream of random numbers and results do not
// depend on the order in which work happens to run.
#pragma once

#include <cstdint>
#include <string_view>

namespace crbench {

// SplitMix64 (Steele, Lea & Flood 2014): its state advances by kSplitMixGamma, and
// its finaliser is a bijective 64-bit mixer.
constexpr std::uint64_t kSplitMixGamma = 0x9e3779b97f4a7c15ULL;
constexpr std::uint64_t splitmix_finalise(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
// One SplitMix64 output for state x: the mixer every seed derivation uses.
constexpr std::uint64_t mix64(std::uint64_t x) { return splitmix_finalise(x + kSplitMixGamma); }

// FNV-1a, 64 bits (Fowler, Noll & Vo): a stable hash of a text. The offset basis
// is 1469598103934665603, not the standard 14695981039346656037 (a digit short):
// every seed and job hash so far was made with it, so it stays.
constexpr std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

// The purpose's name hashed, mixed with the seed and an index (a period).
constexpr std::uint64_t derive_seed(std::uint64_t seed, std::string_view purpose,
                                    std::uint64_t index = 0) {
  return mix64(mix64(seed ^ fnv1a(purpose)) + index);
}

// Uniform integer in [0, bound) without modulo bias (Lemire 2019), identical on
// every platform (std::uniform_int_distribution is implementation-defined).
template <class Rng>
std::uint64_t uniform_below(Rng& rng, std::uint64_t bound) {
  std::uint64_t x = rng();
  __uint128_t m = static_cast<__uint128_t>(x) * bound;
  auto low = static_cast<std::uint64_t>(m);
  if (low < bound) {
    const std::uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      x = rng();
      m = static_cast<__uint128_t>(x) * bound;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

// Uniform double in [0, 1) from the top 53 bits.
template <class Rng>
double uniform_unit(Rng& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

}  // namespace crbench
