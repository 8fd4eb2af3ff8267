// SML's transfer module (docs/methods/sml.md): the forward pass against a plain
// loop implementation written here from the equations, its hand-derived gradients
// (w.r.t. every weight and w.r.t. Ŵ) against central finite differences in double,
// and the per-block nets of ModelTransfer on real model layouts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "core/errors.hpp"
#include "methods/base_models/emb_mlp.hpp"
#include "methods/base_models/matrix_factorisation.hpp"
#include "methods/sml/model_transfer.hpp"
#include "methods/sml/transfer_net.hpp"
#include "tests/support/tiny_stream.hpp"

namespace crbench {
namespace {

std::vector<double> random_vector(std::size_t n, std::uint64_t seed, double scale) {
  std::mt19937_64 gen(seed);
  std::vector<double> v(n);
  for (auto& x : v) x = scale * (static_cast<double>(gen() >> 11) * 0x1.0p-53 * 2.0 - 1.0);
  return v;
}

double gelu_ref(double x) { return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0))); }

// One row through the net, straight from the definition (no shared code).
std::vector<double> reference_row(const TransferShape& sh, const std::vector<double>& w,
                                  const double* p, const double* h) {
  const int d = sh.dim, l = sh.fc_width;
  double norm = 0.0;
  for (int j = 0; j < d; ++j) norm += p[j] * p[j];
  norm = std::sqrt(norm);
  std::vector<double> a1(10 * d), a2(5 * d), a3(l), out(d);
  for (int c = 0; c < 10; ++c)
    for (int j = 0; j < d; ++j) {
      const double q = p[j] * h[j] / (norm + 1e-15);
      a1[c * d + j] = gelu_ref(w[c * 3] * p[j] + w[c * 3 + 1] * h[j] + w[c * 3 + 2] * q);
    }
  for (int c2 = 0; c2 < 5; ++c2)
    for (int j = 0; j < d; ++j) {
      double z = 0.0;
      for (int c = 0; c < 10; ++c) z += w[30 + c2 * 10 + c] * a1[c * d + j];
      a2[c2 * d + j] = gelu_ref(z);
    }
  for (int o = 0; o < l; ++o) {
    double z = w[sh.fc1_bias_offset() + o];
    for (int i = 0; i < 5 * d; ++i) z += a2[i] * w[sh.fc1_offset() + i * l + o];
    a3[o] = gelu_ref(z);
  }
  for (int j = 0; j < d; ++j) {
    double z = w[sh.fc2_bias_offset() + j];
    for (int o = 0; o < l; ++o) z += a3[o] * w[sh.fc2_offset() + o * d + j];
    out[j] = z;
  }
  return out;
}

struct NetCase {
  TransferShape shape;
  std::size_t rows;
};

class TransferNetTest : public ::testing::TestWithParam<NetCase> {};

TEST_P(TransferNetTest, ForwardMatchesTheDefinition) {
  const auto [sh, n] = GetParam();
  std::vector<double> w(sh.parameter_count());
  initialise_transfer<double>(sh, w, 7);
  for (std::size_t k = sh.fc1_bias_offset(); k < sh.fc2_offset(); ++k) w[k] = 0.1;  // biases on
  const auto p = random_vector(n * sh.dim, 1, 0.5);
  const auto h = random_vector(n * sh.dim, 2, 0.5);
  std::vector<double> out(n * sh.dim);
  transfer_forward<double>(sh, w, n, p.data(), h.data(), out.data(), nullptr);
  for (std::size_t r = 0; r < n; ++r) {
    const auto ref = reference_row(sh, w, p.data() + r * sh.dim, h.data() + r * sh.dim);
    for (int j = 0; j < sh.dim; ++j) EXPECT_NEAR(out[r * sh.dim + j], ref[j], 1e-12);
  }
}

