// The GRU kernels compiled for sse2 (per-file flags in CMakeLists.txt).
#define CRBENCH_GRU_LEVEL sse2
#define CRBENCH_GRU_LANES 4
#include "methods/asmg/gru_kernels.hpp"

namespace crbench::asmg {

void gru_forward_sse2(const GruTile<float>& tile) { sse2::forward<sse2::Lanes<float, 4>>(tile); }
void gru_backward_sse2(const GruTile<float>& tile) { sse2::backward<sse2::Lanes<float, 4>>(tile); }
void gru_tanh_sse2(const float* in, float* out, std::size_t n) {
  sse2::tanh_values<sse2::Lanes<float, 4>>(in, out, n);
}

}  // namespace crbench::asmg

namespace crbench::asmg {

void gru_forward_reference(const GruTile<double>& tile) {
  sse2::forward<sse2::Lanes<double, 4>>(tile);
}
void gru_backward_reference(const GruTile<double>& tile) {
  sse2::backward<sse2::Lanes<double, 4>>(tile);
}

}  // namespace crbench::asmg
