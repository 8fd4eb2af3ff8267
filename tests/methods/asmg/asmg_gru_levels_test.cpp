// The GRU kernels compiled for each SIMD level (methods/asmg/gru_kernels.hpp):
// every level this CPU supports gives the same outputs, final states and
// meta-weight gradients, bit for bit, in every configuration the generator
// uses (both weight layouts, embedding columns read in place by many rows, a
// padded tail, several hidden sizes and window lengths); each level's float
// results follow the double reference kernel that asmg_gru_gradient_test checks
// against finite differences (so every level's backward pass is checked); the
// generator run at each level gives the same models and gradients; and the
// float tanh is within its stated error of std::tanh over the whole float range.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "core/simd_level.hpp"
#include "methods/asmg/asmg_generator.hpp"
#include "methods/asmg/asmg_gru.hpp"
#include "methods/asmg/asmg_method.hpp"

namespace crbench {
namespace {

constexpr SimdLevel kLevels[] = {SimdLevel::sse2, SimdLevel::avx2, SimdLevel::avx512};

struct Config {
  int hidden;
  int length;
  bool carried;
  std::size_t n;
  asmg::WeightLayout layout;
  std::size_t weight_count;  // scalars of the weight buffer
};

std::vector<Config> configs() {
  const std::size_t p4 = asmg::gru_meta_size(4);
  return {
      // An embedding of 8 columns read in place by 37 rows.
      {4, 3, true, 8 * 37, asmg::columns(8), p4 * 8},
      // 16 columns, one step.
      {4, 1, false, 16 * 5, asmg::columns(16), p4 * 16},
      // Dense lane groups: three whole groups and one of 13 (a block and a tail).
      {4, 3, true, 3 * 16 + 13, asmg::lane_groups(), p4 * (3 * 16 + 13)},
      // Own weights per coordinate, a long window, a run-time hidden size.
      {3, 12, false, 29, asmg::columns(29), asmg::gru_meta_size(3) * 29},
      {5, 2, true, 40, asmg::lane_groups(), asmg::gru_meta_size(5) * 40},
  };
}

template <class T>
struct Problem {
  std::vector<std::vector<T>> x, dy, y;
  std::vector<T> h0, weights, h_final, grads, cache;

