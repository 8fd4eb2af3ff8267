// Tests of the shared training loop: seeded determinism, learning on a toy
// problem, divergence detection, batch accounting, target alignment, and the deep
// copy of a training state.
#include "methods/trainer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "methods/base_models/emb_mlp.hpp"
#include "tests/support/tiny_stream.hpp"

namespace crbench {
namespace {

std::vector<RowIndex> all_rows(const Stream& stream) {
  std::vector<RowIndex> rows(stream.num_samples());
  for (RowIndex r = 0; r < rows.size(); ++r) rows[r] = r;
  return rows;
}

TrainingState make_state(const Stream& stream, std::uint64_t seed) {
  return TrainingState(std::make_unique<EmbMlp>(shape_of(stream), EmbMlpParams{}, seed));
}

std::vector<float> params_of(const TrainingState& state) {
  const auto p = static_cast<const BaseModel&>(*state.model).parameters();
  return {p.begin(), p.end()};
}

TEST(TrainerTest, SameSeedGivesBitIdenticalParameters) {
  const Stream stream = test_support::make_random_tiny_stream(1, 30, 40, 8, 900);
  const auto rows = all_rows(stream);
  TrainSettings settings;
  settings.batch_size = 64;
  settings.epochs = 2;
  settings.learning_rate = 0.01f;
  TrainingState a = make_state(stream, 5);
  TrainingState b = make_state(stream, 5);
  TrainingState c = make_state(stream, 5);
  const TrainReport ra = train(a, stream, rows, {}, settings, 77);
  const TrainReport rb = train(b, stream, rows, {}, settings, 77);
  train(c, stream, rows, {}, settings, 78);
  EXPECT_EQ(params_of(a), params_of(b));  // exact float equality
  EXPECT_EQ(ra.mean_loss, rb.mean_loss);
  EXPECT_NE(params_of(a), params_of(c));
  EXPECT_EQ(a.optimizer.steps_taken(), b.optimizer.steps_taken());
}

TEST(TrainerTest, ReportCountsSamplesAndStepsIncludingThePartialBatch) {
  const Stream stream = test_support::make_random_tiny_stream(2, 10, 10, 0, 250);
  const auto rows = all_rows(stream);
  TrainingState state = make_state(stream, 1);
  TrainSettings settings;
  settings.batch_size = 100;
  settings.epochs = 3;
  const TrainReport report = train(state, stream, rows, {}, settings, 1);
  EXPECT_EQ(report.samples, 750);
  EXPECT_EQ(report.steps, 9);  // 100 + 100 + 50 per epoch
  EXPECT_EQ(state.optimizer.steps_taken(), 9);
  EXPECT_TRUE(std::isfinite(report.mean_loss));
  EXPECT_GT(report.mean_loss, 0.0);
}

TEST(TrainerTest, LossDecreasesOnALearnableProblem) {
  // The label is a function of the item (even items are clicked): learnable from
  // the item embedding alone.
  test_support::TinySpec spec;
  spec.num_users = 20;
  spec.num_items = 30;
  std::uint64_t x = 12345;
  for (int k = 0; k < 3000; ++k) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto user = static_cast<std::int32_t>((x >> 33) % 20);
    const auto item = static_cast<std::int32_t>((x >> 17) % 30);
    spec.interactions.push_back({user, item, item % 2 == 0 ? 1.0f : 0.0f, k});
  }
  const Stream stream = test_support::make_tiny_stream(spec);
  const auto rows = all_rows(stream);
  TrainingState state = make_state(stream, 3);
  Gradient grad(state.model->layout());
  const double initial = state.model->loss_and_gradient(stream, rows, {}, grad);
  TrainSettings settings;
  settings.batch_size = 128;
  settings.learning_rate = 0.01f;
  settings.epochs = 1;
  const TrainReport first = train(state, stream, rows, {}, settings, 9);
  settings.epochs = 10;
  const TrainReport later = train(state, stream, rows, {}, settings, 10);
  grad.clear();
  const double final_loss = state.model->loss_and_gradient(stream, rows, {}, grad);
  // A fresh model knows nothing: its loss is no better than the best constant's,
  // the labels' entropy log 2 (half the items are clicked); with the reference's
  // Glorot output bias (up to +-1.73) it is usually worse.
  EXPECT_GT(initial, std::log(2.0) - 0.05);
  EXPECT_LT(later.mean_loss, first.mean_loss);
  EXPECT_LT(final_loss, 0.1);
}

TEST(TrainerTest, ExplicitTargetsStayAlignedWithRows) {
  // Passing the labels as targets must give exactly what the labels give, which
  // fails if targets were not permuted together with the rows.
  const Stream stream = test_support::make_random_tiny_stream(3, 20, 20, 5, 500);
  const auto rows = all_rows(stream);
  std::vector<float> targets;
  for (const RowIndex r : rows) targets.push_back(stream.label[r]);
  TrainSettings settings;
  settings.batch_size = 32;
  TrainingState a = make_state(stream, 2);
  TrainingState b = make_state(stream, 2);
  train(a, stream, rows, {}, settings, 4);
  train(b, stream, rows, targets, settings, 4);
  EXPECT_EQ(params_of(a), params_of(b));
  // Soft targets change the result.
  std::vector<float> soft(rows.size(), 0.5f);
  TrainingState c = make_state(stream, 2);
  train(c, stream, rows, soft, settings, 4);
  EXPECT_NE(params_of(a), params_of(c));
}

TEST(TrainerTest, OnlyTheGivenRowsAreUsed) {
  const Stream stream = test_support::make_random_tiny_stream(4, 10, 15, 0, 300);
  std::vector<RowIndex> rows;
  for (RowIndex r = 0; r < stream.num_samples(); ++r) {
    if (stream.user[r] != 0) rows.push_back(r);
  }
  TrainingState state = make_state(stream, 6);
  const auto before = params_of(state);
  train(state, stream, rows, {}, TrainSettings{}, 1);
  const auto after = params_of(state);
  // User 0's embedding row (the first 8 parameters) is untouched.
  for (std::size_t k = 0; k < 8; ++k) EXPECT_EQ(before[k], after[k]);
  EXPECT_NE(before, after);
}

TEST(TrainerTest, NonFiniteLossRaisesDivergedError) {
  const Stream stream = test_support::make_random_tiny_stream(5, 10, 10, 3, 200);
  const auto rows = all_rows(stream);
  TrainingState state = make_state(stream, 1);
  const auto& layout = state.model->layout();
  for (const ParamBlock& block : layout) {
    if (block.name == "mlp.2.bias") {
      state.model->parameters()[block.offset] = std::numeric_limits<float>::quiet_NaN();
    }
  }
  try {
    train(state, stream, rows, {}, TrainSettings{}, 1);
    FAIL() << "expected DivergedError";
  } catch (const DivergedError& e) {
    EXPECT_NE(std::string(e.what()).find("non-finite loss at step 1"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(state.optimizer.steps_taken(), 0);  // no step applied with a bad loss
}

TEST(TrainerTest, RejectsBadArguments) {
  const Stream stream = test_support::make_random_tiny_stream(6, 5, 5, 0, 50);
  const auto rows = all_rows(stream);
  TrainingState state = make_state(stream, 1);
  TrainSettings bad;
  bad.batch_size = 0;
  EXPECT_THROW(train(state, stream, rows, {}, bad, 1), std::invalid_argument);
  const std::vector<float> short_targets(3, 1.0f);
  EXPECT_THROW(train(state, stream, rows, short_targets, TrainSettings{}, 1),
               std::invalid_argument);
  TrainingState empty;
  EXPECT_THROW(train(empty, stream, rows, {}, TrainSettings{}, 1), std::invalid_argument);
  // No rows: nothing happens.
  const TrainReport report = train(state, stream, {}, {}, TrainSettings{}, 1);
  EXPECT_EQ(report.steps, 0);
  EXPECT_EQ(state.optimizer.steps_taken(), 0);
}

TEST(TrainerTest, CopiedStateIsDeepAndContinuesIdentically) {
  const Stream stream = test_support::make_random_tiny_stream(7, 20, 20, 4, 400);
  const auto rows = all_rows(stream);
  TrainSettings settings;
  settings.batch_size = 50;
  TrainingState original = make_state(stream, 8);
  train(original, stream, rows, {}, settings, 1);

  TrainingState copy(original);
  EXPECT_NE(copy.model.get(), original.model.get());
  EXPECT_EQ(copy.optimizer.steps_taken(), original.optimizer.steps_taken());
  EXPECT_EQ(params_of(copy), params_of(original));
  // The optimiser moments were copied too: continuing gives identical results.
  train(original, stream, rows, {}, settings, 2);
  train(copy, stream, rows, {}, settings, 2);
  EXPECT_EQ(params_of(copy), params_of(original));

  TrainingState assigned;
  assigned = original;
  assigned.model->parameters()[0] += 1.0f;
  EXPECT_NE(params_of(assigned), params_of(original));
}

}  // namespace
}  // namespace crbench
