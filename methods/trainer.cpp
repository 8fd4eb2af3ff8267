// The mini-batch training loop every update strategy shares, and the deep copy of
// a model together with its optimiser state. Shuffling is our own Fisher-Yates
// with an unbiased bounded draw from mt19937_64 (std::shuffle and
// std::uniform_int_distribution are implementation-defined), so a seed gives the
// same batches, and hence bit-identical parameters, on every platform.
#include "methods/trainer.hpp"

#include "core/seeding.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace crbench {

namespace {

// Fisher-Yates (Durstenfeld's in-place form, Knuth TAOCP vol. 2, algorithm 3.4.2P).
void shuffle(std::vector<std::uint32_t>& order, std::mt19937_64& gen) {
  for (std::size_t i = order.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(uniform_below(gen, i));
    std::swap(order[i - 1], order[j]);
  }
}

}  // namespace

TrainingState::TrainingState(std::unique_ptr<BaseModel> m)
    : model(std::move(m)), optimizer(model ? model->parameter_count() : 0) {}

TrainingState::TrainingState(const TrainingState& other)
    : model(other.model ? other.model->clone() : nullptr), optimizer(other.optimizer) {}

TrainingState& TrainingState::operator=(const TrainingState& other) {
  if (this != &other) {
    TrainingState copy(other);  // strong guarantee: clone first, then swap in
    *this = std::move(copy);
  }
  return *this;
}

TrainReport train(TrainingState& state, const LabelledView& stream, std::span<const RowIndex> rows,
                  std::span<const float> targets, const TrainSettings& settings,
                  std::uint64_t seed) {
  if (!state.model) throw std::invalid_argument("train: the training state has no model");
  if (settings.batch_size < 1) {
    throw std::invalid_argument("train: batch_size must be positive, got " +
                                std::to_string(settings.batch_size));
  }
  if (settings.epochs < 0) {
    throw std::invalid_argument("train: epochs must not be negative, got " +
                                std::to_string(settings.epochs));
  }
  if (!targets.empty() && targets.size() != rows.size()) {
    throw std::invalid_argument("train: " + std::to_string(rows.size()) + " rows but " +
                                std::to_string(targets.size()) + " targets");
  }
  if (rows.size() > UINT32_MAX) throw std::invalid_argument("train: too many rows");

  TrainReport report;
  state.optimizer.set_embedding_mode(settings.embedding_adam);
  if (rows.empty() || settings.epochs == 0) return report;

  BaseModel& model = *state.model;
  // Dense embedding Adam leaves skipped rows behind; a batch's rows are caught up
  // before its forward pass reads them (only models with embedding tables).
  const bool catch_up = settings.embedding_adam == EmbeddingAdam::dense &&
                        std::any_of(model.layout().begin(), model.layout().end(),
                                    [](const ParamBlock& block) { return block.row_sparse; });
  const auto batch_size = static_cast<std::size_t>(settings.batch_size);
  const std::size_t n = rows.size();
  // Everything is allocated once per call; the batch loop itself allocates nothing.
  Gradient grad(model.layout());
  std::vector<std::uint32_t> order(n);
  std::vector<RowIndex> batch_rows;
  std::vector<float> batch_targets;
  batch_rows.reserve(std::min(batch_size, n));
  if (!targets.empty()) batch_targets.reserve(std::min(batch_size, n));

  std::mt19937_64 gen(seed);
  for (int epoch = 0; epoch < settings.epochs; ++epoch) {
    // Each epoch shuffles the identity afresh, so its order depends only on the
    // generator's state, not on the previous epoch's permutation.
    for (std::size_t k = 0; k < n; ++k) order[k] = static_cast<std::uint32_t>(k);
    shuffle(order, gen);

    double epoch_loss = 0.0;
    std::int64_t epoch_batches = 0;
    for (std::size_t begin = 0; begin < n; begin += batch_size) {
      const std::size_t end = std::min(n, begin + batch_size);
      batch_rows.clear();
      batch_targets.clear();
      for (std::size_t k = begin; k < end; ++k) {
        batch_rows.push_back(rows[order[k]]);
        if (!targets.empty()) batch_targets.push_back(targets[order[k]]);
      }
      grad.clear();
      if (catch_up) {
        state.optimizer.catch_up_rows(model.parameters(), model.rows_read(stream, batch_rows));
      }
      const double loss = model.loss_and_gradient(stream, batch_rows, batch_targets, grad);
      if (!std::isfinite(loss)) {
        std::ostringstream message;
        message << "non-finite loss at step " << report.steps + 1 << " of this training call"
                << " (epoch " << epoch + 1 << ", optimiser step "
                << state.optimizer.steps_taken() + 1 << ", batch of " << batch_rows.size()
                << " samples): loss = " << loss
                << "; the model diverged (learning rate too high, or bad inputs)";
        throw DivergedError(message.str());
      }
      state.optimizer.step(model.parameters(), grad, settings.learning_rate);
      epoch_loss += loss;
      ++epoch_batches;
      ++report.steps;
      report.samples += static_cast<std::int64_t>(batch_rows.size());
    }
    report.mean_loss = epoch_loss / static_cast<double>(epoch_batches);
  }
  state.optimizer.catch_up_all(model.parameters());
  return report;
}

}  // namespace crbench
