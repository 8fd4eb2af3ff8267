// The Bayesian logistic-regression family (docs/methods/bayes-lr.md): the block
// objective's derivatives against finite differences, the L-BFGS solves against
// Newton's method written out here, the posterior-precision update on cases
// computed by hand, and thread-count independence of the per-entity solves.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <Eigen/Dense>
#include <cmath>
#include <random>
#include <vector>

#include "core/errors.hpp"
#include "methods/lr/glmix_model.hpp"
#include "methods/lr/logistic_block.hpp"
#include "methods/registry.hpp"
#include "tests/support/tiny_stream.hpp"

namespace crbench {
namespace {

// A random sparse design with `cols` columns, 1..4 non-zeros a row, random labels.
struct RandomProblem {
  SparseDesign x;
  std::vector<double> label, weight, offset;
  std::vector<std::uint32_t> rows;
};

RandomProblem random_problem(std::uint64_t seed, std::size_t n, int cols, bool weighted) {
  std::mt19937_64 gen(seed);
  auto unit = [&gen] { return static_cast<double>(gen() >> 11) * 0x1.0p-53; };
  RandomProblem p;
  for (std::size_t r = 0; r < n; ++r) {
    std::vector<std::pair<std::int32_t, double>> e;
    const int nnz = 1 + static_cast<int>(gen() % 4);
    for (int k = 0; k < nnz; ++k) {
      e.emplace_back(static_cast<std::int32_t>(gen() % static_cast<std::uint64_t>(cols)),
                     0.5 + unit());
    }
    p.x.add_row(e);
    p.label.push_back(unit() < 0.4 ? 1.0 : 0.0);
    p.weight.push_back(weighted ? 0.5 + 1.5 * unit() : 1.0);
    p.offset.push_back(unit() - 0.5);
    p.rows.push_back(static_cast<std::uint32_t>(r));
  }
  return p;
}

BlockData data_of(const RandomProblem& p) {
  return BlockData{&p.x, p.rows, p.label, p.weight, p.offset};
}

// A prior with random mean and precision (dense: a random SPD matrix).
BlockPrior random_prior(std::uint64_t seed, int dim, bool dense) {
  std::mt19937_64 gen(seed);
  auto unit = [&gen] { return static_cast<double>(gen() >> 11) * 0x1.0p-53; };
  BlockPrior p;
  p.mean = Eigen::VectorXd(dim);
  for (int j = 0; j < dim; ++j) p.mean[j] = unit() - 0.5;
  if (dense) {
    Eigen::MatrixXd a(dim, dim);
    for (int i = 0; i < dim; ++i)
      for (int j = 0; j < dim; ++j) a(i, j) = unit() - 0.5;
    p.dense = a * a.transpose() + Eigen::MatrixXd::Identity(dim, dim);
  } else {
    p.diagonal = Eigen::VectorXd(dim);
    for (int j = 0; j < dim; ++j) p.diagonal[j] = 0.5 + 2.0 * unit();
  }
  return p;
}

// The objective written out directly from docs/methods/bayes-lr.md, with dense
// algebra: the independent reference for the tests below.
struct DenseReference {
  Eigen::MatrixXd x;  // n x d
  Eigen::VectorXd y, w, offset;
  Eigen::VectorXd mu;
  Eigen::MatrixXd h;
  double delta, lambda;

