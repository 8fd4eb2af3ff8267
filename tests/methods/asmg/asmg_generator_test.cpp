// ASMG's meta generator over a base model's layout (docs/methods/asmg.md): its
// backward pass against finite differences (float, so with a tolerance that still
// catches a wrong factor or a wrong weight sharing), the Linear mix's invariants,
// weight sharing per embedding column, row selections, the carried state.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "methods/asmg/asmg_generator.hpp"
#include "methods/asmg/asmg_gru.hpp"
#include "methods/asmg/asmg_method.hpp"

namespace crbench {
namespace {

// A dense 2 x 3 block and a 5 x 2 embedding table.
std::vector<ParamBlock> small_layout() {
  return {{"table", 0, 5, 2, true}, {"dense", 10, 2, 3, false}};
}

std::vector<std::vector<float>> random_models(std::size_t count, std::size_t size, int seed) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(seed));
  std::uniform_real_distribution<float> u(-0.5f, 0.5f);
  std::vector<std::vector<float>> m(count, std::vector<float>(size));
  for (auto& v : m) {
    for (float& x : v) x = u(rng);
  }
  return m;
}

std::vector<const float*> pointers(const std::vector<std::vector<float>>& v) {
  std::vector<const float*> p;
  for (const auto& x : v) p.push_back(x.data());
  return p;
}

// Loss = sum_j weights[j] <c_j, y_j> over the selected coordinates.
double functional(const AsmgGenerator& gen, const std::vector<std::vector<float>>& window,
                  const float* h0, const RowSelection& rows,
                  const std::vector<std::vector<float>>& coef, const std::vector<float>& weights) {
  const std::size_t L = window.size();
  std::vector<std::vector<float>> out(L, std::vector<float>(gen.model_size(), 0.0f));
  std::vector<float*> outs;
  for (std::size_t j = 0; j < L; ++j) outs.push_back(weights[j] != 0.0f ? out[j].data() : nullptr);
  gen.forward(pointers(window), h0, rows, outs);
  double total = 0.0;
  for (std::size_t j = 0; j < L; ++j) {
    for (std::size_t c = 0; c < gen.model_size(); ++c) {
      total += static_cast<double>(weights[j]) * coef[j][c] * out[j][c];
    }
  }
  return total;
}

void check_against_finite_differences(GeneratorKind kind, bool with_state,
                                      const std::vector<float>& weights, const RowSelection& rows,
                                      const std::vector<ParamBlock>& layout = small_layout()) {
  const ParamBlock& table = layout[0];
  AsmgGenerator gen(layout, kind, 3, static_cast<int>(weights.size()), 5);
  if (kind == GeneratorKind::linear) {
    // Away from alpha = 0, where every column's mix is the same.
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (float& a : gen.meta_parameters()) a = u(rng);
  }
  const std::size_t L = weights.size();
  const auto window = random_models(L, gen.model_size(), 1);
  // Gradient coefficients are zero outside the selection, as a batch gradient is.
  auto coef = random_models(L, gen.model_size(), 2);
  if (!rows.empty()) {
    for (auto& c : coef) {
      for (std::size_t r = 0; r < table.rows; ++r) {
        bool selected = false;
        for (const auto s : rows[0]) selected |= static_cast<std::size_t>(s) == r;
        if (selected) continue;
        for (std::size_t k = 0; k < table.cols; ++k) c[table.offset + table.cols * r + k] = 0.0f;
      }
    }
  }
  std::vector<float> h0(gen.state_size());
  for (std::size_t k = 0; k < h0.size(); ++k) h0[k] = 0.3f * std::sin(static_cast<float>(k));
  const float* h0p = with_state ? h0.data() : nullptr;

  std::vector<const float*> d;
  for (std::size_t j = 0; j < L; ++j) d.push_back(weights[j] != 0.0f ? coef[j].data() : nullptr);
  std::vector<float> grad(gen.meta_parameters().size(), 0.0f);
  gen.backward(pointers(window), h0p, rows, d, weights, grad);

  const float eps = 1e-2f;
  double max_abs = 0.0;
  for (std::size_t p = 0; p < grad.size(); ++p) {
    float& w = gen.meta_parameters()[p];
    const float saved = w;
    w = saved + eps;
    const double up = functional(gen, window, h0p, rows, coef, weights);
    w = saved - eps;
    const double down = functional(gen, window, h0p, rows, coef, weights);
    w = saved;
    const double numeric = (up - down) / (2.0 * static_cast<double>(eps));
    max_abs = std::max(max_abs, std::abs(numeric));
    EXPECT_NEAR(grad[p], numeric, 2e-3 + 2e-2 * std::abs(numeric)) << "meta parameter " << p;
  }
  EXPECT_GT(max_abs, 1e-2);
}