  Problem(const Config& c, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    // Float-exact draws, so that the double problem has the same inputs.
    auto draw = [&rng](double scale) {
      return static_cast<T>(scale * (static_cast<double>(rng() >> 40) * 0x1.0p-23 - 1.0));
    };
    const auto L = static_cast<std::size_t>(c.length);
    const auto H = static_cast<std::size_t>(c.hidden);
    x.assign(L, std::vector<T>(c.n));
    dy.assign(L, std::vector<T>(c.n));
    y.assign(L, std::vector<T>(c.n, T(0)));
    for (auto& v : x) {
      for (T& e : v) e = draw(1.0);
    }
    for (auto& v : dy) {
      for (T& e : v) e = draw(1.0);
    }
    h0.resize(H * c.n);
    for (T& e : h0) e = draw(0.8);
    weights.resize(c.weight_count);
    for (T& e : weights) e = draw(0.7);
    grads.resize(c.weight_count);
    for (T& e : grads) e = draw(0.1);  // gradients are added to what is there
    h_final.assign(H * c.n, T(0));
    cache.assign(asmg::gru_cache_size(c.hidden, c.length, c.n), T(0));
  }
};

template <class T, class... Level>
void run(const Config& c, Problem<T>& p, Level... level) {
  const auto L = static_cast<std::size_t>(c.length);
  std::vector<const T*> xs, dys;
  std::vector<T*> ys;
  for (std::size_t j = 0; j < L; ++j) {
    xs.push_back(p.x[j].data());
    ys.push_back(p.y[j].data());
    // The middle steps of a window have no loss in single-step training.
    dys.push_back(j == 0 && L > 2 ? nullptr : p.dy[j].data());
  }
  asmg::gru_forward(c.hidden, c.n, c.length, xs.data(), c.carried ? p.h0.data() : nullptr,
                    p.weights.data(), c.layout, ys.data(), p.cache.data(), p.h_final.data(),
                    level...);
  asmg::gru_backward(c.hidden, c.n, c.length, xs.data(), p.weights.data(), c.layout, dys.data(),
                     p.cache.data(), p.grads.data(), level...);
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

TEST(AsmgGruLevels, EveryLevelGivesTheSameBits) {
  for (const Config& c : configs()) {
    Problem<float> reference(c, 5);
    run(c, reference, SimdLevel::sse2);
    for (const SimdLevel level : kLevels) {
      if (!simd_supported(level)) continue;
      Problem<float> p(c, 5);
      run(c, p, level);
      const std::string where = std::string(simd_name(level)) + " H=" + std::to_string(c.hidden) +
                                " L=" + std::to_string(c.length) + " n=" + std::to_string(c.n);
      for (std::size_t j = 0; j < p.y.size(); ++j) {
        EXPECT_TRUE(same_bits(p.y[j], reference.y[j])) << where << " output " << j;
      }
      EXPECT_TRUE(same_bits(p.h_final, reference.h_final)) << where;
      EXPECT_TRUE(same_bits(p.grads, reference.grads)) << where;
    }
  }
}

TEST(AsmgGruLevels, EveryLevelFollowsTheDoubleReference) {
  // The double kernels (exact tanh) pass the finite-difference checks; each
  // float level must agree with them to float accuracy, outputs and gradients.
  for (const Config& c : configs()) {
    Problem<double> exact(c, 7);
    run(c, exact);
    for (const SimdLevel level : kLevels) {
      if (!simd_supported(level)) continue;
      Problem<float> p(c, 7);
      run(c, p, level);
      const std::string where = std::string(simd_name(level)) + " n=" + std::to_string(c.n);
      double scale = 0.0;
      for (const double g : exact.grads) scale = std::max(scale, std::abs(g));
      ASSERT_GT(scale, 0.1) << where;
      for (std::size_t k = 0; k < p.grads.size(); ++k) {
        ASSERT_NEAR(p.grads[k], exact.grads[k], 1e-5 * scale) << where << " gradient " << k;
      }
      for (std::size_t j = 0; j < p.y.size(); ++j) {
        for (std::size_t i = 0; i < c.n; ++i) {
          ASSERT_NEAR(p.y[j][i], exact.y[j][i], 1e-5 * (1.0 + std::abs(exact.y[j][i])))
              << where << " output " << j << " coordinate " << i;
        }
      }
    }
  }
}

// A layout with every kind of block: an embedding read in place (8 columns), one
// whose columns are repeated across a tile (3 columns), dense scalars over two
// tiles and a tail.
std::vector<ParamBlock> mixed_layout() {
  return {{"wide", 0, 40, 8, true},
          {"narrow", 320, 30, 3, true},
          {"dense", 410, 1, 2 * asmg::kTile + 13, false}};
}

TEST(AsmgGruLevels, TheGeneratorGivesTheSameBitsAtEveryLevel) {
  const std::vector<ParamBlock> layout = mixed_layout();
  std::vector<std::vector<float>> models(3);
  std::vector<std::vector<float>> coef(3);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<float> u(-0.5f, 0.5f);
  const std::size_t size = 410 + 2 * asmg::kTile + 13;
  for (std::size_t j = 0; j < 3; ++j) {
    models[j].resize(size);
    coef[j].resize(size);
    for (float& v : models[j]) v = u(rng);
    for (float& v : coef[j]) v = u(rng);
  }
  const RowSelection rows = {{1, 4, 5, 17, 39}, {0, 2, 29}, {}};
  struct Result {
    std::vector<std::vector<float>> out;
    std::vector<float> state, grad;
  };
  auto generate = [&](SimdLevel level) {
    const AsmgGenerator gen(layout, GeneratorKind::gru, 4, 3, 21, level);
    Result r;
    r.state.resize(gen.state_size());
    gen.first_state(models[0].data(), nullptr, r.state);
    r.out.assign(3, std::vector<float>(size, 0.0f));
    std::vector<float*> outs = {r.out[0].data(), r.out[1].data(), r.out[2].data()};
    const std::vector<const float*> window = {models[0].data(), models[1].data(), models[2].data()};
    GeneratorTape tape;
    gen.forward(window, r.state.data(), rows, outs, &tape);
    r.grad.assign(gen.meta_parameters().size(), 0.0f);
    const std::vector<const float*> d = {coef[0].data(), coef[1].data(), coef[2].data()};
    gen.backward(window, r.state.data(), rows, d, asmg_loss_weights(LossWeighting::linear, 3),
                 r.grad, &tape);
    // And once more recomputing the activations, over every row.
    gen.backward(window, r.state.data(), {}, d, asmg_loss_weights(LossWeighting::uniform, 3),
                 r.grad);
    return r;
  };
  const Result reference = generate(SimdLevel::sse2);
  for (const SimdLevel level : kLevels) {
    if (!simd_supported(level)) continue;
    const Result r = generate(level);
    EXPECT_TRUE(same_bits(r.state, reference.state)) << simd_name(level);
    for (std::size_t j = 0; j < 3; ++j) {
      EXPECT_TRUE(same_bits(r.out[j], reference.out[j])) << simd_name(level) << " model " << j;
    }
    EXPECT_TRUE(same_bits(r.grad, reference.grad)) << simd_name(level);
  }
}

using TanhFunction = void (*)(const float*, float*, std::size_t);

TanhFunction tanh_of(SimdLevel level) {
  switch (level) {
    case SimdLevel::sse2:
      return asmg::gru_tanh_sse2;
    case SimdLevel::avx2:
      return asmg::gru_tanh_avx2;
    case SimdLevel::avx512:
      return asmg::gru_tanh_avx512;
  }
  return nullptr;
}

// The stated bound of the float tanh (Eigen's rational approximation, see
// gru_kernels.hpp): within 1e-6 of std::tanh relative to |tanh x|, and within
// 8 units in the last place of the correctly rounded float, for every float.
TEST(AsmgGruLevels, TanhIsWithinItsStatedErrorEverywhere) {
  std::vector<float> x;
  // A dense grid over the range where tanh is not yet +-1 in float, ...
  for (int i = 0; i <= (1 << 21); ++i) {
    x.push_back(-10.0f + 20.0f * static_cast<float>(i) / static_cast<float>(1 << 21));
  }
  // ... every 4099th bit pattern over all floats (denormals, huge values), ...
  for (std::uint64_t b = 0; b < (std::uint64_t{1} << 32); b += 4099) {
    const auto bits = static_cast<std::uint32_t>(b);
    float f;
    std::memcpy(&f, &bits, sizeof f);
    if (std::isfinite(f)) x.push_back(f);
  }
  // ... and the edges: zeros, the smallest values, the approximation's switch
  // points (|x| < 4e-4 returns x; the clamp at 7.905), the largest, infinities.
  const float inf = std::numeric_limits<float>::infinity();
  for (const float e : {0.0f, std::numeric_limits<float>::denorm_min(),
                        std::numeric_limits<float>::min(), 3.9999e-4f, 4e-4f, 4.0001e-4f, 7.9053f,
                        7.9054f, 9.0f, std::numeric_limits<float>::max(), inf}) {
    x.push_back(e);
    x.push_back(-e);
  }
  for (const SimdLevel level : kLevels) {
    if (!simd_supported(level)) continue;
    std::vector<float> y(x.size());
    tanh_of(level)(x.data(), y.data(), x.size());
    double worst_relative = 0.0;
    double worst_ulp = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double exact = std::tanh(static_cast<double>(x[i]));
      const double error = std::abs(static_cast<double>(y[i]) - exact);
      if (exact != 0.0) worst_relative = std::max(worst_relative, error / std::abs(exact));
      const auto rounded = static_cast<float>(exact);
      const float ulp = std::nextafter(std::abs(rounded), inf) - std::abs(rounded);
      worst_ulp = std::max(worst_ulp, std::abs(static_cast<double>(y[i]) - rounded) / ulp);
      // The sign is exact and the range is [-1, 1].
      ASSERT_LE(std::abs(y[i]), 1.0f) << x[i];
      ASSERT_EQ(std::signbit(y[i]), std::signbit(x[i])) << x[i];
    }
    EXPECT_LE(worst_relative, 1e-6) << simd_name(level);
    EXPECT_LE(worst_ulp, 8.0) << simd_name(level);
    // The infinities give +-1 and NaN propagates.
    const float special[] = {inf, -inf, std::numeric_limits<float>::quiet_NaN()};
    float out[3];
    tanh_of(level)(special, out, 3);
    EXPECT_EQ(out[0], 1.0f);
    EXPECT_EQ(out[1], -1.0f);
    EXPECT_TRUE(std::isnan(out[2]));
  }
}

}  // namespace
}  // namespace crbench
