// APG as a base model ("--base-model apg", usable under iu, bu-w, ASMG) and the
// registry method `apg` = APG pre-trained on its own + incremental update
// (docs/methods/apg.md, "The apg method").
#include <memory>

#include "methods/apg/apg_model.hpp"
#include "methods/base_model_registry.hpp"
#include "methods/own_pretraining.hpp"
#include "methods/registry.hpp"
#include "methods/updates/model_update_method.hpp"

namespace crbench {
namespace {

CRBENCH_REGISTER_BASE_MODEL(base_model_entry<ApgModel>(
    "apg",
    "APG: Emb&MLP inputs, hidden layers with per-sample generated S in x U S(z) V "
    "(low-rank, over-parameterised, collapsed for serving)",
    ApgParams{}));

// APG + IU. The protocol's shared model is whatever --base-model says, so this
// method pre-trains its own APG model, of the sizes its own parameters declare
// (the reference Emb&MLP's by default), on the same periods with the same
// settings and seeds, then updates it like iu.
struct ApgMethodParams : ApgParams, UpdateOverrides {
  static void declare(ParamDecls<ApgMethodParams>& d) {
    ApgParams::declare(d);
    UpdateOverrides::declare(d);
  }
};

class ApgIncremental final : public ModelUpdateMethod {
 public:
  explicit ApgIncremental(const ApgMethodParams& p) : ModelUpdateMethod(p), params_(p) {}

  void start(const PretrainedModel& pretrained, const MethodContext& ctx) override {
    auto model =
        std::make_unique<ApgModel>(shape_of(ctx.stream()), params_, pretrain_init_seed(ctx.seed));
    state_ = pretrain_own_model(std::move(model), pretrained, ctx);
  }

 private:
  void update(const Period& d_t, MethodContext& ctx) override {
    train_on(d_t.rows(), {}, d_t, ctx);
  }

  ApgParams params_;
};

CRBENCH_REGISTER_METHOD(method_entry(
    "apg", "APG base model (own pre-training) updated by iu: warm-started, one pass over D_t",
    ApgMethodParams{},
    [](const ApgMethodParams& p) { return std::make_unique<ApgIncremental>(p); }));

}  // namespace
}  // namespace crbench
