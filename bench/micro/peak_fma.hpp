// Kernels that keep the floating-point pipes of one core busy and nothing else:
// twelve independent dependency chains per iteration, enough to cover the
// latency of every pipe (FMA latency 4 on 2 pipes needs 8), on values that
// stay 1 (multiplier 1, addend 0, passed at run time so that the compiler
// cannot fold them). Each is compiled for its instruction set with a function
// attribute and run only where the CPU has it.
#pragma once

#include <cstdint>
#include <string_view>

namespace crbench::micro {

enum class PeakKernel {
  sse2_mul_add,    // 4 lanes; separate multiply and add chains (the x86-64 baseline has no FMA)
  avx2_mul_add,    // 8 lanes, no FMA: what the ASMG GRU kernels use at the avx2 level
  avx2_fma,        // 8 lanes, fused multiply-add
  avx512_mul_add,  // 16 lanes, no FMA: what the GRU kernels' avx512 level uses
  avx512_fma,      // 16 lanes, fused multiply-add
};

std::string_view peak_kernel_name(PeakKernel kernel);
bool peak_kernel_supported(PeakKernel kernel);
// fp32 operations of one round (a multiply-add counts 2).
double peak_kernel_flops_per_round(PeakKernel kernel);
// Runs `rounds` rounds; returns a value that depends on every chain.
float run_peak_kernel(PeakKernel kernel, std::int64_t rounds, float multiplier, float addend);

}  // namespace crbench::micro
