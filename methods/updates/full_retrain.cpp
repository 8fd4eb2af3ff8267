// Full retrain (docs/methods/updates.md): every period, a fresh seeded model trained
// from scratch on all data so far with the pre-training recipe. The expensive
// upper reference a practitioner compares cheaper updates against.
#include "core/seeding.hpp"
#include "core/stopwatch.hpp"
#include "methods/registry.hpp"

namespace crbench {
namespace {

class FullRetrain final : public Method {
 public:
  void start(const PretrainedModel& pretrained, const MethodContext&) override {
    state_ = pretrained.state;
    recipe_ = pretrained.pretrain_settings;
  }
  const Scorer& serving() const override { return *state_.model; }
  std::size_t parameter_count() const override { return state_.model->parameter_count(); }

 private:
  void update(const Period& d_t, MethodContext& ctx) override {
    const Stopwatch watch;
    const auto t = static_cast<std::uint64_t>(d_t.index);
    state_.model->initialise(derive_seed(ctx.seed, "full-retrain-init", t));
    state_.optimizer.reset();
    train(state_, ctx.stream(), ctx.window->rows(0, d_t.index), {}, recipe_,
          derive_seed(ctx.seed, "full-retrain-shuffle", t));
    cost_.base_train_seconds = watch.wall_seconds();
  }

  TrainingState state_;
  TrainSettings recipe_;
};

CRBENCH_REGISTER_METHOD(method_entry(
    "full-retrain", "retrain from a fresh seeded init on all periods so far, pre-training epochs",
    [] { return std::make_unique<FullRetrain>(); }));

}  // namespace
}  // namespace crbench
