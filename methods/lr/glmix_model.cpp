// GLMix logistic regression: scoring and the block-coordinate-descent period update.
#include "methods/lr/glmix_model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "core/errors.hpp"
#include "core/stopwatch.hpp"
#include "methods/parallel.hpp"

namespace crbench {

namespace {

double sparse_dot(const SparseDesign& x, std::size_t r, const double* theta) {
  double s = 0.0;
  for (std::size_t k = x.row_begin(r); k < x.row_end(r); ++k) s += x.val[k] * theta[x.col[k]];
  return s;
}

double sparse_dot(const LrFeatureMap::Entries& entries, const double* theta) {
  double s = 0.0;
  for (const auto& [c, v] : entries) s += v * theta[c];
  return s;
}

// The batch's rows grouped by entity (in order of first appearance in a sorted
// entity list, rows in batch order within a group): a deterministic partition.
struct EntityGroups {
  std::vector<std::int32_t> entity;       // one per group
  std::vector<std::size_t> group_offset;  // group g: rows [offset[g], offset[g+1])
  std::vector<std::uint32_t> rows;        // design rows
};

EntityGroups group_by(std::span<const std::int32_t> entity_of_row) {
  EntityGroups g;
  g.rows.resize(entity_of_row.size());
  std::iota(g.rows.begin(), g.rows.end(), 0u);
  std::stable_sort(g.rows.begin(), g.rows.end(), [&](std::uint32_t a, std::uint32_t b) {
    return entity_of_row[a] < entity_of_row[b];
  });
  for (std::size_t k = 0; k < g.rows.size(); ++k) {
    const std::int32_t e = entity_of_row[g.rows[k]];
    if (g.entity.empty() || g.entity.back() != e) {
      g.entity.push_back(e);
      g.group_offset.push_back(k);
    }
  }
  g.group_offset.push_back(g.rows.size());
  return g;
}

// One random-effect block (users or items): its design, groups and the current
// means being solved for.
struct EntityBlock {
  const SparseDesign* design = nullptr;
  EntityGroups groups;
  Eigen::MatrixXd* prior_mean = nullptr;       // the model's (previous) posterior
  Eigen::MatrixXd* prior_precision = nullptr;  // idem
  Eigen::MatrixXd theta;                       // this update's means (columns of groups)
  std::vector<double> score;                   // per design row: z^T gamma
};

// The design rows of entity group g.
std::span<const std::uint32_t> group_rows(const EntityBlock& b, std::size_t g) {
  const std::size_t first = b.groups.group_offset[g];
  return {b.groups.rows.data() + first, b.groups.group_offset[g + 1] - first};
}

BlockPrior entity_prior(const EntityBlock& b, std::size_t g) {
  BlockPrior p;
  const std::int32_t e = b.groups.entity[g];
  p.mean = b.prior_mean->col(e);
  p.diagonal = b.prior_precision->col(e);
  return p;
}

// A diagonal-precision block is separable in the coefficients the batch does not
// touch: there the objective is (1-delta) lambda/2 t^2 + delta/2 h (t - mu)^2, with
// minimiser delta h mu / (delta h + (1-delta) lambda) and curvature
// delta h + (1-delta) lambda, exactly the formula's update. So L-BFGS runs only on
// the touched (active) columns and the rest get that closed form: the same
// optimum as a solve over all 2^b + 1 columns, at a cost independent of the hash size.
struct ActiveColumns {
  std::vector<std::int32_t> column;  // active column k is global column column[k]
  SparseDesign design;               // the batch's design over the active columns
  BlockPrior prior;                  // the prior restricted to them
};

ActiveColumns restrict_to_active(const SparseDesign& x, const BlockPrior& prior) {
  ActiveColumns a;
  std::vector<std::int32_t> position(prior.dim(), -1);
  for (const std::int32_t c : x.col) position[static_cast<std::size_t>(c)] = 0;
  for (std::size_t c = 0; c < position.size(); ++c) {
    if (position[c] == 0) {
      position[c] = static_cast<std::int32_t>(a.column.size());
      a.column.push_back(static_cast<std::int32_t>(c));
    }
  }
  a.design = x;
  for (std::int32_t& c : a.design.col) c = position[static_cast<std::size_t>(c)];
  const auto k = static_cast<Eigen::Index>(a.column.size());
  a.prior.mean.resize(k);
  a.prior.diagonal.resize(k);
  for (Eigen::Index j = 0; j < k; ++j) {
    a.prior.mean[j] = prior.mean[a.column[static_cast<std::size_t>(j)]];
    a.prior.diagonal[j] = prior.diagonal[a.column[static_cast<std::size_t>(j)]];
  }
  return a;
}

// The full posterior: closed form everywhere, the active solve's where active.
BlockPrior expand_posterior(const BlockPrior& prior, const ActiveColumns& a,
                            const BlockPrior& active_posterior, double delta, double lambda) {
  BlockPrior next;
  next.diagonal = delta * prior.diagonal;
  next.diagonal.array() += (1.0 - delta) * lambda;
  next.mean = (delta * prior.diagonal.cwiseProduct(prior.mean)).cwiseQuotient(next.diagonal);
  for (std::size_t k = 0; k < a.column.size(); ++k) {
    next.mean[a.column[k]] = active_posterior.mean[static_cast<Eigen::Index>(k)];
    next.diagonal[a.column[k]] = active_posterior.diagonal[static_cast<Eigen::Index>(k)];
  }
  return next;
}

}  // namespace

GlmixModel::GlmixModel(const StreamShape& shape, const GlmixConfig& config)
    : config_(config), features_(config.log2_hash_size, shape.num_categories) {
  if (!(config.lambda > 0.0)) throw UsageError("lambda must be positive");
  global = BlockPrior::fresh(features_.global_dim(), config.lambda, config.dense_global);
  const auto k = static_cast<Eigen::Index>(features_.entity_dim());
  user_mean = Eigen::MatrixXd::Zero(k, shape.num_users);
  user_precision = Eigen::MatrixXd::Constant(k, shape.num_users, config.lambda);
  const Eigen::Index items = config.item_effects ? shape.num_items : 0;
  item_mean = Eigen::MatrixXd::Zero(k, items);
  item_precision = Eigen::MatrixXd::Constant(k, items, config.lambda);
}

std::size_t GlmixModel::parameter_count() const {
  return static_cast<std::size_t>(global.mean.size() + user_mean.size() + item_mean.size());
}

void GlmixModel::score(const FeatureView& stream, std::span<const RowIndex> rows,
                       std::span<float> out) const {
  LrFeatureMap::Entries entries;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const RowIndex r = rows[k];
    features_.global_features(stream, r, entries);
    double s = sparse_dot(entries, global.mean.data());
    const std::int32_t u = stream.user[r];
    if (u >= 0 && u < user_mean.cols()) {
      features_.user_features(stream, r, entries);
      s += sparse_dot(entries, user_mean.col(u).data());
    }
    const std::int32_t i = stream.item[r];
    if (config_.item_effects && i >= 0 && i < item_mean.cols()) {
      features_.item_features(stream, r, entries);
      s += sparse_dot(entries, item_mean.col(i).data());
    }
    out[k] = static_cast<float>(1.0 / (1.0 + std::exp(-s)));
  }
}

