// The Bayesian incremental logistic-regression family (docs/methods/bayes-lr.md;
// Ramanath et al., KDD 2021, LinkedIn's Lambda Learner) and its two references:
//   bayes-lr       sequential Laplace update, diagonal precision
//   bayes-lr-full  the same with a dense precision for the global block (small
//                  hash sizes only; the random effects keep diagonal precisions)
//   lr-retrain     the same model refit from scratch on all data so far (the
//                  accuracy target)
//   lr-iu          warm-started plain L2 fit on D_t alone (delta = 0: forgetting)
// All four bring their own model instead of the shared Emb&MLP. start() fits it
// once on all pre-training periods from the N(0, 1/lambda) prior (ridge lambda):
// the same starting model for the four, as the protocol gives every Emb&MLP
// method the same pre-trained model; its Laplace posterior is bayes-lr's first prior.
#include <memory>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/stopwatch.hpp"
#include "methods/lr/glmix_model.hpp"
#include "methods/registry.hpp"

namespace crbench {
namespace {

enum class LrMode { kBayes, kRetrain, kIncremental };

struct LrSettings {
  LrMode mode = LrMode::kBayes;
  GlmixConfig model;
  GlmixUpdateSettings update;
};

class LogisticRegressionMethod final : public Method {
 public:
  explicit LogisticRegressionMethod(const LrSettings& settings) : settings_(settings) {}

  void start(const PretrainedModel& pretrained, const MethodContext& ctx) override {
    const int periods = pretrained.pretrain_periods;
    if (periods < 1) throw UsageError("the logistic-regression methods need pre-training periods");
    model_ = fit_from_scratch(ctx, periods - 1);
  }

  void observe(const Period& d_t, MethodContext& ctx) override {
    cost_ = {};
    const Stopwatch watch;
    if (settings_.mode == LrMode::kRetrain) {
      model_ = fit_from_scratch(ctx, d_t.index);
    } else {
      GlmixUpdateSettings update = settings_.update;
      if (settings_.mode == LrMode::kIncremental) update.delta = 0.0;
      book(glmix_update(*model_, ctx.stream(), d_t.rows(), update));
    }
    // Gathering rows and copying state: the rest of the wall time.
    const double rest = watch.wall_seconds() - cost_.base_train_seconds - cost_.other_seconds;
    if (rest > 0) cost_.other_seconds += rest;
  }

  const Scorer& serving() const override { return *model_; }

  std::size_t parameter_count() const override {
    std::size_t n = model_->parameter_count();
    if (settings_.mode == LrMode::kBayes) {
      // The posterior precisions are kept as well.
      const BlockPrior& g = model_->global;
      n += static_cast<std::size_t>(g.is_dense() ? g.dense.size() : g.diagonal.size());
      n += static_cast<std::size_t>(model_->user_precision.size() + model_->item_precision.size());
    }
    return n;
  }

 private:
  // Ridge fit (delta = 0 from the fresh prior) on periods [0, last].
  std::unique_ptr<GlmixModel> fit_from_scratch(const MethodContext& ctx, int last) {
    auto model = std::make_unique<GlmixModel>(shape_of(ctx.stream()), settings_.model);
    const std::vector<RowIndex> rows = ctx.window->rows(0, last);
    GlmixUpdateSettings update = settings_.update;
    update.delta = 0.0;
    const GlmixUpdateReport report = glmix_update(*model, ctx.stream(), rows, update);
    book(report);
    return model;
  }

  void book(const GlmixUpdateReport& report) {
    cost_.base_train_seconds += report.solve_seconds;
    cost_.other_seconds += report.feature_seconds;
    if (!report.ok) cost_.note = report.note;
  }

  LrSettings settings_;
  std::unique_ptr<GlmixModel> model_;
};

// Hyper-parameters shared by the family.
std::vector<HyperParam> common_params(int default_log2_hash, int max_log2_hash) {
  return {
      {"lambda", 1, 1e-6, 1e6, false, "ridge; prior precision of an unseen coefficient"},
      {"log2_hash_size", static_cast<double>(default_log2_hash), 4,
       static_cast<double>(max_log2_hash), true, "global features hash into 2^this columns"},
      {"item_effects", 0, 0, 1, true, "1: per-item random effects besides the per-user ones"},
      {"rounds", 2, 1, 20, true, "block coordinate descent rounds (global, users, items)"},
      {"max_iterations", 200, 1, 100000, true, "L-BFGS iteration cap per block solve"},
      {"tolerance", 1e-6, 1e-14, 1, false, "L-BFGS stops when ||gradient|| <= tolerance * samples"},
  };
}

LrSettings settings_from(const HyperParams& p, LrMode mode, bool dense) {
  LrSettings s;
  s.mode = mode;
  s.model.lambda = p.get("lambda");
  s.model.log2_hash_size = p.get_int("log2_hash_size");
  s.model.item_effects = p.get_int("item_effects") != 0;
  s.model.dense_global = dense;
  s.update.rounds = p.get_int("rounds");
  s.update.solver.max_iterations = p.get_int("max_iterations");
  s.update.solver.gradient_tolerance = p.get("tolerance");
  if (mode == LrMode::kBayes) s.update.delta = p.get("delta");
  return s;
}

std::vector<HyperParam> bayes_params(int default_log2_hash, int max_log2_hash) {
  std::vector<HyperParam> params = {
      {"delta", 0.8, 0, 1, false, "forgetting factor: 1 pure Bayesian, 0 plain L2 on D_t"}};
  for (HyperParam& h : common_params(default_log2_hash, max_log2_hash)) params.push_back(h);
  return params;
}

CRBENCH_REGISTER_METHOD(MethodEntry{
    "bayes-lr",
    "Bayesian incremental GLMix logistic regression, diagonal Laplace prior (Lambda Learner)",
    bayes_params(16, 24), [](const HyperParams& p) {
      return std::make_unique<LogisticRegressionMethod>(settings_from(p, LrMode::kBayes, false));
    }});

// Dense precision over the global block only: (2^b + 1)^2 doubles, so b <= 11.
CRBENCH_REGISTER_METHOD(MethodEntry{
    "bayes-lr-full",
    "bayes-lr with a dense posterior precision for the (small, hashed) global block",
    bayes_params(10, 11), [](const HyperParams& p) {
      return std::make_unique<LogisticRegressionMethod>(settings_from(p, LrMode::kBayes, true));
    }});

CRBENCH_REGISTER_METHOD(MethodEntry{
    "lr-retrain", "the GLMix logistic regression refit from scratch (ridge) on all data so far",
    common_params(16, 24), [](const HyperParams& p) {
      return std::make_unique<LogisticRegressionMethod>(settings_from(p, LrMode::kRetrain, false));
    }});

CRBENCH_REGISTER_METHOD(MethodEntry{
    "lr-iu", "the GLMix logistic regression, warm-started ridge fit on each new period only",
    common_params(16, 24), [](const HyperParams& p) {
      return std::make_unique<LogisticRegressionMethod>(
          settings_from(p, LrMode::kIncremental, false));
    }});

}  // namespace
}  // namespace crbench
