// Shared start/train of the single-model update strategies.
#include "methods/updates/model_update_method.hpp"

#include "core/seeding.hpp"
#include "core/stopwatch.hpp"

namespace crbench {

void ModelUpdateMethod::start(const PretrainedModel& pretrained, const MethodContext&) {
  state_ = pretrained.state;
}

void ModelUpdateMethod::train_on(const std::vector<RowIndex>& rows, std::span<const float> targets,
                                 const Period& d_t, const MethodContext& ctx) {
  const Stopwatch watch;
  train(state_, ctx.stream(), rows, targets, own_.apply(ctx.train),
        derive_seed(ctx.seed, "update-shuffle", static_cast<std::uint64_t>(d_t.index)));
  cost_.base_train_seconds = watch.wall_seconds();
}

}  // namespace crbench
