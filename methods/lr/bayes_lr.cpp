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

// Hyper-parameters shared by the family. The global features hash into at most
// 2^max_log2_hash columns: bayes-lr-full keeps a dense (2^b + 1)^2 precision.
struct LrParams {
  double lambda = 1;
  int log2_hash_size = 16;
  bool item_effects = false;
  int rounds = 2;
  int max_iterations = 200;
  double tolerance = 1e-6;

  template <class P>
  static void declare(ParamDecls<P>& d, int max_log2_hash = 24) {
    d.field("lambda", &LrParams::lambda)
        .range(1e-6, 1e6)
        .describe("ridge; prior precision of an unseen coefficient");
    d.field("log2_hash_size", &LrParams::log2_hash_size)
        .range(4, max_log2_hash)
        .describe("global features hash into 2^this columns");
    d.field("item_effects", &LrParams::item_effects)
        .describe("1: per-item random effects besides the per-user ones");
    d.field("rounds", &LrParams::rounds)
        .range(1, 20)
        .describe("block coordinate descent rounds (global, users, items)");
    d.field("max_iterations", &LrParams::max_iterations)
        .range(1, 100000)
        .describe("L-BFGS iteration cap per block solve");
    d.field("tolerance", &LrParams::tolerance)
        .range(1e-14, 1)
        .describe("L-BFGS stops when ||gradient|| <= tolerance * samples");
  }
};

struct BayesLrParams : LrParams {
  double delta = 0.8;

  template <class P>
  static void declare(ParamDecls<P>& d, int max_log2_hash = 24) {
    d.field("delta", &BayesLrParams::delta)
        .range(0, 1)
        .describe("forgetting factor: 1 pure Bayesian, 0 plain L2 on D_t");
    LrParams::declare(d, max_log2_hash);
  }
};

// Dense precision over the global block only: (2^b + 1)^2 doubles, so b <= 11.
struct BayesLrFullParams : BayesLrParams {
  BayesLrFullParams() { log2_hash_size = 10; }
  static void declare(ParamDecls<BayesLrFullParams>& d) { BayesLrParams::declare(d, 11); }
};

struct LrSettings {
  LrMode mode = LrMode::kBayes;
  GlmixConfig model;
  GlmixUpdateSettings update;

  LrSettings(const LrParams& p, LrMode m, bool dense) : mode(m) {
    model.lambda = p.lambda;
    model.log2_hash_size = p.log2_hash_size;
    model.item_effects = p.item_effects;
    model.dense_global = dense;
    update.rounds = p.rounds;
    update.solver.max_iterations = p.max_iterations;
    update.solver.gradient_tolerance = p.tolerance;
  }
  LrSettings(const BayesLrParams& p, bool dense) : LrSettings(p, LrMode::kBayes, dense) {
    update.delta = p.delta;
  }
};

class LogisticRegressionMethod final : public Method {
 public:
  explicit LogisticRegressionMethod(const LrSettings& settings) : settings_(settings) {}

  void start(const PretrainedModel& pretrained, const MethodContext& ctx) override {
    const int periods = pretrained.pretrain_periods;
    if (periods < 1) throw UsageError("the logistic-regression methods need pre-training periods");
    model_ = fit_from_scratch(ctx, periods - 1);
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
  void update(const Period& d_t, MethodContext& ctx) override {
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

CRBENCH_REGISTER_METHOD(method_entry(
    "bayes-lr",
    "Bayesian incremental GLMix logistic regression, diagonal Laplace prior (Lambda Learner)",
    BayesLrParams{}, [](const BayesLrParams& p) {
      return std::make_unique<LogisticRegressionMethod>(LrSettings(p, false));
    }));

CRBENCH_REGISTER_METHOD(
    method_entry("bayes-lr-full",
                 "bayes-lr with a dense posterior precision for the (small, hashed) global block",
                 BayesLrFullParams{}, [](const BayesLrFullParams& p) {
                   return std::make_unique<LogisticRegressionMethod>(LrSettings(p, true));
                 }));

CRBENCH_REGISTER_METHOD(method_entry(
    "lr-retrain", "the GLMix logistic regression refit from scratch (ridge) on all data so far",
    LrParams{}, [](const LrParams& p) {
      return std::make_unique<LogisticRegressionMethod>(LrSettings(p, LrMode::kRetrain, false));
    }));

CRBENCH_REGISTER_METHOD(method_entry(
    "lr-iu", "the GLMix logistic regression, warm-started ridge fit on each new period only",
    LrParams{}, [](const LrParams& p) {
      return std::make_unique<LogisticRegressionMethod>(LrSettings(p, LrMode::kIncremental, false));
    }));

}  // namespace
}  // namespace crbench
