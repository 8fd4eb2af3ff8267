// Shared machinery of the strategies that keep one base model and update it by
// training (IU, BU-w, reservoir replay, IncCTR): a copy of the pre-trained model
// with its optimiser, served as is. Each strategy only decides what to train on.
#pragma once

#include "methods/method.hpp"
#include "methods/update_overrides.hpp"

namespace crbench {

class ModelUpdateMethod : public Method {
 public:
  // `own`: the method's own update learning rate and epochs (0: the protocol's).
  explicit ModelUpdateMethod(const UpdateOverrides& own = {}) : own_(own) {}
  void start(const PretrainedModel& pretrained, const MethodContext& ctx) override;
  const Scorer& serving() const override { return *state_.model; }
  std::size_t parameter_count() const override { return state_.model->parameter_count(); }

 protected:
  // Trains the kept model on rows (targets empty: labels) with the context's
  // update settings (with the method's own lr and epochs where set), a seed
  // derived for this period, and books the time.
  void train_on(const std::vector<RowIndex>& rows, std::span<const float> targets,
                const Period& d_t, const MethodContext& ctx);

  TrainingState state_;
  UpdateOverrides own_;
};

}  // namespace crbench
