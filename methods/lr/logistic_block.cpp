// The period objective of one coefficient block and its L-BFGS solve.
#include "methods/lr/logistic_block.hpp"

#include <LBFGS.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

#include "methods/numerics.hpp"

namespace crbench {

namespace {
// log(1 + e^s) without overflow.
double softplus(double s) { return s > 0 ? s + std::log1p(std::exp(-s)) : std::log1p(std::exp(s)); }
}  // namespace

BlockPrior BlockPrior::fresh(std::size_t dim, double lambda, bool dense) {
  BlockPrior p;
  const auto n = static_cast<Eigen::Index>(dim);
  p.mean = Eigen::VectorXd::Zero(n);
  if (dense) {
    p.dense = lambda * Eigen::MatrixXd::Identity(n, n);
  } else {
    p.diagonal = Eigen::VectorXd::Constant(n, lambda);
  }
  return p;
}

BlockObjective::BlockObjective(const BlockData& data, const BlockPrior& prior, double delta,
                               double lambda)
    : data_(data), prior_(&prior), delta_(delta), lambda_(lambda) {}

double BlockObjective::score(std::uint32_t r, const Eigen::VectorXd& theta) const {
  const SparseDesign& x = *data_.x;
  double s = data_.offset[r];
  for (std::size_t k = x.row_begin(r); k < x.row_end(r); ++k) s += x.val[k] * theta[x.col[k]];
  return s;
}

double BlockObjective::total_weight() const {
  double total = 0.0;
  for (const std::uint32_t r : data_.rows) total += data_.weight_of(r);
  return total;
}

double BlockObjective::operator()(const Eigen::VectorXd& theta, Eigen::VectorXd& grad) const {
  const SparseDesign& x = *data_.x;
  // Penalties: (1-delta) lambda/2 ||theta||^2 + delta/2 (theta-mu)^T H (theta-mu).
  const Eigen::VectorXd diff = theta - prior_->mean;
  const double ridge = (1.0 - delta_) * lambda_;
  grad = ridge * theta;
  double f = 0.5 * ridge * theta.squaredNorm();
  if (prior_->is_dense()) {
    const Eigen::VectorXd h_diff = prior_->dense * diff;
    f += 0.5 * delta_ * diff.dot(h_diff);
    grad += delta_ * h_diff;
  } else {
    const Eigen::VectorXd h_diff = prior_->diagonal.cwiseProduct(diff);
    f += 0.5 * delta_ * diff.dot(h_diff);
    grad += delta_ * h_diff;
  }
  // Data term: sum_i w_i [softplus(s_i) - y_i s_i], gradient w_i (p_i - y_i) x_i.
  for (const std::uint32_t r : data_.rows) {
    const double s = score(r, theta);
    const double w = data_.weight_of(r);
    const double y = data_.label[r];
    f += w * (softplus(s) - y * s);
    const double g = w * (sigmoid(s) - y);
    for (std::size_t k = x.row_begin(r); k < x.row_end(r); ++k) grad[x.col[k]] += g * x.val[k];
  }
  return f;
}

Eigen::VectorXd BlockObjective::hessian_diagonal(const Eigen::VectorXd& theta) const {
  const SparseDesign& x = *data_.x;
  Eigen::VectorXd h =
      prior_->is_dense() ? Eigen::VectorXd(prior_->dense.diagonal()) : prior_->diagonal;
  h = delta_ * h;
  h.array() += (1.0 - delta_) * lambda_;
  for (const std::uint32_t r : data_.rows) {
    const double p = sigmoid(score(r, theta));
    const double c = data_.weight_of(r) * p * (1.0 - p);
    for (std::size_t k = x.row_begin(r); k < x.row_end(r); ++k) {
      h[x.col[k]] += c * x.val[k] * x.val[k];
    }
  }
  return h;
}

Eigen::MatrixXd BlockObjective::hessian(const Eigen::VectorXd& theta) const {
  const SparseDesign& x = *data_.x;
  Eigen::MatrixXd h = prior_->is_dense() ? Eigen::MatrixXd(prior_->dense)
                                         : Eigen::MatrixXd(prior_->diagonal.asDiagonal());
  h *= delta_;
  h.diagonal().array() += (1.0 - delta_) * lambda_;
  for (const std::uint32_t r : data_.rows) {
    const double p = sigmoid(score(r, theta));
    const double c = data_.weight_of(r) * p * (1.0 - p);
    for (std::size_t a = x.row_begin(r); a < x.row_end(r); ++a) {
      for (std::size_t b = x.row_begin(r); b < x.row_end(r); ++b) {
        h(x.col[a], x.col[b]) += c * x.val[a] * x.val[b];
      }
    }
  }
  return h;
}

BlockPrior BlockObjective::posterior(const Eigen::VectorXd& theta) const {
  BlockPrior next;
  next.mean = theta;
  if (prior_->is_dense()) {
    next.dense = hessian(theta);
  } else {
    next.diagonal = hessian_diagonal(theta);
  }
  return next;
}

namespace {
// Remembers the lowest objective value LBFGS++ evaluated, with its point and
// gradient norm, so that a line search that fails at the floating-point noise
// floor can be told apart from one that fails far from the optimum.
struct BestPointTracker {
  const BlockObjective* objective;
  double best_f = std::numeric_limits<double>::infinity();
  double best_gnorm = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_theta;

