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

namespace crbench {

namespace {

constexpr std::size_t kUserBlock = 0;
constexpr std::size_t kItemBlock = 1;
constexpr std::size_t kGlobalBlock = 2;

double bce_from_logit(double z, double y) {
  return std::max(z, 0.0) - z * y + std::log1p(std::exp(-std::abs(z)));
}

double sigmoid(double z) {
  if (z >= 0.0) return 1.0 / (1.0 + std::exp(-z));
  const double e = std::exp(z);
  return e / (1.0 + e);
}

void check_id(const char* what, std::int32_t id, std::int32_t bound) {
  if (id < 0 || id >= bound) {
    throw std::out_of_range(std::string("MatrixFactorisation: ") + what + " id " +
                            std::to_string(id) + " outside the model's range [0, " +
                            std::to_string(bound) + ")");
  }
}

}  // namespace

MatrixFactorisation::MatrixFactorisation(const StreamShape& shape, int dim, std::uint64_t seed)
    : shape_(shape), dim_(dim) {
  if (dim < 1) throw std::invalid_argument("MatrixFactorisation: dim must be positive");
  const auto cols = static_cast<std::size_t>(dim) + 1;
  const auto users = static_cast<std::size_t>(shape.num_users);
  const auto items = static_cast<std::size_t>(shape.num_items);
  layout_.push_back({"user_embedding", 0, users, cols, true});
  layout_.push_back({"item_embedding", users * cols, items, cols, true});
  layout_.push_back({"global_bias", (users + items) * cols, 1, 1, false});
  params_.assign((users + items) * cols + 1, 0.0f);
  initialise(seed);
}

std::unique_ptr<BaseModel> MatrixFactorisation::clone() const {
  return std::make_unique<MatrixFactorisation>(*this);
}

void MatrixFactorisation::initialise(std::uint64_t seed) {
  std::fill(params_.begin(), params_.end(), 0.0f);
  const auto d = static_cast<std::size_t>(dim_);
  for (std::size_t b = 0; b < 2; ++b) {
    const ParamBlock& block = layout_[b];
    // One generator per table, so that one table's values do not depend on the
    // other's size; the top 24 bits of mt19937_64 are exact in float.
    std::mt19937_64 gen(derive_seed(seed, "mf-init", b));
    const double limit = std::sqrt(6.0 / static_cast<double>(block.rows + d));
    for (std::size_t r = 0; r < block.rows; ++r) {
      float* row = params_.data() + block.offset + r * block.cols;
      for (std::size_t k = 0; k < d; ++k) {
        const double u = static_cast<double>(gen() >> 40) * 0x1.0p-24;
        row[k] = static_cast<float>(limit * (2.0 * u - 1.0));
      }
    }
  }
}

double MatrixFactorisation::logit(const Stream& stream, RowIndex row) const {
  const std::int32_t user = stream.user[row];
  const std::int32_t item = stream.item[row];
  check_id("user", user, shape_.num_users);
  check_id("item", item, shape_.num_items);
  const std::size_t cols = layout_[kUserBlock].cols;
  const float* u =
      params_.data() + layout_[kUserBlock].offset + static_cast<std::size_t>(user) * cols;
  const float* v =
      params_.data() + layout_[kItemBlock].offset + static_cast<std::size_t>(item) * cols;
  double z = static_cast<double>(params_[layout_[kGlobalBlock].offset]) + u[dim_] + v[dim_];
  for (int k = 0; k < dim_; ++k) z += static_cast<double>(u[k]) * v[k];
  return z;
}

void MatrixFactorisation::score(const Stream& stream, std::span<const RowIndex> rows,
                                std::span<float> out) const {
  if (out.size() != rows.size()) {
    throw std::invalid_argument("MatrixFactorisation::score: " + std::to_string(rows.size()) +
                                " rows but " + std::to_string(out.size()) + " outputs");
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out[r] = static_cast<float>(sigmoid(logit(stream, rows[r])));
  }
}

double MatrixFactorisation::loss_and_gradient(const Stream& stream, std::span<const RowIndex> rows,
                                              std::span<const float> targets,
                                              Gradient& grad) const {
  if (!targets.empty() && targets.size() != rows.size()) {
    throw std::invalid_argument(
        "MatrixFactorisation::loss_and_gradient: " + std::to_string(rows.size()) + " rows but " +
        std::to_string(targets.size()) + " targets");
  }
  if (grad.size() != params_.size() || grad.layout().size() != layout_.size()) {
    throw std::invalid_argument(
        "MatrixFactorisation::loss_and_gradient: gradient layout does not match");
  }
  if (rows.empty()) return 0.0;
  const double inv_batch = 1.0 / static_cast<double>(rows.size());
  const std::size_t cols = layout_[kUserBlock].cols;
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
    const std::size_t u_off = layout_[kUserBlock].offset + static_cast<std::size_t>(user) * cols;
    const std::size_t v_off = layout_[kItemBlock].offset + static_cast<std::size_t>(item) * cols;
    for (int k = 0; k < dim_; ++k) {
      g[u_off + k] += delta * params_[v_off + k];
      g[v_off + k] += delta * params_[u_off + k];
    }
    g[u_off + dim_] += delta;
    g[v_off + dim_] += delta;
    g[layout_[kGlobalBlock].offset] += delta;
    grad.touch_row(kUserBlock, user);
    grad.touch_row(kItemBlock, item);
  }
  return loss * inv_batch;
}

std::vector<std::vector<std::int32_t>> MatrixFactorisation::rows_read(
    const Stream& stream, std::span<const RowIndex> rows) const {
  std::vector<std::vector<std::int32_t>> out(layout_.size());
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
CRBENCH_REGISTER_BASE_MODEL(BaseModelEntry{
    "mf",
    "matrix factorisation with user/item/global biases: sigmoid(u.v + b_u + b_i + b)",
    {{"dim", 8, 1, 256, true, "factor dimension"}},
    [](const StreamShape& shape, const EmbMlpConfig&, const ParamValues& p, std::uint64_t seed) {
      return std::make_unique<MatrixFactorisation>(shape, p.get_int("dim"), seed);
    }});
}  // namespace

}  // namespace crbench
