// One coefficient block of the Bayesian logistic regression
// (docs/methods/bayes-lr.md): its Gaussian prior N(mu, H^-1), the period objective
//   f(theta) = sum_i w_i [softplus(s_i) - y_i s_i] + (1-delta) lambda/2 ||theta||^2
//              + delta/2 (theta - mu)^T H (theta - mu),   s_i = offset_i + x_i^T theta,
// its gradient and Hessian, and its L-BFGS (LBFGS++) solve. The other blocks
// enter only through the offsets (block coordinate descent).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <span>
#include <string>

#include "methods/lr/lr_features.hpp"

namespace crbench {

// Gaussian N(mean, precision^-1), precision diagonal or (for small blocks) dense.
struct BlockPrior {
  Eigen::VectorXd mean;
  Eigen::VectorXd diagonal;  // used when `dense` is empty
  Eigen::MatrixXd dense;     // dense precision; size 0 for a diagonal prior

  bool is_dense() const { return dense.size() > 0; }
  std::size_t dim() const { return static_cast<std::size_t>(mean.size()); }
  // The prior of an unseen entity or feature: mean 0, precision lambda.
  static BlockPrior fresh(std::size_t dim, double lambda, bool dense);
};

// The samples one block is fitted on: rows `rows` of the design `x` (columns are
// the block's coefficients), with labels in {0, 1}, weights (empty: all 1) and
// offsets (the other blocks' scores), each indexed by design row.
struct BlockData {
  const SparseDesign* x = nullptr;
  std::span<const std::uint32_t> rows;
  std::span<const double> label;
  std::span<const double> weight;
  std::span<const double> offset;
  double weight_of(std::uint32_t r) const { return weight.empty() ? 1.0 : weight[r]; }
};

class BlockObjective {
 public:
  BlockObjective(const BlockData& data, const BlockPrior& prior, double delta, double lambda);

  // f(theta), and its gradient written to `grad` (LBFGS++'s functor form).
  double operator()(const Eigen::VectorXd& theta, Eigen::VectorXd& grad) const;
  // The Hessian's diagonal delta H_jj + sum_i w_i p_i (1-p_i) x_ij^2 + (1-delta) lambda:
  // at the optimum this is the next period's diagonal precision H_t.
  Eigen::VectorXd hessian_diagonal(const Eigen::VectorXd& theta) const;
  // The full Hessian (the dense posterior precision of the full variant).
  Eigen::MatrixXd hessian(const Eigen::VectorXd& theta) const;
  // The next period's prior (mean theta, precision the Hessian at theta), dense
  // or diagonal like this block's prior.
  BlockPrior posterior(const Eigen::VectorXd& theta) const;
  double total_weight() const;

 private:
  double score(std::uint32_t r, const Eigen::VectorXd& theta) const;

  BlockData data_;
  const BlockPrior* prior_;
  double delta_;
  double lambda_;
};

struct SolverSettings {
  // Converged when ||grad f|| <= gradient_tolerance * max(1, sum of weights)
  // (the data term is a sum over samples, so its gradient scales with them).
  double gradient_tolerance = 1e-6;
  int max_iterations = 200;
};

struct SolveOutcome {
  // false: the line search failed away from the optimum (a failure at the
  // rounding-noise floor counts as converged); theta is then left at its start.
  bool ok = true;
  int iterations = 0;  // L-BFGS iterations
  std::string error;   // LBFGS++'s message when !ok
};

// L-BFGS (LBFGS++, backtracking line search with the Wolfe condition) started at
// `theta`, which receives the minimiser.
SolveOutcome solve_block(const BlockObjective& objective, Eigen::VectorXd& theta,
                         const SolverSettings& settings);

}  // namespace crbench
