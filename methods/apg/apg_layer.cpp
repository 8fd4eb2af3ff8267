// Batched decomposed feed-forward and backward of the APG layer (see apg_layer.hpp).
// Notation per sample (row vectors): h = x U, t = h S, z = t V + b. Backward:
// dt = dz V^T, dS = h^T dt (an outer product), dh = dt S^T, dx = dh U^T; through a
// chain F_0 F_1 the factor gradients are (input of F_j)^T (gradient of its output).
#include "methods/apg/apg_layer.hpp"

#include <Eigen/Core>
#include <algorithm>

#include "methods/numerics.hpp"

namespace crbench::apg {

namespace {

// acts[j] = in F_0 ... F_j (batch x dims[j+1]).
void chain_forward(const MatrixChain& c, const float* in, Eigen::Index batch,
                   std::vector<std::vector<float>>& acts) {
  acts.resize(c.factors.size());
  const float* input = in;
  for (std::size_t j = 0; j < c.factors.size(); ++j) {
    const int fi = c.dims[j];
    const int fo = c.dims[j + 1];
    acts[j].resize(static_cast<std::size_t>(batch) * static_cast<std::size_t>(fo));
    MatrixMap(acts[j].data(), batch, fo).noalias() =
        ConstMatrixMap(input, batch, fi) * ConstMatrixMap(c.factors[j], fi, fo);
    input = acts[j].data();
  }
}

// From d_out (gradient of the chain's output): adds the factor gradients and, when
// d_in is not null, writes the gradient of the chain's input.
void chain_backward(const MatrixChain& c, const float* in,
                    const std::vector<std::vector<float>>& acts, const float* d_out,
                    Eigen::Index batch, const ChainGradient& grads, float* d_in) {
  RowMatrix d = ConstMatrixMap(d_out, batch, c.out());
  for (std::size_t j = c.factors.size(); j-- > 0;) {
    const int fi = c.dims[j];
    const int fo = c.dims[j + 1];
    const float* input = j == 0 ? in : acts[j - 1].data();
    MatrixMap(grads.factors[j], fi, fo).noalias() +=
        ConstMatrixMap(input, batch, fi).transpose() * d;
    if (j == 0 && d_in == nullptr) break;
    RowMatrix d_prev = d * ConstMatrixMap(c.factors[j], fi, fo).transpose();
    d.swap(d_prev);
  }
  if (d_in != nullptr) MatrixMap(d_in, batch, c.in()) = d;
}

}  // namespace

std::vector<float> collapse(const MatrixChain& chain) {
  RowMatrixD product =
      ConstMatrixMap(chain.factors[0], chain.dims[0], chain.dims[1]).cast<double>();
  for (std::size_t j = 1; j < chain.factors.size(); ++j) {
    const RowMatrixD next =
        product * ConstMatrixMap(chain.factors[j], chain.dims[j], chain.dims[j + 1]).cast<double>();
    product = next;
  }
  std::vector<float> out(static_cast<std::size_t>(product.size()));
  MatrixMap(out.data(), product.rows(), product.cols()) = product.cast<float>();
  return out;
}

void layer_forward(const MatrixChain& u, const MatrixChain& v, const float* bias, const float* x,
                   const float* s, std::size_t batch, LayerCache& cache, float* z_pre) {
  const auto b = static_cast<Eigen::Index>(batch);
  const int k = u.out();
  const int m = v.out();
  chain_forward(u, x, b, cache.u_acts);
  const float* h = cache.u_acts.back().data();
  const std::size_t kk = static_cast<std::size_t>(k) * static_cast<std::size_t>(k);
  cache.t.resize(batch * static_cast<std::size_t>(k));
  // The per-sample K x K product: the only part that depends on the condition.
  for (std::size_t r = 0; r < batch; ++r) {
    Eigen::Map<Eigen::RowVectorXf>(cache.t.data() + r * k, k).noalias() =
        Eigen::Map<const Eigen::RowVectorXf>(h + r * k, k) * ConstMatrixMap(s + r * kk, k, k);
  }
  chain_forward(v, cache.t.data(), b, cache.v_acts);
  MatrixMap z(z_pre, b, m);
  z = ConstMatrixMap(cache.v_acts.back().data(), b, m);
  z.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(bias, m);
}

void layer_backward(const MatrixChain& u, const MatrixChain& v, const float* x, const float* s,
                    std::size_t batch, const LayerCache& cache, const float* dz,
                    const ChainGradient& du, const ChainGradient& dv, float* db, float* ds,
                    float* dx) {
  const auto b = static_cast<Eigen::Index>(batch);
  const int k = u.out();
  const int m = v.out();
  Eigen::Map<Eigen::RowVectorXf>(db, m) += ConstMatrixMap(dz, b, m).colwise().sum();
  std::vector<float> dt(batch * static_cast<std::size_t>(k));
  chain_backward(v, cache.t.data(), cache.v_acts, dz, b, dv, dt.data());
  const float* h = cache.u_acts.back().data();
  const std::size_t kk = static_cast<std::size_t>(k) * static_cast<std::size_t>(k);
  std::vector<float> dh(batch * static_cast<std::size_t>(k));
  for (std::size_t r = 0; r < batch; ++r) {
    const Eigen::Map<const Eigen::RowVectorXf> h_r(h + r * k, k);
    const Eigen::Map<const Eigen::RowVectorXf> dt_r(dt.data() + r * k, k);
    MatrixMap(ds + r * kk, k, k).noalias() = h_r.transpose() * dt_r;
    Eigen::Map<Eigen::RowVectorXf>(dh.data() + r * k, k).noalias() =
        dt_r * ConstMatrixMap(s + r * kk, k, k).transpose();
  }
  chain_backward(u, x, cache.u_acts, dh.data(), b, du, dx);
}

}  // namespace crbench::apg