TEST_P(TransferNetTest, GradientsMatchFiniteDifferences) {
  // Named copies, not structured bindings: the lambdas below capture them.
  const TransferShape sh = GetParam().shape;
  const std::size_t n = GetParam().rows;
  std::vector<double> w(sh.parameter_count());
  initialise_transfer<double>(sh, w, 8);
  // Non-zero biases and larger conv weights push activations off GELU's linear part.
  const auto jitter = random_vector(w.size(), 3, 0.3);
  for (std::size_t k = 0; k < w.size(); ++k) w[k] += jitter[k];
  const auto p = random_vector(n * sh.dim, 4, 0.8);
  auto h = random_vector(n * sh.dim, 5, 0.8);
  const auto c = random_vector(n * sh.dim, 6, 1.0);  // loss = sum c . out
  auto loss = [&](const std::vector<double>& weights, const std::vector<double>& hat) {
    std::vector<double> out(n * sh.dim);
    transfer_forward<double>(sh, weights, n, p.data(), hat.data(), out.data(), nullptr);
    double s = 0.0;
    for (std::size_t k = 0; k < out.size(); ++k) s += c[k] * out[k];
    return s;
  };
  TransferCache<double> cache;
  std::vector<double> out(n * sh.dim);
  transfer_forward<double>(sh, w, n, p.data(), h.data(), out.data(), &cache);
  std::vector<double> gw(w.size(), 0.0), gh(h.size(), 0.0);
  transfer_backward<double>(sh, w, cache, c.data(), gw, gh.data());
  const double eps = 1e-6;
  for (std::size_t k = 0; k < w.size(); ++k) {
    auto up = w, down = w;
    up[k] += eps;
    down[k] -= eps;
    const double fd = (loss(up, h) - loss(down, h)) / (2 * eps);
    ASSERT_NEAR(gw[k], fd, 1e-7 + 1e-5 * std::abs(fd)) << "weight " << k;
  }
  for (std::size_t k = 0; k < h.size(); ++k) {
    auto up = h, down = h;
    up[k] += eps;
    down[k] -= eps;
    const double fd = (loss(w, up) - loss(w, down)) / (2 * eps);
    ASSERT_NEAR(gh[k], fd, 1e-7 + 1e-5 * std::abs(fd)) << "hat entry " << k;
  }
  // Frozen f: the Ŵ gradient alone, weights' gradient skipped.
  std::vector<double> gh_only(h.size(), 0.0);
  transfer_backward<double>(sh, w, cache, c.data(), std::span<double>(), gh_only.data());
  EXPECT_EQ(gh_only, gh);
}

INSTANTIATE_TEST_SUITE_P(Shapes, TransferNetTest,
                         ::testing::Values(NetCase{{8, 20}, 5}, NetCase{{9, 20}, 3},
                                           NetCase{{1, 2}, 4}, NetCase{{20, 40}, 1}),
                         [](const ::testing::TestParamInfo<NetCase>& info) {
                           return "D" + std::to_string(info.param.shape.dim) + "_L" +
                                  std::to_string(info.param.shape.fc_width) + "_rows" +
                                  std::to_string(info.param.rows);
                         });

TEST(TransferNetTest, AZeroPreviousRowGivesAZeroProductTermAndFiniteGradients) {
  const TransferShape sh{4, 6};
  std::vector<double> w(sh.parameter_count());
  initialise_transfer<double>(sh, w, 9);
  const std::vector<double> p(4, 0.0);
  const std::vector<double> h = {0.5, -0.2, 0.1, 0.7};
  TransferCache<double> cache;
  std::vector<double> out(4), gw(w.size(), 0.0), gh(4);
  transfer_forward<double>(sh, w, 1, p.data(), h.data(), out.data(), &cache);
  for (const double q : cache.q) EXPECT_EQ(q, 0.0);
  const std::vector<double> g = {1, 1, 1, 1};
  transfer_backward<double>(sh, w, cache, g.data(), gw, gh.data());
  for (const double x : gh) EXPECT_TRUE(std::isfinite(x));
  for (const double x : out) EXPECT_TRUE(std::isfinite(x));
}

