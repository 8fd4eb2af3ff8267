// Which x86 vector instruction set the hand-vectorised kernels (the ASMG GRU,
// BM_PeakFma) run with. The build sets no -march: kernels that gain from wider
// vectors are compiled once per level (per-file flags) and chosen here at run
// time. Every level computes the same IEEE operations in the same order per
// lane (no FMA contraction, no reduction across lanes), so results do not
// depend on the level: tests run each level explicitly and compare bit for bit.
//
// The level in use is the best the CPU and OS support, capped by the
// environment variable CRBENCH_SIMD (sse2 | avx2 | avx512) when it is set, so
// that a whole run can be repeated on a lower level to check that claim.
#pragma once

#include <string>
#include <string_view>

namespace crbench {

// sse2: the x86-64 baseline. avx2: 256-bit vectors (AVX2, 16 registers).
// avx512: AVX-512F/VL (32 vector registers, 512-bit vectors).
enum class SimdLevel { sse2 = 0, avx2 = 1, avx512 = 2 };

// Whether this CPU (and OS) can run code compiled for the level.
bool simd_supported(SimdLevel level);
// The best supported level, capped by CRBENCH_SIMD; a value of CRBENCH_SIMD
// that names no level, or one the CPU lacks, is a UsageError. Read once.
SimdLevel simd_level();
std::string_view simd_name(SimdLevel level);
// "sse2" | "avx2" | "avx512"; anything else is a UsageError naming `what`.
SimdLevel parse_simd_level(std::string_view text, const std::string& what);

}  // namespace crbench