TEST(AsmgGenerator, GruGradientMatchesFiniteDifferencesMultiStepCarried) {
  check_against_finite_differences(GeneratorKind::gru, true,
                                   asmg_loss_weights(LossWeighting::linear, 3), {});
}

TEST(AsmgGenerator, GruGradientMatchesFiniteDifferencesSingleStepZeroState) {
  check_against_finite_differences(GeneratorKind::gru, false, {0.0f, 0.0f, 1.0f}, {});
}

TEST(AsmgGenerator, GruGradientMatchesFiniteDifferencesOnSelectedRows) {
  check_against_finite_differences(GeneratorKind::gru, true,
                                   asmg_loss_weights(LossWeighting::uniform, 3), {{1, 3}, {}});
}

TEST(AsmgGenerator, GruGradientMatchesFiniteDifferencesWithColumnWeightsInPlace) {
  // Rows of whole lane blocks: the kernels read the column weights in place.
  const std::vector<ParamBlock> layout = {{"table", 0, 4, asmg::kLanes, true},
                                          {"dense", 4 * asmg::kLanes, 1, 3, false}};
  check_against_finite_differences(
      GeneratorKind::gru, true, asmg_loss_weights(LossWeighting::linear, 3), {{0, 2}, {}}, layout);
}

TEST(AsmgGenerator, LinearGradientMatchesFiniteDifferences) {
  check_against_finite_differences(GeneratorKind::linear, false, {0.0f, 0.0f, 1.0f}, {});
}

TEST(AsmgGenerator, MetaParameterCountsFollowTheWeightSharing) {
  // 65 per dense scalar and per embedding column at H = 4; k per group for Linear.
  const AsmgGenerator gru(small_layout(), GeneratorKind::gru, 4, 3, 1);
  EXPECT_EQ(asmg::gru_meta_size(4), 65u);
  EXPECT_EQ(gru.meta_parameters().size(), 65u * (2 + 6));
  const AsmgGenerator lin(small_layout(), GeneratorKind::linear, 4, 3, 1);
  EXPECT_EQ(lin.meta_parameters().size(), 3u * (2 + 6));
  for (const float a : lin.meta_parameters()) EXPECT_EQ(a, 0.0f);
}

TEST(AsmgGenerator, LinearAtAlphaZeroGeneratesTheMeanOfItsInputs) {
  const AsmgGenerator gen(small_layout(), GeneratorKind::linear, 4, 3, 1);
  const auto window = random_models(3, gen.model_size(), 4);
  std::vector<float> out(gen.model_size());
  std::vector<float*> outs = {nullptr, nullptr, out.data()};
  gen.forward(pointers(window), nullptr, {}, outs);
  for (std::size_t c = 0; c < out.size(); ++c) {
    const double mean = (static_cast<double>(window[0][c]) + window[1][c] + window[2][c]) / 3.0;
    EXPECT_NEAR(out[c], mean, 1e-6);
  }
  // A shorter window (the first periods) mixes what there is.
  std::vector<float*> two = {nullptr, out.data()};
  gen.forward(std::vector<const float*>{window[0].data(), window[1].data()}, nullptr, {}, two);
  for (std::size_t c = 0; c < out.size(); ++c) {
    EXPECT_NEAR(out[c], 0.5 * (window[0][c] + window[1][c]), 1e-6);
  }
}

TEST(AsmgGenerator, LinearWithWindowOneReproducesItsInput) {
  const AsmgGenerator gen(small_layout(), GeneratorKind::linear, 4, 1, 1);
  const auto window = random_models(1, gen.model_size(), 4);
  std::vector<float> out(gen.model_size());
  std::vector<float*> outs = {out.data()};
  gen.forward(pointers(window), nullptr, {}, outs);
  EXPECT_EQ(out, window[0]);
}

