// Full retrain (docs/methods/updates.md): every period, a fresh seeded model trained
// from scratch on all data so far with the pre-training recipe (batch size and
// epochs) at the update learning rate. The expensive upper reference a
// practitioner compares cheaper updates against. Its cost grows with the stream,
// so `from` retrains only for the test periods from that one on (the recorded
// ones, in the paper presets) and serves the pre-trained model before.
#include "core/seeding.hpp"
#include "core/stopwatch.hpp"
#include "methods/registry.hpp"
#include "methods/update_overrides.hpp"

namespace crbench {
namespace {

// lr 0: the protocol's update learning rate (--update-lr, itself --lr unless
// given); epochs 0: the pre-training epochs, as a retrain from scratch needs.
struct FullRetrainParams : UpdateOverrides {
  int from = 0;

  static void declare(ParamDecls<FullRetrainParams>& d) {
    d.field("from", &FullRetrainParams::from)
        .range(0, 1e6)
        .unset_at(0)  // plain "full-retrain" keeps its spec and job hash
        .describe(
            "retrain only for the test periods from this one on (1-based; 0: every period); the "
            "periods before are served the pre-trained model");
    UpdateOverrides::declare(d, "the pre-training epochs");
  }
};

class FullRetrain final : public Method {
 public:
  explicit FullRetrain(const FullRetrainParams& p) : from_(p.from), own_(p) {}

  void start(const PretrainedModel& pretrained, const MethodContext&) override {
    state_ = pretrained.state;
    recipe_ = pretrained.pretrain_settings;
  }
  const Scorer& serving() const override { return *state_.model; }
  std::size_t parameter_count() const override { return state_.model->parameter_count(); }

 private:
  void update(const Period& d_t, MethodContext& ctx) override {
    // The model trained now serves the test period d_t.index + 1 (0-based), which
    // is period d_t.index + 2 counted from 1.
    if (d_t.index + 2 < from_) return;
    const Stopwatch watch;
    const auto t = static_cast<std::uint64_t>(d_t.index);
    state_.model->initialise(derive_seed(ctx.seed, "full-retrain-init", t));
    state_.optimizer.reset();
    TrainSettings settings = recipe_;
    settings.learning_rate = ctx.train.learning_rate;
    train(state_, ctx.stream(), ctx.window->rows(0, d_t.index), {}, own_.apply(settings),
          derive_seed(ctx.seed, "full-retrain-shuffle", t));
    cost_.base_train_seconds = watch.wall_seconds();
  }

  int from_;
  TrainingState state_;
  TrainSettings recipe_;
  UpdateOverrides own_;
};

CRBENCH_REGISTER_METHOD(method_entry(
    "full-retrain",
    "retrain from a fresh seeded init on all periods so far: pre-training epochs, update lr",
    FullRetrainParams{},
    [](const FullRetrainParams& p) { return std::make_unique<FullRetrain>(p); }));

}  // namespace
}  // namespace crbench
