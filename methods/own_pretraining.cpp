// Own-model pre-training with the protocol's seeds.
#include "methods/own_pretraining.hpp"

#include "core/seeding.hpp"

namespace crbench {

std::uint64_t pretrain_init_seed(std::uint64_t job_seed) {
  return derive_seed(job_seed, "pretrain-init");
}
std::uint64_t pretrain_shuffle_seed(std::uint64_t job_seed) {
  return derive_seed(job_seed, "pretrain-shuffle");
}

TrainingState pretrain_own_model(std::unique_ptr<BaseModel> model, const PretrainedModel& shared,
                                 const MethodContext& ctx, float learning_rate) {
  model->initialise(pretrain_init_seed(ctx.seed));
  TrainingState state(std::move(model));
  const std::vector<RowIndex> rows = ctx.window->rows(0, shared.pretrain_periods - 1);
  TrainSettings settings = shared.pretrain_settings;
  if (learning_rate > 0.0f) settings.learning_rate = learning_rate;
  train(state, ctx.stream(), rows, {}, settings, pretrain_shuffle_seed(ctx.seed));
  return state;
}

}  // namespace crbench