TEST(TransferNetTest, EveryVariableIsGlorotByItsOwnShape) {
  // D = 8, L = 20, as the reference's tf.get_variable (TensorFlow's fans):
  // filter [3, 1, 1, 10]: sqrt(6 / (3 + 30)) = 0.426; [10, 1, 1, 5]: sqrt(6 / 60) =
  // 0.316; FC kernels [40, 20]: 0.316 and [20, 8]: sqrt(6 / 28) = 0.463; FC biases
  // [20]: sqrt(3 / 20) = 0.387 and [8]: sqrt(3 / 8) = 0.612 (not zero).
  const TransferShape sh{8, 20};
  std::vector<float> w(sh.parameter_count());
  initialise_transfer<float>(sh, w, 3);
  struct Part {
    std::size_t begin, end;
    double limit;
  };
  const Part parts[] = {{sh.conv1_offset(), sh.conv2_offset(), 0.4264},
                        {sh.conv2_offset(), sh.fc1_offset(), 0.3162},
                        {sh.fc1_offset(), sh.fc1_bias_offset(), 0.3162},
                        {sh.fc1_bias_offset(), sh.fc2_offset(), 0.3873},
                        {sh.fc2_offset(), sh.fc2_bias_offset(), 0.4629},
                        {sh.fc2_bias_offset(), sh.parameter_count(), 0.6124}};
  for (const Part& p : parts) {
    double largest = 0.0;
    for (std::size_t k = p.begin; k < p.end; ++k) {
      largest = std::max(largest, static_cast<double>(std::fabs(w[k])));
    }
    EXPECT_LE(largest, p.limit) << p.begin;
    // P(all of n >= 8 values below half the limit) = 2^-n <= 0.4%.
    EXPECT_GT(largest, 0.5 * p.limit) << p.begin;
  }
}

TEST(ModelTransferTest, NetWidthsFollowMethodsSection4) {
  const Stream s = test_support::make_random_tiny_stream(1, 5, 6, 3, 30);
  EmbMlp emb(shape_of(s), {}, 1);
  const ModelTransfer f(emb.layout(), 2);
  // user, item, category tables (rows of 8, width 20), then the MLP kernels and
  // biases as single rows with the reference's widths 80/40/40/20/20/2.
  const std::vector<int> dims = {8, 8, 8, 40 * 20, 20, 20 * 10, 10, 10, 1};
  const std::vector<int> widths = {20, 20, 20, 80, 40, 40, 20, 20, 2};
  ASSERT_EQ(emb.layout().size(), widths.size());
  for (std::size_t b = 0; b < widths.size(); ++b) {
    EXPECT_EQ(f.net_shape(b).dim, dims[b]) << emb.layout()[b].name;
    EXPECT_EQ(f.net_shape(b).fc_width, widths[b]) << emb.layout()[b].name;
  }
  MatrixFactorisation mf(shape_of(s), MfParams{8}, 1);
  const ModelTransfer g(mf.layout(), 2);
  EXPECT_EQ(g.net_shape(0).dim, 9);  // [factors ; bias]
  EXPECT_EQ(g.net_shape(2).dim, 1);
  EXPECT_EQ(g.net_shape(2).fc_width, 2);
}

TEST(ModelTransferTest, RefusesModelsWhoseDenseTensorsMakeTheNetsTooLarge) {
  // A 5000 x 5000 dense kernel: one row of 25M entries with FC width 10000.
  const std::vector<ParamBlock> layout = {{"big.weight", 0, 5000, 5000, false}};
  EXPECT_THROW(ModelTransfer(layout, 1), UsageError);
}

