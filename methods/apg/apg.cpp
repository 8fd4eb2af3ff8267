// APG as a base model ("--base-model apg", usable under iu, bu-w, ASMG) and the
// registry method `apg` = APG pre-trained on its own + incremental update
// (docs/methods/apg.md, "The apg method").
#include <memory>
#include <vector>

#include "core/stopwatch.hpp"
#include "methods/apg/apg_model.hpp"
#include "methods/base_model_registry.hpp"
#include "methods/base_models/emb_mlp.hpp"
#include "methods/own_pretraining.hpp"
#include "methods/registry.hpp"
#include "methods/updates/model_update_method.hpp"

namespace crbench {
namespace {

std::vector<ParamDecl> apg_params() {
  return {
      {"k_div", 4, 1, 64, true, "rank K = ceil(min(N, M) / k_div) of every APG layer"},
      {"p_mult", 4, 1, 16, true, "over-parameterisation width P = p_mult * K while training"},
      {"condition", 0, 0, kApgConditionCount - 1, true,
       "0 user, 1 user-activity bucket, 2 item category (group-wise); 3 mix-wise input "
       "aggregation, 4 mix-wise output aggregation; 5 self-wise"},
  };
}

ApgConfig apg_config(const EmbMlpConfig& base, const ParamValues& p) {
  ApgConfig c;
  c.embedding_dim = base.embedding_dim;
  c.hidden = base.hidden;
  c.k_div = p.get_int("k_div");
  c.p_mult = p.get_int("p_mult");
  c.condition = static_cast<ApgCondition>(p.get_int("condition"));
  return c;
}

CRBENCH_REGISTER_BASE_MODEL(BaseModelEntry{
    "apg",
    "APG: Emb&MLP inputs, hidden layers with per-sample generated S in x U S(z) V "
    "(low-rank, over-parameterised, collapsed for serving)",
    apg_params(),
    [](const StreamShape& shape, const EmbMlpConfig& config, const ParamValues& p,
       std::uint64_t seed) {
      return std::make_unique<ApgModel>(shape, apg_config(config, p), seed);
    }});

// APG + IU. The protocol's shared model is the Emb&MLP (unless --base-model apg),
// so this method pre-trains its own APG model on the same periods with the same
// settings and seeds, then updates it like iu.
class ApgIncremental final : public ModelUpdateMethod {
 public:
  explicit ApgIncremental(const HyperParams& p) : params_(p) {}

  void start(const PretrainedModel& pretrained, const MethodContext& ctx) override {
    // Follow the protocol's embedding size and hidden widths.
    EmbMlpConfig base;
    if (const auto* emb = dynamic_cast<const EmbMlp*>(pretrained.state.model.get())) {
      base = emb->config();
    } else if (const auto* apg = dynamic_cast<const ApgModel*>(pretrained.state.model.get())) {
      base.embedding_dim = apg->config().embedding_dim;
      base.hidden = apg->config().hidden;
    }
    auto model = std::make_unique<ApgModel>(shape_of(ctx.stream()), apg_config(base, params_),
                                            pretrain_init_seed(ctx.seed));
    state_ = pretrain_own_model(std::move(model), pretrained, ctx);
  }

  void observe(const Period& d_t, MethodContext& ctx) override {
    cost_ = {};
    train_on(d_t.rows(), {}, d_t, ctx);
  }

 private:
  HyperParams params_;
};

CRBENCH_REGISTER_METHOD(MethodEntry{
    "apg", "APG base model (own pre-training) updated by iu: warm-started, one pass over D_t",
    apg_params(), [](const HyperParams& p) { return std::make_unique<ApgIncremental>(p); }});

}  // namespace
}  // namespace crbench
