// The GRU kernels compiled for avx2 (per-file flags in CMakeLists.txt).
#define CRBENCH_GRU_LEVEL avx2
#define CRBENCH_GRU_LANES 8
#include "methods/asmg/gru_kernels.hpp"

namespace crbench::asmg {

void gru_forward_avx2(const GruTile<float>& tile) { avx2::forward<avx2::Lanes<float, 8>>(tile); }
void gru_backward_avx2(const GruTile<float>& tile) { avx2::backward<avx2::Lanes<float, 8>>(tile); }
void gru_tanh_avx2(const float* in, float* out, std::size_t n) {
  avx2::tanh_values<avx2::Lanes<float, 8>>(in, out, n);
}

}  // namespace crbench::asmg
