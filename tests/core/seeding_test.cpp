// The hash and the mixer every seed and job hash is made from. FNV-1a 64 with
// crbench's offset basis 1469598103934665603 (the standard one has a seventh
// digit more, so the published test vectors do not apply; these were computed
// in Python: h = basis; for each byte h = ((h ^ b) * 0x100000001b3) mod 2^64),
// and the first output of SplitMix64 from state 0 (Vigna's splitmix64.c).
#include <gtest/gtest.h>

#include "core/seeding.hpp"

namespace crbench {
namespace {

TEST(Seeding, Fnv1aWithCrbenchsOffsetBasis) {
  static_assert(fnv1a("") == 1469598103934665603ULL);
  EXPECT_EQ(fnv1a("a"), 0x44bd8ad473cd9906ULL);
  EXPECT_EQ(fnv1a("foobar"), 0x88fad7c0a8ff07f2ULL);
}

TEST(Seeding, Mix64IsSplitMix64) {
  EXPECT_EQ(mix64(0), 0xe220a8397b1dcdafULL);
  // The finaliser alone is the same mixer one state step earlier.
  EXPECT_EQ(splitmix_finalise(kSplitMixGamma), mix64(0));
  // derive_seed: the purpose's hash, mixed with the seed, then the index.
  EXPECT_EQ(derive_seed(7, "x", 3), mix64(mix64(7 ^ fnv1a("x")) + 3));
  EXPECT_NE(derive_seed(7, "x", 3), derive_seed(7, "y", 3));
}

}  // namespace
}  // namespace crbench