TEST(AsmgGenerator, EmbeddingRowsShareTheirColumnsWeights) {
  // Two rows with the same inputs get the same outputs; the dense scalars, which
  // have their own weights, do not.
  const AsmgGenerator gen(small_layout(), GeneratorKind::gru, 4, 3, 9);
  auto window = random_models(3, gen.model_size(), 6);
  for (auto& m : window) {
    m[2] = m[0];
    m[3] = m[1];                                         // row 1 := row 0
    for (std::size_t c = 11; c < 16; ++c) m[c] = m[10];  // every dense scalar equal
  }
  std::vector<float> out(gen.model_size());
  std::vector<float*> outs = {nullptr, nullptr, out.data()};
  gen.forward(pointers(window), nullptr, {}, outs);
  EXPECT_EQ(out[0], out[2]);
  EXPECT_EQ(out[1], out[3]);
  EXPECT_NE(out[10], out[11]);
}

TEST(AsmgGenerator, SelectedRowsAreGeneratedAsInTheFullPass) {
  const AsmgGenerator gen(small_layout(), GeneratorKind::gru, 4, 3, 2);
  const auto window = random_models(3, gen.model_size(), 8);
  std::vector<float> full(gen.model_size()), part(gen.model_size(), -7.0f);
  std::vector<float*> f = {nullptr, nullptr, full.data()};
  std::vector<float*> p = {nullptr, nullptr, part.data()};
  gen.forward(pointers(window), nullptr, {}, f);
  gen.forward(pointers(window), nullptr, {{0, 4}, {}}, p);
  for (const std::size_t c : {0u, 1u, 8u, 9u, 10u, 11u, 15u}) EXPECT_EQ(part[c], full[c]) << c;
  for (const std::size_t c : {2u, 3u, 4u, 5u, 6u, 7u}) EXPECT_EQ(part[c], -7.0f) << c;
}

TEST(AsmgGenerator, AShorterWindowGivesTheSameEarlyOutputs) {
  // The generator is causal: ASMG's training step generates rows that no later
  // step's batch reads with the window's prefix only, relying on this.
  const AsmgGenerator gen(small_layout(), GeneratorKind::gru, 4, 3, 2);
  const auto window = random_models(3, gen.model_size(), 8);
  std::vector<float> h0(gen.state_size(), -0.2f);
  std::vector<std::vector<float>> full(3, std::vector<float>(gen.model_size()));
  std::vector<std::vector<float>> part(2, std::vector<float>(gen.model_size(), 9.0f));
  std::vector<float*> f = {full[0].data(), full[1].data(), full[2].data()};
  std::vector<float*> p = {part[0].data(), part[1].data()};
  gen.forward(pointers(window), h0.data(), {}, f);
  gen.forward(std::vector<const float*>{window[0].data(), window[1].data()}, h0.data(),
              {{2, 3}, {}}, p, nullptr, DenseBlocks::skip);
  for (std::size_t j = 0; j < 2; ++j) {
    for (const std::size_t c : {4u, 5u, 6u, 7u}) EXPECT_EQ(part[j][c], full[j][c]) << j << c;
    // Rows not selected and the skipped dense block are left alone.
    for (const std::size_t c : {0u, 1u, 8u, 9u, 10u, 15u}) EXPECT_EQ(part[j][c], 9.0f) << j << c;
  }
}

TEST(AsmgGenerator, CarriedStateContinuesTheSequence) {
  // Generating from [M1, M2] with the state after M0 equals generating from
  // [M0, M1, M2] with a zero state: the carried state is the state after the
  // previous window's first input.
  const AsmgGenerator gen(small_layout(), GeneratorKind::gru, 4, 3, 2);
  const auto window = random_models(3, gen.model_size(), 8);
  std::vector<float> a(gen.model_size()), b(gen.model_size());
  std::vector<float*> three = {nullptr, nullptr, a.data()};
  gen.forward(pointers(window), nullptr, {}, three);
  std::vector<float> h1(gen.state_size());
  gen.first_state(window[0].data(), nullptr, h1);
  std::vector<float*> two = {nullptr, b.data()};
  gen.forward(std::vector<const float*>{window[1].data(), window[2].data()}, h1.data(), {}, two);
  for (std::size_t c = 0; c < a.size(); ++c) EXPECT_NEAR(a[c], b[c], 1e-6) << c;
}

// Backward with the forward pass's tape and backward recomputing the activations
// give the same gradient, bit for bit; past kMaxTapeScalars the tape is not kept.
std::vector<float> taped_gradient(const AsmgGenerator& gen,
                                  const std::vector<std::vector<float>>& window,
                                  GeneratorTape* tape, bool* recorded = nullptr) {
  const std::size_t L = window.size();
  const auto coef = random_models(L, gen.model_size(), 12);
  std::vector<std::vector<float>> out(L, std::vector<float>(gen.model_size()));
  std::vector<float*> outs;
  for (auto& o : out) outs.push_back(o.data());
  std::vector<float> h0(gen.state_size(), 0.25f);
  gen.forward(pointers(window), h0.data(), {}, outs, tape);
  if (recorded) *recorded = tape->recorded;
  std::vector<float> grad(gen.meta_parameters().size(), 0.0f);
  gen.backward(pointers(window), h0.data(), {}, pointers(coef),
               asmg_loss_weights(LossWeighting::linear, static_cast<int>(L)), grad, tape);
  return grad;
}

