// SML's transfer module: batched forward and hand-derived backward pass over the
// rows of one table (methods/sml/transfer_net.hpp; docs/methods/sml.md). The two
// convolutions act position-wise over the D entries of a row, so each is a small
// channel mix done with array operations; the FC layers are GEMMs over the batch.
#include "methods/sml/transfer_net.hpp"

#include <Eigen/Core>
#include <cmath>
#include <random>
#include <unsupported/Eigen/SpecialFunctions>  // vectorised erf

#include "methods/glorot.hpp"

namespace crbench {

namespace {

template <class T>
using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T>
using Map = Eigen::Map<Matrix<T>>;
template <class T>
using ConstMap = Eigen::Map<const Matrix<T>>;
template <class T>
using ConstRowMap = Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>>;
template <class T>
using RowMap = Eigen::Map<Eigen::Matrix<T, 1, Eigen::Dynamic>>;

constexpr int kC1 = TransferShape::kChannels1;
constexpr int kC2 = TransferShape::kChannels2;
// Added to ||p|| as the reference does, so that an all-zero row (e.g. a bias
// vector initialised to zero) gives a zero product term instead of 0/0.
constexpr double kNormEpsilon = 1e-15;

// GELU, exact form x Φ(x), and its derivative Φ(x) + x φ(x), over whole arrays
// so that erf and exp run vectorised (Eigen's packet erf for float).
template <class T, class Z>
void gelu(const Z& z, Map<T> out) {
  out.array() = T(0.5) * z.array() * (T(1) + (z.array() * T(M_SQRT1_2)).erf());
}
// g .*= gelu'(z)
template <class T, class Z>
void times_gelu_grad(const Z& z, Matrix<T>& g) {
  const auto x = z.array();
  g.array() *= T(0.5) * (T(1) + (x * T(M_SQRT1_2)).erf()) +
               x * (T(-0.5) * x.square()).exp() * T(0.5 * M_2_SQRTPI * M_SQRT1_2);
}

template <class T>
T* sized(std::vector<T>& v, std::size_t n) {
  v.resize(n);
  return v.data();
}

}  // namespace

template <class T>
void initialise_transfer(const TransferShape& shape, std::span<T> params, std::uint64_t seed) {
  // Every variable Glorot-uniform by its own shape as TensorFlow counts it
  // (methods/glorot.hpp), as the reference's tf.get_variable: the filters [3, 1, 1,
  // 10] and [10, 1, 1, 5], the FC kernels [5·D, L] and [L, D], and the FC biases
  // [L] and [D].
  std::mt19937_64 gen(seed);
  const auto d = static_cast<std::size_t>(shape.dim);
  const auto l = static_cast<std::size_t>(shape.fc_width);
  auto fill = [&](std::size_t offset, std::size_t count, double limit) {
    fill_uniform(params.subspan(offset, count), limit, gen);
  };
  fill(shape.conv1_offset(), kC1 * 3, glorot_limit({3, 1, 1, kC1}));
  fill(shape.conv2_offset(), kC2 * kC1, glorot_limit({kC1, 1, 1, kC2}));
  fill(shape.fc1_offset(), kC2 * d * l, glorot_limit({kC2 * d, l}));
  fill(shape.fc2_offset(), l * d, glorot_limit({l, d}));
  fill(shape.fc1_bias_offset(), l, glorot_limit({l}));
  fill(shape.fc2_bias_offset(), d, glorot_limit({d}));
}

template <class T>
void transfer_forward(const TransferShape& shape, std::span<const T> params, std::size_t n,
                      const T* p, const T* h, T* out, TransferCache<T>* cache) {
  TransferCache<T> local;
  TransferCache<T>& c = cache ? *cache : local;
  const int d = shape.dim;
  const int l = shape.fc_width;
  const auto rows = static_cast<Eigen::Index>(n);
  const T* k1 = params.data() + shape.conv1_offset();
  const T* k2 = params.data() + shape.conv2_offset();
  c.n = n;
  ConstMap<T> pm(p, rows, d);
  ConstMap<T> hm(h, rows, d);
  Map<T>(sized(c.p, n * d), rows, d) = pm;
  Map<T>(sized(c.h, n * d), rows, d) = hm;
  T* inv_norm = sized(c.inv_norm, n);
  Map<T> q(sized(c.q, n * d), rows, d);
  for (Eigen::Index r = 0; r < rows; ++r) {
    inv_norm[r] = T(1) / (pm.row(r).norm() + T(kNormEpsilon));
    q.row(r) = pm.row(r).cwiseProduct(hm.row(r)) * inv_norm[r];
  }
  // conv 3x1: channel ch at position j mixes p_j, h_j, q_j.
  Map<T> z1(sized(c.z1, n * kC1 * d), rows, kC1 * d);
  for (int ch = 0; ch < kC1; ++ch) {
    z1.middleCols(ch * d, d) = k1[ch * 3] * pm + k1[ch * 3 + 1] * hm + k1[ch * 3 + 2] * q;
  }
  Map<T> a1(sized(c.a1, n * kC1 * d), rows, kC1 * d);
  gelu<T>(z1, a1);
  // conv 1x1: channel ch2 at position j mixes the 10 channels at j.
  Map<T> z2(sized(c.z2, n * kC2 * d), rows, kC2 * d);
  for (int ch2 = 0; ch2 < kC2; ++ch2) {
    auto block = z2.middleCols(ch2 * d, d);
    block.setZero();
    for (int ch = 0; ch < kC1; ++ch) block += k2[ch2 * kC1 + ch] * a1.middleCols(ch * d, d);
  }
  Map<T> a2(sized(c.a2, n * kC2 * d), rows, kC2 * d);
  gelu<T>(z2, a2);
  ConstMap<T> fc1(params.data() + shape.fc1_offset(), kC2 * d, l);
  ConstRowMap<T> b1(params.data() + shape.fc1_bias_offset(), l);
  Map<T> z3(sized(c.z3, n * l), rows, l);
  z3.noalias() = a2 * fc1;
  z3.rowwise() += b1;
  Map<T> a3(sized(c.a3, n * l), rows, l);
  gelu<T>(z3, a3);
  ConstMap<T> fc2(params.data() + shape.fc2_offset(), l, d);
  ConstRowMap<T> b2(params.data() + shape.fc2_bias_offset(), d);
  Map<T> o(out, rows, d);
  o.noalias() = a3 * fc2;
  o.rowwise() += b2;
}

template <class T>
void transfer_backward(const TransferShape& shape, std::span<const T> params,
                       const TransferCache<T>& c, const T* grad_out, std::span<T> grad_params,
                       T* grad_h) {
  const int d = shape.dim;
  const int l = shape.fc_width;
  const auto rows = static_cast<Eigen::Index>(c.n);
  const T* k1 = params.data() + shape.conv1_offset();
  const T* k2 = params.data() + shape.conv2_offset();
  T* gk1 = grad_params.empty() ? nullptr : grad_params.data() + shape.conv1_offset();
  T* gk2 = grad_params.empty() ? nullptr : grad_params.data() + shape.conv2_offset();
  ConstMap<T> g_out(grad_out, rows, d);
  ConstMap<T> a3(c.a3.data(), rows, l);
  ConstMap<T> z3(c.z3.data(), rows, l);
  ConstMap<T> a2(c.a2.data(), rows, kC2 * d);
  ConstMap<T> z2(c.z2.data(), rows, kC2 * d);
  ConstMap<T> a1(c.a1.data(), rows, kC1 * d);
  ConstMap<T> z1(c.z1.data(), rows, kC1 * d);
  ConstMap<T> pm(c.p.data(), rows, d);
  ConstMap<T> hm(c.h.data(), rows, d);
  ConstMap<T> q(c.q.data(), rows, d);

  // out = a3 fc2 + b2.
  ConstMap<T> fc2(params.data() + shape.fc2_offset(), l, d);
  const bool params_wanted = !grad_params.empty();
  if (params_wanted) {
    Map<T>(grad_params.data() + shape.fc2_offset(), l, d).noalias() += a3.transpose() * g_out;
    RowMap<T>(grad_params.data() + shape.fc2_bias_offset(), d) += g_out.colwise().sum();
  }
  Matrix<T> g_z3 = g_out * fc2.transpose();
  times_gelu_grad<T>(z3, g_z3);
  // z3 = a2 fc1 + b1.
  ConstMap<T> fc1(params.data() + shape.fc1_offset(), kC2 * d, l);
  if (params_wanted) {
    Map<T>(grad_params.data() + shape.fc1_offset(), kC2 * d, l).noalias() += a2.transpose() * g_z3;
    RowMap<T>(grad_params.data() + shape.fc1_bias_offset(), l) += g_z3.colwise().sum();
  }
  Matrix<T> g_z2 = g_z3 * fc1.transpose();
  times_gelu_grad<T>(z2, g_z2);
  // z2[ch2] = sum_ch k2[ch2, ch] a1[ch].
  Matrix<T> g_z1 = Matrix<T>::Zero(rows, kC1 * d);
  for (int ch2 = 0; ch2 < kC2; ++ch2) {
    const auto g = g_z2.middleCols(ch2 * d, d);
    for (int ch = 0; ch < kC1; ++ch) {
      if (params_wanted) gk2[ch2 * kC1 + ch] += g.cwiseProduct(a1.middleCols(ch * d, d)).sum();
      g_z1.middleCols(ch * d, d) += k2[ch2 * kC1 + ch] * g;
    }
  }
  times_gelu_grad<T>(z1, g_z1);
  // z1[ch] = k1[ch,0] p + k1[ch,1] h + k1[ch,2] q, with q = p ⊙ h / (||p|| + eps).
  for (int ch = 0; params_wanted && ch < kC1; ++ch) {
    const auto g = g_z1.middleCols(ch * d, d);
    gk1[ch * 3] += g.cwiseProduct(pm).sum();
    gk1[ch * 3 + 1] += g.cwiseProduct(hm).sum();
    gk1[ch * 3 + 2] += g.cwiseProduct(q).sum();
  }
  if (grad_h == nullptr) return;
  Map<T> gh(grad_h, rows, d);
  gh.setZero();
  Matrix<T> p_scaled = pm;  // p / (||p|| + eps): dq/dh, elementwise
  for (Eigen::Index r = 0; r < rows; ++r)
    p_scaled.row(r) *= c.inv_norm[static_cast<std::size_t>(r)];
  for (int ch = 0; ch < kC1; ++ch) {
    const auto g = g_z1.middleCols(ch * d, d);
    gh += k1[ch * 3 + 1] * g + k1[ch * 3 + 2] * g.cwiseProduct(p_scaled);
  }
}

#define CRBENCH_TRANSFER_INSTANTIATE(T)                                                    \
  template void initialise_transfer<T>(const TransferShape&, std::span<T>, std::uint64_t); \
  template void transfer_forward<T>(const TransferShape&, std::span<const T>, std::size_t, \
                                    const T*, const T*, T*, TransferCache<T>*);            \
  template void transfer_backward<T>(const TransferShape&, std::span<const T>,             \
                                     const TransferCache<T>&, const T*, std::span<T>, T*);
CRBENCH_TRANSFER_INSTANTIATE(float)
CRBENCH_TRANSFER_INSTANTIATE(double)
#undef CRBENCH_TRANSFER_INSTANTIATE

}  // namespace crbench
