// The GRU kernels compiled for avx512 (per-file flags in CMakeLists.txt).
#define CRBENCH_GRU_LEVEL avx512
#define CRBENCH_GRU_LANES 8
#include "methods/asmg/gru_kernels.hpp"

namespace crbench::asmg {

void gru_forward_avx512(const GruTile<float>& tile) {
  avx512::forward<avx512::Lanes<float, 8>>(tile);
}
void gru_backward_avx512(const GruTile<float>& tile) {
  avx512::backward<avx512::Lanes<float, 8>>(tile);
}
void gru_tanh_avx512(const float* in, float* out, std::size_t n) {
  avx512::tanh_values<avx512::Lanes<float, 8>>(in, out, n);
}

}  // namespace crbench::asmg
