// Mini-batch training of a base model with its optimiser: the one loop every
// update strategy uses, so that strategies differ only in what data and targets
// they train on.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <vector>

#include "methods/adam.hpp"
#include "methods/base_model.hpp"

namespace crbench {

struct TrainSettings {
  int batch_size = 1024;
  float learning_rate = 1e-3f;
  int epochs = 1;  // passes per call of train()
  // Adam's update of embedding rows a batch does not touch (methods/adam.hpp).
  EmbeddingAdam embedding_adam = EmbeddingAdam::dense;
};

// A base model together with its optimiser state, which carries over from period
// to period (docs/methods/base-models.md).
struct TrainingState {
  std::unique_ptr<BaseModel> model;
  Adam optimizer;

  TrainingState() = default;
  TrainingState(std::unique_ptr<BaseModel> m);
  TrainingState(const TrainingState& other);
  TrainingState& operator=(const TrainingState& other);
  TrainingState(TrainingState&&) noexcept = default;
  TrainingState& operator=(TrainingState&&) noexcept = default;
};

// Raised when a batch loss is NaN or infinite: the job fails with this reason.
class DivergedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TrainReport {
  double mean_loss = 0.0;  // mean batch loss of the last epoch
  std::int64_t samples = 0;
  std::int64_t steps = 0;
};

// settings.epochs passes over `rows` in a seeded shuffled order, one optimiser
// step per batch of settings.batch_size. `targets` is empty (use labels) or
// aligned with rows (soft labels, distillation targets). With dense embedding
// Adam each batch's rows are caught up before its forward pass, and every row
// before train() returns: the model's parameters are then final.
TrainReport train(TrainingState& state, const LabelledView& stream, std::span<const RowIndex> rows,
                  std::span<const float> targets, const TrainSettings& settings,
                  std::uint64_t seed);

}  // namespace crbench