TEST(ModelTransferTest, GenerateWritesOnlyTheListedRowsAndAgreesWithGenerateAll) {
  const Stream s = test_support::make_random_tiny_stream(1, 6, 7, 0, 30);
  MatrixFactorisation mf(shape_of(s), MfParams{3}, 1);
  const ModelTransfer f(mf.layout(), 3);
  const std::vector<float> prev(mf.parameters().begin(), mf.parameters().end());
  std::vector<float> hat = prev;
  for (std::size_t k = 0; k < hat.size(); ++k) hat[k] += 0.01f * static_cast<float>(k % 7);
  std::vector<float> all(prev.size()), some(prev.size(), -99.0f);
  f.generate_all(prev, hat, all);
  f.generate(prev, hat, {{1, 4}, {0, 6}, {}}, some);
  const std::size_t cols = 4;
  for (std::size_t k = 0; k < prev.size(); ++k) {
    const bool user_listed = k < 6 * cols && (k / cols == 1 || k / cols == 4);
    const bool item_listed =
        k >= 6 * cols && k < 13 * cols && ((k - 24) / cols == 0 || (k - 24) / cols == 6);
    const bool global = k == prev.size() - 1;
    if (user_listed || item_listed || global) {
      // Equal up to rounding: the GEMM's summation order depends on the batch size.
      EXPECT_NEAR(some[k], all[k], 1e-6 * (1.0 + std::abs(all[k]))) << k;
    } else {
      EXPECT_EQ(some[k], -99.0f) << k;
    }
  }
}

// The whole chain a Ŵ or f step uses: MF loss of f(prev, hat) on a batch, its
// gradient through ModelTransfer::backward vs finite differences (float model,
// so a looser tolerance), w.r.t. Ŵ and w.r.t. the nets' weights.
TEST(ModelTransferTest, ChainGradientThroughTheModelMatchesFiniteDifferences) {
  const Stream s = test_support::make_random_tiny_stream(11, 6, 8, 0, 60);
  MatrixFactorisation work(shape_of(s), MfParams{3}, 1);
  MatrixFactorisation prev_model(shape_of(s), MfParams{3}, 2);
  const std::vector<float> prev(prev_model.parameters().begin(), prev_model.parameters().end());
  std::vector<float> hat = prev;
  for (std::size_t k = 0; k < hat.size(); ++k) hat[k] += 0.05f * static_cast<float>(k % 5) - 0.1f;
  ModelTransfer f(work.layout(), 4);
  std::vector<RowIndex> batch;
  for (RowIndex r = 0; r < 40; ++r) batch.push_back(r);
  auto loss = [&] {
    f.generate_all(prev, hat, work.parameters());
    Gradient scratch(work.layout());
    return work.loss_and_gradient(s, batch, {}, scratch);
  };
  f.generate_all(prev, hat, work.parameters());
  Gradient model_grad(work.layout()), hat_grad(work.layout()), net_grad(f.layout());
  work.loss_and_gradient(s, batch, {}, model_grad);
  f.backward(prev, hat, model_grad, &net_grad, &hat_grad);
  auto check = [&](float& x, float analytic, const char* what, std::size_t k) {
    const float saved = x;
    const float eps = 2e-3f;
    x = saved + eps;
    const double up = loss();
    x = saved - eps;
    const double down = loss();
    x = saved;
    const double fd = (up - down) / (2.0 * eps);
    EXPECT_NEAR(analytic, fd, 2e-4 + 2e-2 * std::abs(fd)) << what << " " << k;
    return std::abs(fd);
  };
  double hat_signal = 0.0;
  for (std::size_t k = 0; k < hat.size(); ++k)
    hat_signal += check(hat[k], hat_grad.data()[k], "hat", k);
  EXPECT_GT(hat_signal, 1e-2);  // the check saw real gradients
  // Every weight of the table nets and a sample of each net.
  for (std::size_t k = 0; k < f.parameters().size(); k += 3) {
    check(f.parameters()[k], net_grad.data()[k], "net weight", k);
  }
}

}  // namespace
}  // namespace crbench
