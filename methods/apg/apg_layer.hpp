// The APG layer's batched kernels (docs/methods/apg.md; Yan et al., NeurIPS 2022):
// z_pre = ((x U) S(z)) V + b for a batch of samples, each with its own generated
// K x K matrix S, computed as a decomposed feed-forward -- x U (N -> K), one K x K
// product per sample, then V (K -> M) -- so that W = U S V is never formed and a
// sample costs O((N + M)·K + K²) instead of O(N·M). U and V are each a chain of
// factors: {U_l, U_r} while training (over-parameterisation U = U_l U_r) and the
// collapsed {U} when serving. The generator that makes S lives in the model.
#pragma once

#include <cstddef>
#include <vector>

namespace crbench::apg {

// The product F_0 F_1 ... of row-major factors, factor j being dims[j] x dims[j+1].
struct MatrixChain {
  std::vector<const float*> factors;
  std::vector<int> dims;  // factors.size() + 1 entries
  int in() const { return dims.front(); }
  int out() const { return dims.back(); }
};

// Collapses a chain to one row-major in() x out() matrix (accumulated in double:
// the serving matrix is the training product up to one float rounding).
std::vector<float> collapse(const MatrixChain& chain);

// What the forward pass keeps for the backward pass of one batch.
struct LayerCache {
  std::vector<std::vector<float>> u_acts;  // x F_0, x F_0 F_1, ... (last: h = x U, B x K)
  std::vector<float> t;                    // B x K: t_b = h_b S_b
  std::vector<std::vector<float>> v_acts;  // t V_0, t V_0 V_1, ... (last: B x M)
};

// z_pre (B x M) = ((x U) S) V + b, x (B x N) and s (B x K², row b = S_b row-major).
void layer_forward(const MatrixChain& u, const MatrixChain& v, const float* bias, const float* x,
                   const float* s, std::size_t batch, LayerCache& cache, float* z_pre);

// Gradients of one chain's factors (row-major, laid out like the factors).
struct ChainGradient {
  std::vector<float*> factors;
};

// Backward pass from dz (B x M, dLoss/dz_pre): adds to the factor gradients and
// db, writes ds (B x K²) and dx (B x N; skipped when dx is null).
void layer_backward(const MatrixChain& u, const MatrixChain& v, const float* x, const float* s,
                    std::size_t batch, const LayerCache& cache, const float* dz,
                    const ChainGradient& du, const ChainGradient& dv, float* db, float* ds,
                    float* dx);

}  // namespace crbench::apg
