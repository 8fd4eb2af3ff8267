// Tests of IncCTR (docs/methods/incctr.md): with λ = 0 it is iu; with λ = 1 the
// previous model's predictions are the only target, whose BCE is minimised at the
// previous model; and the update trains on exactly the mixed targets.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "bench/protocol.hpp"
#include "core/seeding.hpp"
#include "methods/base_models/emb_mlp.hpp"
#include "methods/registry.hpp"
#include "tests/support/bundled_data.hpp"
#include "tests/support/run_method.hpp"

namespace crbench {
namespace {

using test_support::movielens_prefix;
using test_support::quick_protocol;

const Stream& short_stream() {
  static const Stream s = movielens_prefix(13);
  return s;
}

std::vector<float> served_scores(const std::string& spec, std::uint64_t seed) {
  const test_support::MethodRun run = test_support::run_method(short_stream(), spec, seed);
  EXPECT_TRUE(run.result.ok) << run.result.error;
  return run.scores;
}

TEST(IncCtr, WithoutDistillationItIsIncrementalUpdate) {
  const auto iu = served_scores("iu", 3);
  const auto incctr = served_scores("incctr(lambda=0)", 3);
  ASSERT_EQ(iu.size(), incctr.size());
  EXPECT_TRUE(test_support::bit_equal(iu, incctr));
  EXPECT_NE(served_scores("incctr", 3), iu);  // the default λ = 0.2 does distil
}

// BCE against the model's own predictions: gradient ~0 at the model, and any
// perturbation of the parameters raises the loss.
TEST(IncCtr, SoftLabelLossIsMinimisedAtThePreviousModel) {
  const Stream& s = short_stream();
  EmbMlp model(shape_of(s), {}, 4);
  std::vector<RowIndex> rows;
  for (RowIndex r = s.period_begin(10); r < s.period_begin(10) + 512; ++r) rows.push_back(r);
  std::vector<float> soft(rows.size());
  model.score(s, rows, soft);

  Gradient at_model(model.layout());
  const double loss = model.loss_and_gradient(s, rows, soft, at_model);
  Gradient with_labels(model.layout());
  model.loss_and_gradient(s, rows, {}, with_labels);
  double g_soft = 0.0, g_hard = 0.0;
  for (std::size_t k = 0; k < at_model.size(); ++k) {
    g_soft = std::max(g_soft, static_cast<double>(std::abs(at_model.data()[k])));
    g_hard = std::max(g_hard, static_cast<double>(std::abs(with_labels.data()[k])));
  }
  EXPECT_LT(g_soft, 1e-4 * g_hard) << "gradient at the previous model is not ~0";

  std::mt19937_64 gen(5);
  std::normal_distribution<float> noise(0.0f, 1.0f);
  const std::vector<float> original(model.parameters().begin(), model.parameters().end());
  for (int trial = 0; trial < 5; ++trial) {
    std::vector<float> direction(original.size());
    for (float& x : direction) x = noise(gen);
    for (const float step : {1e-2f, -1e-2f}) {
      for (std::size_t k = 0; k < original.size(); ++k)
        model.parameters()[k] = original[k] + step * direction[k];
      Gradient scratch(model.layout());
      EXPECT_GT(model.loss_and_gradient(s, rows, soft, scratch), loss) << "trial " << trial;
    }
  }
}

// The method itself: its update is exactly the trainer run on the mixed targets
// (1-λ)·y + λ·(previous model's score), built here independently, with the seed
// ModelUpdateMethod derives for the period. (With λ = 1 the model still moves a
// little: Adam's first moment carries over from pre-training, and normalised
// steps of near-zero gradients are not zero.)
TEST(IncCtr, UpdateTrainsOnLabelsMixedWithThePreviousModelsScores) {
  const Stream& s = short_stream();
  const ProtocolSettings p = quick_protocol();
  const PretrainedModel pre = pretrain(s, p, 6);
  const int t = p.pretrain_periods;
  StreamWindow window(s, t + 1);
  const Period d_t = window.period(t);
  const std::vector<RowIndex> rows = d_t.rows();
  for (const float lambda : {0.2f, 1.0f}) {
    auto method = MethodRegistry::global().create("incctr(lambda=" + std::to_string(lambda) + ")");
    MethodContext ctx{&window, p.update_settings(), 6};
    method->start(pre, ctx);
    method->observe(d_t, ctx);

    TrainingState expected = pre.state;
    const std::vector<float> previous = score_rows(*expected.model, s, rows);
    std::vector<float> targets(rows.size());
    for (std::size_t k = 0; k < rows.size(); ++k)
      targets[k] = (1.0f - lambda) * s.label[rows[k]] + lambda * previous[k];
    train(expected, s, rows, targets, p.update_settings(),
          derive_seed(6, "update-shuffle", static_cast<std::uint64_t>(t)));
    const auto served = score_rows(method->serving(), s, rows);
    const auto want = score_rows(*expected.model, s, rows);
    ASSERT_EQ(served.size(), want.size());
    EXPECT_TRUE(test_support::bit_equal(served, want)) << "lambda " << lambda;
    EXPECT_NE(want, previous);
  }
}

}  // namespace
}  // namespace crbench
