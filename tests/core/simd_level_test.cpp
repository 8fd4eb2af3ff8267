// The SIMD level names (CRBENCH_SIMD's values) and what every CPU supports.
#include "core/simd_level.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace crbench {
namespace {

TEST(SimdLevel, NamesRoundTripAndUnknownNamesAreUsageErrors) {
  for (const SimdLevel level : {SimdLevel::sse2, SimdLevel::avx2, SimdLevel::avx512}) {
    EXPECT_EQ(parse_simd_level(simd_name(level), "CRBENCH_SIMD"), level);
  }
  try {
    parse_simd_level("avx3", "CRBENCH_SIMD");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("CRBENCH_SIMD: 'avx3'"), std::string::npos) << e.what();
  }
}

TEST(SimdLevel, TheBaselineIsAlwaysSupportedAndTheLevelInUseIsSupported) {
  EXPECT_TRUE(simd_supported(SimdLevel::sse2));
  EXPECT_TRUE(simd_supported(simd_level()));
}

}  // namespace
}  // namespace crbench
