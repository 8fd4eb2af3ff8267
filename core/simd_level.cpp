#include "core/simd_level.hpp"

#include <cstdlib>

#include "core/errors.hpp"

namespace crbench {

bool simd_supported(SimdLevel level) {
  switch (level) {
    case SimdLevel::sse2:
      return true;
    case SimdLevel::avx2:
      // libgcc's CPU model checks the OS's XSAVE state for the wide registers too.
      return __builtin_cpu_supports("avx2") != 0;
    case SimdLevel::avx512:
      return __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512vl") != 0;
  }
  return false;
}

std::string_view simd_name(SimdLevel level) {
  switch (level) {
    case SimdLevel::sse2:
      return "sse2";
    case SimdLevel::avx2:
      return "avx2";
    case SimdLevel::avx512:
      return "avx512";
  }
  return "?";
}

SimdLevel parse_simd_level(std::string_view text, const std::string& what) {
  for (const SimdLevel level : {SimdLevel::sse2, SimdLevel::avx2, SimdLevel::avx512}) {
    if (text == simd_name(level)) return level;
  }
  throw UsageError(what + ": '" + std::string(text) + "' is not a SIMD level (sse2, avx2, avx512)");
}

namespace {

SimdLevel detect() {
  SimdLevel best = SimdLevel::sse2;
  for (const SimdLevel level : {SimdLevel::avx2, SimdLevel::avx512}) {
    if (simd_supported(level)) best = level;
  }
  const char* cap = std::getenv("CRBENCH_SIMD");
  if (cap == nullptr || *cap == '\0') return best;
  const SimdLevel wanted = parse_simd_level(cap, "CRBENCH_SIMD");
  if (!simd_supported(wanted)) {
    throw UsageError("CRBENCH_SIMD: this CPU does not support " + std::string(cap));
  }
  return wanted;
}

}  // namespace

SimdLevel simd_level() {
  static const SimdLevel level = detect();
  return level;
}

}  // namespace crbench