GlmixUpdateReport glmix_update(GlmixModel& model, const LabelledView& stream,
                               std::span<const RowIndex> rows,
                               const GlmixUpdateSettings& settings) {
  GlmixUpdateReport report;
  if (!(settings.delta >= 0.0 && settings.delta <= 1.0)) {
    throw UsageError("delta must be in [0, 1]");
  }
  if (rows.empty()) return report;
  stream.check_rows(rows, "glmix_update");
  const double lambda = model.config().lambda;
  const bool items = model.config().item_effects;

  const Stopwatch feature_watch;
  const LrDesign design = model.features().build(stream, rows, items);
  const std::size_t n = rows.size();
  std::vector<double> label(n);
  std::vector<std::int32_t> user_of(n), item_of(n);
  for (std::size_t k = 0; k < n; ++k) {
    label[k] = stream.label[rows[k]];
    user_of[k] = stream.user[rows[k]];
    item_of[k] = stream.item[rows[k]];
  }
  std::vector<EntityBlock> blocks(items ? 2 : 1);
  blocks[0].design = &design.user;
  blocks[0].groups = group_by(user_of);
  blocks[0].prior_mean = &model.user_mean;
  blocks[0].prior_precision = &model.user_precision;
  if (items) {
    blocks[1].design = &design.item;
    blocks[1].groups = group_by(item_of);
    blocks[1].prior_mean = &model.item_mean;
    blocks[1].prior_precision = &model.item_precision;
  }
  for (EntityBlock& b : blocks) {
    const auto groups = static_cast<Eigen::Index>(b.groups.entity.size());
    b.theta.resize(b.prior_mean->rows(), groups);
    for (Eigen::Index g = 0; g < groups; ++g)
      b.theta.col(g) = b.prior_mean->col(b.groups.entity[g]);
    b.score.assign(n, 0.0);
    for (std::size_t g = 0; g < b.groups.entity.size(); ++g) {
      for (std::size_t k = b.groups.group_offset[g]; k < b.groups.group_offset[g + 1]; ++k) {
        const std::uint32_t r = b.groups.rows[k];
        b.score[r] = sparse_dot(*b.design, r, b.theta.col(static_cast<Eigen::Index>(g)).data());
      }
    }
  }
  report.feature_seconds = feature_watch.wall_seconds();

  const Stopwatch solve_watch;
  std::vector<std::uint32_t> all_rows(n);
  std::iota(all_rows.begin(), all_rows.end(), 0u);
  // The global block: over its active columns when its precision is diagonal.
  const bool dense_global = model.global.is_dense();
  ActiveColumns active;
  if (!dense_global) active = restrict_to_active(design.global, model.global);
  const SparseDesign& global_design = dense_global ? design.global : active.design;
  const BlockPrior& global_prior = dense_global ? model.global : active.prior;
  Eigen::VectorXd beta = global_prior.mean;  // warm start at the previous optimum
  std::vector<double> global_score(n), offset(n);
  auto refresh_global_score = [&] {
    for (std::size_t r = 0; r < n; ++r) global_score[r] = sparse_dot(global_design, r, beta.data());
  };
  refresh_global_score();
  // Offsets for block `skip` (-1: the global block): every other block's score.
  auto fill_offsets = [&](int skip) {
    for (std::size_t r = 0; r < n; ++r) {
      double o = skip == -1 ? 0.0 : global_score[r];
      for (std::size_t b = 0; b < blocks.size(); ++b) {
        if (static_cast<int>(b) != skip) o += blocks[b].score[r];
      }
      offset[r] = o;
    }
  };
  auto fail = [&](const std::string& what, const std::string& error) {
    report.ok = false;
    report.note =
        "line search failed in the " + what + " solve (" + error + "); kept the previous model";
  };

  for (int round = 0; round < settings.rounds && report.ok; ++round) {
    // Global (fixed-effect) block.
    fill_offsets(-1);
    const BlockData global_data{&global_design, all_rows, label, {}, offset};
    const BlockObjective global_objective(global_data, global_prior, settings.delta, lambda);
    const SolveOutcome out = solve_block(global_objective, beta, settings.solver);
    report.global_iterations += out.iterations;
    if (!out.ok) {
      fail("global", out.error);
      break;
    }
    refresh_global_score();
    // Random-effect blocks: independent per entity, so solved in parallel.
    for (std::size_t bi = 0; bi < blocks.size() && report.ok; ++bi) {
      EntityBlock& b = blocks[bi];
      fill_offsets(static_cast<int>(bi));
      const std::size_t groups = b.groups.entity.size();
      std::vector<SolveOutcome> outcomes(groups);
      parallel_for_in_job(groups, [&](std::size_t g) {
        const BlockPrior prior = entity_prior(b, g);
        const BlockData data{b.design, group_rows(b, g), label, {}, offset};
        const BlockObjective objective(data, prior, settings.delta, lambda);
        Eigen::VectorXd theta = b.theta.col(static_cast<Eigen::Index>(g));
        outcomes[g] = solve_block(objective, theta, settings.solver);
        b.theta.col(static_cast<Eigen::Index>(g)) = theta;
        for (const std::uint32_t r : group_rows(b, g))
          b.score[r] = sparse_dot(*b.design, r, theta.data());
      });
      report.entity_solves += groups;
      for (std::size_t g = 0; g < groups; ++g) {
        if (!outcomes[g].ok) {
          fail(bi == 0 ? "user" : "item", outcomes[g].error);
          break;
        }
      }
    }
  }

  if (report.ok) {
    // Posteriors at the final point: mean theta_t, precision the Hessian there.
    fill_offsets(-1);
    const BlockData global_data{&global_design, all_rows, label, {}, offset};
    BlockPrior next_global =
        BlockObjective(global_data, global_prior, settings.delta, lambda).posterior(beta);
    if (!dense_global) {
      next_global = expand_posterior(model.global, active, next_global, settings.delta, lambda);
    }
    for (std::size_t bi = 0; bi < blocks.size(); ++bi) {
      EntityBlock& b = blocks[bi];
      fill_offsets(static_cast<int>(bi));
      const std::size_t groups = b.groups.entity.size();
      Eigen::MatrixXd precision(b.theta.rows(), static_cast<Eigen::Index>(groups));
      parallel_for_in_job(groups, [&](std::size_t g) {
        const BlockPrior prior = entity_prior(b, g);
        const BlockData data{b.design, group_rows(b, g), label, {}, offset};
        precision.col(static_cast<Eigen::Index>(g)) =
            BlockObjective(data, prior, settings.delta, lambda)
                .hessian_diagonal(b.theta.col(static_cast<Eigen::Index>(g)));
      });
      for (std::size_t g = 0; g < groups; ++g) {
        const std::int32_t e = b.groups.entity[g];
        b.prior_mean->col(e) = b.theta.col(static_cast<Eigen::Index>(g));
        b.prior_precision->col(e) = precision.col(static_cast<Eigen::Index>(g));
      }
    }
    model.global = std::move(next_global);
  }
  report.solve_seconds = solve_watch.wall_seconds();
  return report;
}

}  // namespace crbench