  double operator()(const Eigen::VectorXd& theta, Eigen::VectorXd& grad) {
    const double f = (*objective)(theta, grad);
    if (f < best_f) {
      best_f = f;
      best_gnorm = grad.norm();
      best_theta = theta;
    }
    return f;
  }
};
}  // namespace

SolveOutcome solve_block(const BlockObjective& objective, Eigen::VectorXd& theta,
                         const SolverSettings& settings) {
  const double scale = std::max(1.0, objective.total_weight());
  LBFGSpp::LBFGSParam<double> param;
  param.epsilon = settings.gradient_tolerance * scale;
  param.epsilon_rel = 0.0;
  param.max_iterations = settings.max_iterations;
  // The Wolfe curvature condition keeps s^T y > 0, so the L-BFGS matrix stays
  // positive definite (Armijo alone does not guarantee it).
  param.linesearch = LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_WOLFE;
  // LBFGS++ tries a first step of unit length (1/||grad|| times the gradient);
  // a warm start close to the optimum needs a far shorter one, and halving 20
  // times (the default cap) reaches only 1e-6. 100 halvings reach 1e-30.
  param.max_linesearch = 100;
  LBFGSpp::LBFGSSolver<double> solver(param);
  const Eigen::VectorXd start = theta;
  BestPointTracker tracked{&objective, std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::infinity(), Eigen::VectorXd()};
  SolveOutcome outcome;
  double fx = 0.0;
  try {
    outcome.iterations = solver.minimize(tracked, theta, fx);
  } catch (const std::exception& e) {
    // Near the optimum the line search cannot see a decrease any more: a step
    // along the gradient lowers f by about ||g||^2 / (2L), which drowns in f's
    // rounding (~ machine epsilon times f, both f and the curvature L growing
    // with the n samples) once ||g|| is below roughly sqrt(epsilon) * n. Such a
    // point is a minimiser to working precision: keep it (with a factor 10 of
    // slack on that estimate). A failure above it is a real one.
    const double noise_floor = 10.0 * std::sqrt(std::numeric_limits<double>::epsilon()) * scale;
    if (tracked.best_gnorm <= std::max(param.epsilon, noise_floor)) {
      theta = tracked.best_theta;
      fx = tracked.best_f;
    } else {
      outcome.ok = false;
      outcome.error = e.what();
    }
  }
  if (outcome.ok && !(std::isfinite(fx) && theta.allFinite())) {
    outcome.ok = false;
    outcome.error = "non-finite objective";
  }
  if (!outcome.ok) theta = start;
  return outcome;
}

}  // namespace crbench
