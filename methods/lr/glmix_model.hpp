// The GLMix logistic regression of docs/methods/bayes-lr.md: a global (fixed-effect)
// block over hashed features plus per-user (and optionally per-item) random
// effects, each block with its Gaussian posterior, and the period update that
// refits it on a batch of rows by block coordinate descent.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <span>
#include <string>

#include "methods/base_model.hpp"
#include "methods/lr/logistic_block.hpp"
#include "methods/lr/lr_features.hpp"

namespace crbench {

struct GlmixConfig {
  int log2_hash_size = 16;
  bool item_effects = false;
  bool dense_global = false;  // dense posterior precision of the global block
  double lambda = 1.0;        // ridge; an unseen coefficient's prior precision
};

// Score s = x_g^T beta + z_user^T gamma_user (+ z_item^T gamma_item), p = sigma(s).
// Scoring reads only the posterior means, so concurrent score() calls are safe.
class GlmixModel final : public Scorer {
 public:
  GlmixModel(const StreamShape& shape, const GlmixConfig& config);

  void score(const FeatureView& stream, std::span<const RowIndex> rows,
             std::span<float> out) const override;
  // Posterior means (what is served); precisions are the method's state.
  std::size_t parameter_count() const;

  const GlmixConfig& config() const { return config_; }
  const LrFeatureMap& features() const { return features_; }

  // Posteriors. Entity e's mean and diagonal precision are column e.
  BlockPrior global;
  Eigen::MatrixXd user_mean, user_precision;
  Eigen::MatrixXd item_mean, item_precision;  // 0 columns without item effects

 private:
  GlmixConfig config_;
  LrFeatureMap features_;
};

struct GlmixUpdateSettings {
  double delta = 0.8;  // forgetting factor in [0, 1]
  int rounds = 2;      // block coordinate descent rounds (global, users, items)
  SolverSettings solver;
};

struct GlmixUpdateReport {
  bool ok = true;    // false: a solve failed and the model was kept
  std::string note;  // why, for CostBreakdown::note
  int global_iterations = 0;
  std::size_t entity_solves = 0;
  double feature_seconds = 0.0;  // building the designs
  double solve_seconds = 0.0;    // L-BFGS solves and posterior precisions
};

// One period update on `rows` (docs/methods/bayes-lr.md):
//   theta_t = argmin sum_i log-loss + (1-delta) lambda/2 ||theta||^2
//             + delta/2 (theta - mu)^T H (theta - mu),  H_t = Hessian at theta_t
// (for a diagonal H: delta H + diag(sum w p(1-p) x^2) + (1-delta) lambda), each block
// warm-started at its mean. Entities absent from `rows` keep their posterior; the
// global block is updated over every coefficient, as the formula reads (with
// delta < 1 an absent feature's mean shrinks towards 0 and its precision towards
// lambda: that is the forgetting). Per-entity solves run in parallel (oneTBB);
// each depends only on its own rows, so results do not depend on the threads.
// On a failed line search the whole model is left as it was.
GlmixUpdateReport glmix_update(GlmixModel& model, const LabelledView& stream,
                               std::span<const RowIndex> rows, const GlmixUpdateSettings& settings);

}  // namespace crbench