  DenseReference(const RandomProblem& p, int dim, const BlockPrior& prior, double delta_,
                 double lambda_)
      : delta(delta_), lambda(lambda_) {
    const auto n = static_cast<Eigen::Index>(p.rows.size());
    x = Eigen::MatrixXd::Zero(n, dim);
    for (Eigen::Index r = 0; r < n; ++r) {
      for (std::size_t k = p.x.row_begin(r); k < p.x.row_end(r); ++k)
        x(r, p.x.col[k]) += p.x.val[k];
    }
    y = Eigen::Map<const Eigen::VectorXd>(p.label.data(), n);
    w = Eigen::Map<const Eigen::VectorXd>(p.weight.data(), n);
    offset = Eigen::Map<const Eigen::VectorXd>(p.offset.data(), n);
    mu = prior.mean;
    h = prior.is_dense() ? prior.dense : Eigen::MatrixXd(prior.diagonal.asDiagonal());
  }
  Eigen::VectorXd prob(const Eigen::VectorXd& theta) const {
    const Eigen::VectorXd s = offset + x * theta;
    return s.unaryExpr([](double v) { return 1.0 / (1.0 + std::exp(-v)); });
  }
  Eigen::VectorXd gradient(const Eigen::VectorXd& theta) const {
    return x.transpose() * (w.array() * (prob(theta) - y).array()).matrix() +
           (1 - delta) * lambda * theta + delta * h * (theta - mu);
  }
  Eigen::MatrixXd hessian(const Eigen::VectorXd& theta) const {
    const Eigen::VectorXd p = prob(theta);
    const Eigen::VectorXd c = w.array() * p.array() * (1 - p.array());
    Eigen::MatrixXd hess = x.transpose() * c.asDiagonal() * x + delta * h;
    hess.diagonal().array() += (1 - delta) * lambda;
    return hess;
  }
  // Newton's method from 0 to a gradient norm of 1e-13.
  Eigen::VectorXd newton() const {
    Eigen::VectorXd theta = Eigen::VectorXd::Zero(x.cols());
    for (int it = 0; it < 100; ++it) {
      const Eigen::VectorXd g = gradient(theta);
      if (g.norm() < 1e-13) break;
      theta -= hessian(theta).ldlt().solve(g);
    }
    return theta;
  }
};

constexpr int kDim = 12;

TEST(BayesLrBlock, GradientMatchesFiniteDifferences) {
  for (const bool dense : {false, true}) {
    const RandomProblem p = random_problem(1, 60, kDim, true);
    const BlockPrior prior = random_prior(2, kDim, dense);
    const BlockObjective f(data_of(p), prior, 0.6, 1.5);
    Eigen::VectorXd theta = random_prior(3, kDim, false).mean;
    Eigen::VectorXd grad(kDim), scratch(kDim);
    f(theta, grad);
    for (int j = 0; j < kDim; ++j) {
      const double h = 1e-6;
      Eigen::VectorXd tp = theta, tm = theta;
      tp[j] += h;
      tm[j] -= h;
      const double fd = (f(tp, scratch) - f(tm, scratch)) / (2 * h);
      EXPECT_NEAR(grad[j], fd, 1e-6 * std::max(1.0, std::abs(fd)))
          << "dense " << dense << " j " << j;
    }
  }
}

TEST(BayesLrBlock, HessianMatchesFiniteDifferencesOfGradient) {
  for (const bool dense : {false, true}) {
    const RandomProblem p = random_problem(4, 60, kDim, true);
    const BlockPrior prior = random_prior(5, kDim, dense);
    const BlockObjective f(data_of(p), prior, 0.3, 2.0);
    const Eigen::VectorXd theta = random_prior(6, kDim, false).mean;
    const Eigen::VectorXd diag = f.hessian_diagonal(theta);
    const Eigen::MatrixXd full = f.hessian(theta);
    Eigen::VectorXd gp(kDim), gm(kDim);
    for (int j = 0; j < kDim; ++j) {
      const double h = 1e-5;
      Eigen::VectorXd tp = theta, tm = theta;
      tp[j] += h;
      tm[j] -= h;
      f(tp, gp);
      f(tm, gm);
      const Eigen::VectorXd column = (gp - gm) / (2 * h);
      EXPECT_NEAR(diag[j], column[j], 1e-6 * std::max(1.0, std::abs(column[j])));
      for (int i = 0; i < kDim; ++i) {
        EXPECT_NEAR(full(i, j), column[i], 1e-6 * std::max(1.0, std::abs(column[i])));
      }
    }
  }
}

TEST(BayesLrBlock, LbfgsSolveMatchesNewtonWithAPrior) {
  for (const bool dense : {false, true}) {
    const RandomProblem p = random_problem(7, 80, kDim, true);
    const BlockPrior prior = random_prior(8, kDim, dense);
    const BlockObjective f(data_of(p), prior, 0.7, 1.0);
    Eigen::VectorXd theta = prior.mean;
    const SolveOutcome out = solve_block(f, theta, {1e-12, 1000});
    ASSERT_TRUE(out.ok) << out.error;
    const Eigen::VectorXd expected = DenseReference(p, kDim, prior, 0.7, 1.0).newton();
    for (int j = 0; j < kDim; ++j) EXPECT_NEAR(theta[j], expected[j], 1e-6);
  }
}

// The posterior precision on a case computed by hand: one coefficient, three
// samples with x = 1, 2, -1 and no offset; after the solve,
//   H_t = delta H + sum_i w_i p_i (1 - p_i) x_i^2 + (1 - delta) lambda.
TEST(BayesLrBlock, PosteriorPrecisionIsTheFormulaByHand) {
  SparseDesign x;
  for (const double v : {1.0, 2.0, -1.0}) {
    std::vector<std::pair<std::int32_t, double>> e{{0, v}};
    x.add_row(e);
  }
  const std::vector<double> y{1, 0, 1}, w{1, 2, 0.5}, off{0, 0, 0};
  const std::vector<std::uint32_t> rows{0, 1, 2};
  BlockPrior prior;
  prior.mean = Eigen::VectorXd::Constant(1, 0.3);
  prior.diagonal = Eigen::VectorXd::Constant(1, 4.0);
  const double delta = 0.8, lambda = 1.0;
  const BlockObjective f(BlockData{&x, rows, y, w, off}, prior, delta, lambda);
  Eigen::VectorXd theta = prior.mean;
  ASSERT_TRUE(solve_block(f, theta, {1e-13, 1000}).ok);
  // Stationarity, by hand: sum w (p - y) x + (1-delta) lambda t + delta H (t - mu) = 0.
  const double t = theta[0];
  auto p = [](double s) { return 1.0 / (1.0 + std::exp(-s)); };
  const double g = 1 * (p(t) - 1) * 1 + 2 * (p(2 * t) - 0) * 2 + 0.5 * (p(-t) - 1) * -1 +
                   (1 - delta) * lambda * t + delta * 4.0 * (t - 0.3);
  EXPECT_NEAR(g, 0.0, 1e-10);
  const double expected = delta * 4.0 + 1 * p(t) * (1 - p(t)) * 1 +
                          2 * p(2 * t) * (1 - p(2 * t)) * 4 + 0.5 * p(-t) * (1 - p(-t)) * 1 +
                          (1 - delta) * lambda;
  const BlockPrior next = f.posterior(theta);
  EXPECT_NEAR(next.mean[0], t, 0.0);
  EXPECT_NEAR(next.diagonal[0], expected, 1e-12);
}

// delta = 1 on two halves whose samples touch disjoint coefficients: the first
// update leaves the second half's coefficients at their N(0, 1/lambda) prior, and
// a delta = 1 update leaves untouched coefficients alone, so the sequential
// result must equal the single fit on the whole (the Laplace approximation
// introduces no error when the halves do not share a coefficient).
TEST(BayesLrBlock, SequentialUpdateOnDisjointHalvesEqualsOneFit) {
  RandomProblem whole = random_problem(9, 120, 6, false);
  // Move the second half's columns to [6, 12).
  for (std::size_t r = 60; r < 120; ++r) {
    for (std::size_t k = whole.x.row_begin(r); k < whole.x.row_end(r); ++k) whole.x.col[k] += 6;
  }
  const std::vector<std::uint32_t> first(whole.rows.begin(), whole.rows.begin() + 60);
  const std::vector<std::uint32_t> second(whole.rows.begin() + 60, whole.rows.end());
  const double lambda = 2.0;
  const SolverSettings tight{1e-13, 2000};
  const BlockPrior fresh = BlockPrior::fresh(kDim, lambda, false);

  Eigen::VectorXd joint = fresh.mean;
  const BlockObjective all(data_of(whole), fresh, 1.0, lambda);
  ASSERT_TRUE(solve_block(all, joint, tight).ok);

  Eigen::VectorXd theta = fresh.mean;
  const BlockObjective f1(BlockData{&whole.x, first, whole.label, {}, whole.offset}, fresh, 1.0,
                          lambda);
  ASSERT_TRUE(solve_block(f1, theta, tight).ok);
  const BlockPrior after_first = f1.posterior(theta);
  const BlockObjective f2(BlockData{&whole.x, second, whole.label, {}, whole.offset}, after_first,
                          1.0, lambda);
  ASSERT_TRUE(solve_block(f2, theta, tight).ok);
  // Equal up to where the solves stop: a line search on f (about 80 here) ends
  // where f no longer changes in double precision, about sqrt(eps |f| / h) = 1e-7
  // from the optimum (clang's and GCC's builds stop 1e-8 apart).
  for (int j = 0; j < kDim; ++j) EXPECT_NEAR(theta[j], joint[j], 1e-6);
  // And the precision is the joint fit's Hessian diagonal.
  const Eigen::VectorXd h_seq = f2.posterior(theta).diagonal;
  const Eigen::VectorXd h_joint = all.hessian_diagonal(joint);
  for (int j = 0; j < kDim; ++j) EXPECT_NEAR(h_seq[j], h_joint[j], 1e-6);
}

// --- The whole GLMix model -------------------------------------------------

GlmixConfig small_config(bool item_effects) {
  GlmixConfig c;
  c.log2_hash_size = 6;
  c.item_effects = item_effects;
  c.lambda = 1.0;
  return c;
}

// With delta = 0 from the fresh prior, the update is a plain L2-regularised
// logistic regression over [x_g ; z_user one-hot by user ; z_item by item]; the
// joint problem is solved here by Newton's method on a dense design built from
// the feature map, and the block coordinate descent must reach its optimum.
TEST(BayesLrModel, DeltaZeroFromZeroPriorIsRidgeLogisticRegression) {
  const Stream s = test_support::make_random_tiny_stream(11, 6, 10, 3, 150, 2, 0.45);
  for (const bool items : {false, true}) {
    GlmixModel model(shape_of(s), small_config(items));
    std::vector<RowIndex> rows(s.num_samples());
    for (RowIndex r = 0; r < rows.size(); ++r) rows[r] = r;
    GlmixUpdateSettings settings;
    settings.delta = 0.0;
    settings.rounds = 200;
    settings.solver = {1e-9, 2000};
    const GlmixUpdateReport report = glmix_update(model, s, rows, settings);
    ASSERT_TRUE(report.ok) << report.note;

    const LrFeatureMap& fm = model.features();
    const auto g = static_cast<Eigen::Index>(fm.global_dim());
    const auto k = static_cast<Eigen::Index>(fm.entity_dim());
    const Eigen::Index dim = g + k * s.num_users + (items ? k * s.num_items : 0);
    const auto n = static_cast<Eigen::Index>(rows.size());
    Eigen::MatrixXd x = Eigen::MatrixXd::Zero(n, dim);
    Eigen::VectorXd y(n);
    LrFeatureMap::Entries e;
    for (Eigen::Index r = 0; r < n; ++r) {
      const auto row = static_cast<RowIndex>(r);
      fm.global_features(s, row, e);
      for (const auto& [c, v] : e) x(r, c) += v;
      fm.user_features(s, row, e);
      for (const auto& [c, v] : e) x(r, g + k * s.user[row] + c) += v;
      if (items) {
        fm.item_features(s, row, e);
        for (const auto& [c, v] : e) x(r, g + k * s.num_users + k * s.item[row] + c) += v;
      }
      y[r] = s.label[row];
    }
    Eigen::VectorXd theta = Eigen::VectorXd::Zero(dim);
    for (int it = 0; it < 100; ++it) {
      const Eigen::VectorXd p =
          (x * theta).unaryExpr([](double v) { return 1.0 / (1.0 + std::exp(-v)); });
      const Eigen::VectorXd grad = x.transpose() * (p - y) + theta;
      if (grad.norm() < 1e-12) break;
      const Eigen::VectorXd c = p.array() * (1 - p.array());
      Eigen::MatrixXd hess = x.transpose() * c.asDiagonal() * x;
      hess.diagonal().array() += 1.0;
      theta -= hess.ldlt().solve(grad);
    }
    for (Eigen::Index j = 0; j < g; ++j) ASSERT_NEAR(model.global.mean[j], theta[j], 1e-6) << j;
    for (std::int32_t u = 0; u < s.num_users; ++u) {
      for (Eigen::Index c = 0; c < k; ++c) {
        ASSERT_NEAR(model.user_mean(c, u), theta[g + k * u + c], 1e-6) << "user " << u;
      }
    }
    if (items) {
      for (std::int32_t i = 0; i < s.num_items; ++i) {
        for (Eigen::Index c = 0; c < k; ++c) {
          ASSERT_NEAR(model.item_mean(c, i), theta[g + k * s.num_users + k * i + c], 1e-6);
        }
      }
    }
    // Served probabilities are sigma of the same scores.
    std::vector<float> served(rows.size());
    model.score(s, rows, served);
    const Eigen::VectorXd s_ref = x * theta;
    for (Eigen::Index r = 0; r < n; ++r) {
      EXPECT_NEAR(served[static_cast<std::size_t>(r)], 1.0 / (1.0 + std::exp(-s_ref[r])), 1e-6);
    }
  }
}

// Entities absent from the batch keep their posterior exactly.
TEST(BayesLrModel, AbsentEntityKeepsItsPosterior) {
  const Stream s = test_support::make_random_tiny_stream(12, 8, 10, 3, 200, 2, 0.5);
  GlmixModel model(shape_of(s), small_config(true));
  std::vector<RowIndex> all(s.num_samples()), without_user0;
  for (RowIndex r = 0; r < all.size(); ++r) {
    all[r] = r;
    if (s.user[r] != 0) without_user0.push_back(r);
  }
  GlmixUpdateSettings settings;
  ASSERT_TRUE(glmix_update(model, s, all, settings).ok);
  const Eigen::VectorXd mean0 = model.user_mean.col(0), prec0 = model.user_precision.col(0);
  const Eigen::VectorXd mean1 = model.user_mean.col(1);
  ASSERT_TRUE(glmix_update(model, s, without_user0, settings).ok);
  EXPECT_TRUE(model.user_mean.col(0) == mean0);
  EXPECT_TRUE(model.user_precision.col(0) == prec0);
  EXPECT_FALSE(model.user_mean.col(1) == mean1);  // a present user did move
}

// A global coefficient the batch does not touch follows the formula alone: mean
// delta h mu / (delta h + (1-delta) lambda), precision delta h + (1-delta) lambda;
// touched ones satisfy the stationarity condition of the full objective.
TEST(BayesLrModel, UntouchedGlobalCoefficientsFollowTheClosedForm) {
  const Stream s = test_support::make_random_tiny_stream(14, 8, 200, 3, 300, 2, 0.5);
  GlmixConfig config = small_config(false);
  config.log2_hash_size = 10;
  GlmixModel model(shape_of(s), config);
  std::vector<RowIndex> first, second;
  for (RowIndex r = 0; r < s.num_samples(); ++r) (r < 150 ? first : second).push_back(r);
  GlmixUpdateSettings settings;
  settings.solver = {1e-10, 2000};
  settings.delta = 0.0;
  ASSERT_TRUE(glmix_update(model, s, first, settings).ok);
  const BlockPrior before = model.global;
  settings.delta = 0.5;
  ASSERT_TRUE(glmix_update(model, s, second, settings).ok);
  std::vector<bool> touched(model.features().global_dim(), false);
  LrFeatureMap::Entries e;
  for (const RowIndex r : second) {
    model.features().global_features(s, r, e);
    for (const auto& [c, v] : e) touched[static_cast<std::size_t>(c)] = true;
  }
  int untouched_moved = 0;
  for (std::size_t j = 0; j < touched.size(); ++j) {
    if (touched[j]) continue;
    const auto jj = static_cast<Eigen::Index>(j);
    const double h = before.diagonal[jj], mu = before.mean[jj];
    const double precision = 0.5 * h + 0.5 * config.lambda;
    EXPECT_NEAR(model.global.diagonal[jj], precision, 1e-12);
    EXPECT_NEAR(model.global.mean[jj], 0.5 * h * mu / precision, 1e-12);
    if (mu != 0.0) ++untouched_moved;
  }
  EXPECT_GT(untouched_moved, 0) << "the case must include untouched coefficients with a prior";
}

// A batch whose objective cannot be evaluated (a NaN label makes every value NaN,
// so the line search never finds a decrease): the update reports the failure and
// leaves the whole model as it was (docs/methods/bayes-lr.md: keep the previous model, say so).
TEST(BayesLrModel, FailedLineSearchKeepsThePreviousModel) {
  Stream s = test_support::make_random_tiny_stream(15, 8, 20, 3, 200, 2, 0.5);
  GlmixModel model(shape_of(s), small_config(true));
  std::vector<RowIndex> first, second;
  for (RowIndex r = 0; r < s.num_samples(); ++r) (r < 100 ? first : second).push_back(r);
  ASSERT_TRUE(glmix_update(model, s, first, {}).ok);
  const GlmixModel before = model;
  s.label[second[3]] = std::nanf("");
  const GlmixUpdateReport report = glmix_update(model, s, second, {});
  EXPECT_FALSE(report.ok);
  EXPECT_NE(report.note.find("kept the previous model"), std::string::npos) << report.note;
  EXPECT_TRUE(model.global.mean == before.global.mean);
  EXPECT_TRUE(model.global.diagonal == before.global.diagonal);
  EXPECT_TRUE(model.user_mean == before.user_mean);
  EXPECT_TRUE(model.user_precision == before.user_precision);
  EXPECT_TRUE(model.item_mean == before.item_mean);
}

// The per-entity solves give bit-identical results with 1 thread and with 4.
TEST(BayesLrModel, ResultsDoNotDependOnThreadCount) {
  const Stream s = test_support::make_random_tiny_stream(13, 40, 60, 5, 2000, 3, 0.5);
  std::vector<RowIndex> rows(s.num_samples());
  for (RowIndex r = 0; r < rows.size(); ++r) rows[r] = r;
  auto run = [&](int threads) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
    GlmixModel model(shape_of(s), small_config(true));
    const std::vector<RowIndex> half(rows.begin(), rows.begin() + 1000);
    const std::vector<RowIndex> rest(rows.begin() + 1000, rows.end());
    GlmixUpdateSettings settings;
    settings.delta = 0.0;
    EXPECT_TRUE(glmix_update(model, s, half, settings).ok);
    settings.delta = 0.8;
    EXPECT_TRUE(glmix_update(model, s, rest, settings).ok);
    return model;
  };
  const GlmixModel one = run(1);
  const GlmixModel four = run(4);
  EXPECT_TRUE(one.global.mean == four.global.mean);
  EXPECT_TRUE(one.global.diagonal == four.global.diagonal);
  EXPECT_TRUE(one.user_mean == four.user_mean);
  EXPECT_TRUE(one.user_precision == four.user_precision);
  EXPECT_TRUE(one.item_mean == four.item_mean);
  EXPECT_TRUE(one.item_precision == four.item_precision);
}

TEST(BayesLrRegistry, EntriesAndBadHyperParameters) {
  const MethodRegistry& r = MethodRegistry::global();
  for (const char* name : {"bayes-lr", "bayes-lr-full", "lr-retrain", "lr-iu"}) {
    EXPECT_NO_THROW(r.find(name)) << name;
  }
  EXPECT_THROW(r.create("bayes-lr(delta=1.5)"), UsageError);
  EXPECT_THROW(r.create("bayes-lr(lambda=0)"), UsageError);
  EXPECT_THROW(r.create("bayes-lr-full(log2_hash_size=16)"), UsageError);
  EXPECT_THROW(r.create("lr-iu(delta=0.5)"), UsageError);
}

}  // namespace
}  // namespace crbench