TEST(AsmgGenerator, TapedAndRecomputedBackwardPassesAgree) {
  // Dense blocks over several tiles with a tail that is not a whole lane block.
  const std::vector<ParamBlock> layout = {{"table", 0, 7, 8, true},
                                          {"dense", 56, 1, 2 * asmg::kTile + 13, false}};
  const AsmgGenerator gen(layout, GeneratorKind::gru, 4, 3, 4);
  const auto window = random_models(3, gen.model_size(), 10);
  GeneratorTape tape;
  bool recorded = false;
  const std::vector<float> with_tape = taped_gradient(gen, window, &tape, &recorded);
  EXPECT_TRUE(recorded);
  EXPECT_EQ(with_tape, taped_gradient(gen, window, nullptr));
}

TEST(AsmgGenerator, ATapeOverItsBudgetIsRecomputed) {
  // Large enough that the tape would exceed its budget: recomputed instead (the
  // embedding's gathered inputs are still kept and read back).
  GeneratorTape tape;
  bool recorded = true;
  const std::size_t big = kMaxTapeScalars / (4 * 3 + 1) / 4 + asmg::kTile;
  const AsmgGenerator large({{"dense", 0, 1, big, false}, {"table", big, big / 16, 8, true}},
                            GeneratorKind::gru, 4, 3, 4);
  const auto big_window = random_models(3, large.model_size(), 11);
  const std::vector<float> big_taped = taped_gradient(large, big_window, &tape, &recorded);
  EXPECT_FALSE(recorded);
  EXPECT_EQ(big_taped, taped_gradient(large, big_window, nullptr));
}

TEST(AsmgGenerator, EachDenseScalarHasItsOwnWeightsAcrossTiles) {
  // A loss on one dense coordinate reaches exactly its 65 meta weights, and no
  // two coordinates share one: the lane-group storage maps each scalar apart.
  const std::size_t size = 2 * asmg::kTile + 13;
  const AsmgGenerator gen({{"dense", 0, 1, size, false}}, GeneratorKind::gru, 4, 3, 4);
  const auto window = random_models(3, gen.model_size(), 13);
  std::vector<int> owner(gen.meta_parameters().size(), -1);
  for (const std::size_t c : {std::size_t{0}, asmg::kTile - 1, asmg::kTile, size - 1}) {
    std::vector<std::vector<float>> coef(3, std::vector<float>(size, 0.0f));
    coef[2][c] = 1.0f;
    std::vector<float> grad(gen.meta_parameters().size(), 0.0f);
    const std::vector<float> last_only = {0.0f, 0.0f, 1.0f};
    gen.backward(pointers(window), nullptr, {}, pointers(coef), last_only, grad);
    std::size_t touched = 0;
    for (std::size_t p = 0; p < grad.size(); ++p) {
      if (grad[p] == 0.0f) continue;
      ++touched;
      EXPECT_EQ(owner[p], -1) << "meta weight " << p << " shared by coordinates";
      owner[p] = static_cast<int>(c);
    }
    EXPECT_GT(touched, 50u) << c;
    EXPECT_LE(touched, asmg::gru_meta_size(4)) << c;
  }
}

TEST(AsmgGenerator, LossWeightsAsPublished) {
  const auto lin = asmg_loss_weights(LossWeighting::linear, 3);
  EXPECT_FLOAT_EQ(lin[0], 1.0f / 6);
  EXPECT_FLOAT_EQ(lin[1], 2.0f / 6);
  EXPECT_FLOAT_EQ(lin[2], 3.0f / 6);
  for (const float w : asmg_loss_weights(LossWeighting::uniform, 4)) EXPECT_FLOAT_EQ(w, 0.25f);
  const auto ex = asmg_loss_weights(LossWeighting::exponential, 3);
  EXPECT_NEAR(ex[1] / ex[0], std::exp(1.0), 1e-5);
  EXPECT_NEAR(ex[0] + ex[1] + ex[2], 1.0, 1e-6);
}

}  // namespace
}  // namespace crbench
