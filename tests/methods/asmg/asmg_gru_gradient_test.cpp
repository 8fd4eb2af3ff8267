// Finite-difference checks, in double, of the hand-derived truncated-BPTT backward
// pass of ASMG's coordinate-wise GRU (docs/methods/asmg.md), in every
// configuration the variants use: carried (non-zero, constant) initial state,
// zero state, single-step loss, multi-step weighted loss, a long full sequence,
// both weight layouts. The double kernels are the reference instantiation of
// the same kernel code as the float levels (asmg_gru_levels_test compares
// those with it).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "methods/asmg/asmg_gru.hpp"

namespace crbench {
namespace {

struct Case {
  int hidden;
  int length;
  bool carried;                 // non-zero initial state
  std::vector<double> weights;  // loss weight per step (0: no loss on that step)
  // Fewer than one lane block (asmg::kLanes) by default: the padded-tail path.
  std::size_t coordinates = 5;
  bool lane_groups = false;  // the dense weight layout (else [p][coordinate])
};

// Loss = sum_j weights[j] * sum_i c[j][i] * y_j[i], for fixed random c.
class GruProblem {
 public:
  explicit GruProblem(const Case& c) : c_(c), n_(c.coordinates) {
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    const auto L = static_cast<std::size_t>(c.length);
    const auto H = static_cast<std::size_t>(c.hidden);
    weights_.resize(asmg::gru_meta_size(c.hidden) * n_);
    for (double& w : weights_) w = u(rng);
    x_.assign(L, std::vector<double>(n_));
    for (auto& x : x_) {
      for (double& v : x) v = u(rng);
    }
    h0_.resize(H * n_);
    for (double& v : h0_) v = 0.8 * u(rng);
    coef_.assign(L, std::vector<double>(n_));
    for (auto& cf : coef_) {
      for (double& v : cf) v = u(rng);
    }
  }

  double loss(const std::vector<double>& w) const {
    const auto L = static_cast<std::size_t>(c_.length);
    std::vector<std::vector<double>> y(L, std::vector<double>(n_));
    std::vector<const double*> xs;
    std::vector<double*> ys;
    for (std::size_t j = 0; j < L; ++j) {
      xs.push_back(x_[j].data());
      ys.push_back(y[j].data());
    }
    asmg::gru_forward(c_.hidden, n_, c_.length, xs.data(), c_.carried ? h0_.data() : nullptr,
                      w.data(), layout(), ys.data(), nullptr);
    double total = 0.0;
    for (std::size_t j = 0; j < L; ++j) {
      for (std::size_t i = 0; i < n_; ++i) total += c_.weights[j] * coef_[j][i] * y[j][i];
    }
    return total;
  }

  std::vector<double> gradient() const {
    const auto L = static_cast<std::size_t>(c_.length);
    std::vector<double> cache(asmg::gru_cache_size(c_.hidden, c_.length, n_));
    std::vector<const double*> xs;
    std::vector<double*> none(L, nullptr);
    std::vector<std::vector<double>> dy(L, std::vector<double>(n_));
    std::vector<const double*> dys;
    for (std::size_t j = 0; j < L; ++j) {
      xs.push_back(x_[j].data());
      for (std::size_t i = 0; i < n_; ++i) dy[j][i] = c_.weights[j] * coef_[j][i];
      dys.push_back(c_.weights[j] != 0.0 ? dy[j].data() : nullptr);
    }
    asmg::gru_forward(c_.hidden, n_, c_.length, xs.data(), c_.carried ? h0_.data() : nullptr,
                      weights_.data(), layout(), none.data(), cache.data());
    std::vector<double> grad(weights_.size(), 0.0);
    asmg::gru_backward(c_.hidden, n_, c_.length, xs.data(), weights_.data(), layout(), dys.data(),
                       cache.data(), grad.data());
    return grad;
  }

  const std::vector<double>& weights() const { return weights_; }

 private:
  // Each coordinate its own weights, either [p][i] or in lane groups.
  asmg::WeightLayout layout() const {
    return c_.lane_groups ? asmg::lane_groups() : asmg::columns(n_);
  }

  Case c_;
  std::size_t n_;
  std::vector<double> weights_;
  std::vector<std::vector<double>> x_;
  std::vector<double> h0_;
  std::vector<std::vector<double>> coef_;
};

void check_gradient(const Case& c) {
  const GruProblem problem(c);
  const std::vector<double> analytic = problem.gradient();
  std::vector<double> w = problem.weights();
  const double eps = 1e-6;
  double max_abs = 0.0;
  for (const double g : analytic) max_abs = std::max(max_abs, std::abs(g));
  ASSERT_GT(max_abs, 1e-3);  // the check is not vacuous
  std::size_t nonzero = 0;
  for (std::size_t p = 0; p < w.size(); ++p) {
    const double saved = w[p];
    w[p] = saved + eps;
    const double up = problem.loss(w);
    w[p] = saved - eps;
    const double down = problem.loss(w);
    w[p] = saved;
    const double numeric = (up - down) / (2 * eps);
    EXPECT_NEAR(analytic[p], numeric, 1e-7 + 1e-6 * std::abs(numeric)) << "meta weight " << p;
    if (std::abs(numeric) > 1e-9) ++nonzero;
  }
  EXPECT_GT(nonzero, w.size() / 2);
}

TEST(AsmgGruGradient, SingleStepLossWithCarriedState) {
  check_gradient({4, 3, true, {0.0, 0.0, 1.0}});
}

TEST(AsmgGruGradient, SingleStepLossWithZeroState) {
  check_gradient({4, 3, false, {0.0, 0.0, 1.0}});
}

TEST(AsmgGruGradient, MultiStepLinearWeightsWithCarriedState) {
  check_gradient({4, 3, true, {1.0 / 6, 2.0 / 6, 3.0 / 6}});
}

TEST(AsmgGruGradient, MultiStepWithZeroStateAndOtherHiddenSize) {
  check_gradient({3, 4, false, {0.25, 0.25, 0.25, 0.25}});
}

TEST(AsmgGruGradient, FullSequenceLongWindow) {
  std::vector<double> w;
  for (int j = 1; j <= 12; ++j) w.push_back(j / 78.0);
  check_gradient({4, 12, false, w});
}

// Whole lane blocks and a tail, at the compiled hidden size and a runtime one.
TEST(AsmgGruGradient, SeveralLaneBlocksAndATail) {
  check_gradient({4, 3, true, {1.0 / 6, 2.0 / 6, 3.0 / 6}, 2 * asmg::kLanes + 3});
  check_gradient({2, 3, true, {0.0, 0.5, 0.5}, 2 * asmg::kLanes});
}

// The dense blocks' layout: a whole lane group, then a short group of one full
// lane block and a tail.
TEST(AsmgGruGradient, LaneGroupWeightLayout) {
  check_gradient({4, 3, true, {1.0 / 6, 2.0 / 6, 3.0 / 6}, asmg::kLaneGroup + 12, true});
  check_gradient({3, 2, false, {0.5, 0.5}, asmg::kLaneGroup + 5, true});
}

TEST(AsmgGruGradient, WindowOfOne) { check_gradient({4, 1, true, {1.0}}); }

}  // namespace
}  // namespace crbench
