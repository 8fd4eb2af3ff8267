// Matrix factorisation: forward pass, mean-BCE gradient (row-sparse), rows read,
// and its base-model registry entry ("mf").
#include "methods/base_models/matrix_factorisation.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "core/seeding.hpp"
#include "methods/base_model_registry.hpp"
#include "methods/glorot.hpp"
#include "methods/numerics.hpp"

namespace crbench {

namespace {

constexpr std::size_t kUserBlock = 0;
constexpr std::size_t kItemBlock = 1;
constexpr std::size_t kGlobalBlock = 2;

void check_id(const char* what, std::int32_t id, std::int32_t bound) {
  if (id < 0 || id >= bound) {
    throw std::out_of_range(std::string("MatrixFactorisation: ") + what + " id " +
                            std::to_string(id) + " outside the model's range [0, " +
                            std::to_string(bound) + ")");
  }
}

}  // namespace

MatrixFactorisation::MatrixFactorisation(const StreamShape& shape, const MfParams& params,
                                         std::uint64_t seed)
    : shape_(shape), dim_(params.dim) {
  declarations_of<MfParams>().validate(params, "base model 'mf'");
  const auto cols = static_cast<std::size_t>(dim_) + 1;
  add_block("user_embedding", static_cast<std::size_t>(shape.num_users), cols, true);
  add_block("item_embedding", static_cast<std::size_t>(shape.num_items), cols, true);
  add_block("global_bias", 1, 1, false);
  allocate_parameters();
  initialise(seed);
}

std::unique_ptr<BaseModel> MatrixFactorisation::clone() const {
  return std::make_unique<MatrixFactorisation>(*this);
}

void MatrixFactorisation::initialise(std::uint64_t seed) {
  const std::span<float> params = parameters();
  std::fill(params.begin(), params.end(), 0.0f);
  const auto d = static_cast<std::size_t>(dim_);
  for (std::size_t b = 0; b < 2; ++b) {
    const ParamBlock& block = layout()[b];
    // One generator per table, so that one table's values do not depend on the
    // other's size. The factors are Glorot by the factor table's own shape
    // (rows, dim), as the reference's tf.get_variable; the biases (last column)
    // start at zero, as the reference initialises them.
    std::mt19937_64 gen(derive_seed(seed, "mf-init", b));
    const double limit = glorot_limit({block.rows, d});
    for (std::size_t r = 0; r < block.rows; ++r) {
      fill_uniform(params.subspan(block.offset + r * block.cols, d), limit, gen);
    }
  }
}

double MatrixFactorisation::logit(const FeatureView& stream, RowIndex row) const {
  const std::int32_t user = stream.user[row];
  const std::int32_t item = stream.item[row];
  check_id("user", user, shape_.num_users);
  check_id("item", item, shape_.num_items);
  const std::vector<ParamBlock>& blocks = layout();
  const float* params = parameters().data();
  const std::size_t cols = blocks[kUserBlock].cols;
  const float* u = params + blocks[kUserBlock].offset + static_cast<std::size_t>(user) * cols;
  const float* v = params + blocks[kItemBlock].offset + static_cast<std::size_t>(item) * cols;
  double z = static_cast<double>(params[blocks[kGlobalBlock].offset]) + u[dim_] + v[dim_];
  for (int k = 0; k < dim_; ++k) z += static_cast<double>(u[k]) * v[k];
  return z;
}

void MatrixFactorisation::compute_scores(const FeatureView& stream, std::span<const RowIndex> rows,
                                         std::span<float> out) const {
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out[r] = static_cast<float>(sigmoid(logit(stream, rows[r])));
  }
}

double MatrixFactorisation::compute_loss_and_gradient(const LabelledView& stream,
                                                      std::span<const RowIndex> rows,
                                                      std::span<const float> targets,
                                                      Gradient& grad) const {
  const std::vector<ParamBlock>& blocks = layout();
  const float* params = parameters().data();
  const double inv_batch = 1.0 / static_cast<double>(rows.size());
  const std::size_t cols = blocks[kUserBlock].cols;
  float* g = grad.data();
  double loss = 0.0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const RowIndex row = rows[r];
    const double z = logit(stream, row);
    const double y = targets.empty() ? stream.label[row] : targets[r];
    loss += bce_from_logit(z, y);
    // d mean-BCE / dz = (sigmoid(z) - y) / batch; dz/du = v, dz/dv = u, dz/db = 1.
    const auto delta = static_cast<float>((sigmoid(z) - y) * inv_batch);
    const std::int32_t user = stream.user[row];
    const std::int32_t item = stream.item[row];
    const std::size_t u_off = blocks[kUserBlock].offset + static_cast<std::size_t>(user) * cols;
    const std::size_t v_off = blocks[kItemBlock].offset + static_cast<std::size_t>(item) * cols;
    for (int k = 0; k < dim_; ++k) {
      g[u_off + k] += delta * params[v_off + k];
      g[v_off + k] += delta * params[u_off + k];
    }
    g[u_off + dim_] += delta;
    g[v_off + dim_] += delta;
    g[blocks[kGlobalBlock].offset] += delta;
    grad.touch_row(kUserBlock, user);
    grad.touch_row(kItemBlock, item);
  }
  return loss * inv_batch;
}

std::vector<std::vector<std::int32_t>> MatrixFactorisation::rows_read(
    const FeatureView& stream, std::span<const RowIndex> rows) const {
  std::vector<std::vector<std::int32_t>> out(layout().size());
  for (const RowIndex row : rows) {
    out[kUserBlock].push_back(stream.user[row]);
    out[kItemBlock].push_back(stream.item[row]);
  }
  for (std::size_t b = 0; b < 2; ++b) {
    std::sort(out[b].begin(), out[b].end());
    out[b].erase(std::unique(out[b].begin(), out[b].end()), out[b].end());
  }
  return out;
}

namespace {
CRBENCH_REGISTER_BASE_MODEL(base_model_entry<MatrixFactorisation>(
    "mf", "matrix factorisation with user/item/global biases: sigmoid(u.v + b_u + b_i + b)",
    MfParams{}));
}  // namespace

}  // namespace crbench
