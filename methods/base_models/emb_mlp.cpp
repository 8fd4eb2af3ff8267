// The reference base model EmbMlp (docs/methods/base-models.md; the ASMG code's
// EmbMLP): the MLP over the Emb&MLP features (emb_features.hpp), its mean-BCE loss
// and hand-derived backward pass over a batch, and the `emb-mlp` base-model entry.
// The MLP runs as Eigen GEMMs over whole chunks of rows. Full-ranking scoring
// shares the first layer's user and item parts across (user, item) pairs.
#include "methods/base_models/emb_mlp.hpp"

#include <Eigen/Core>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/seeding.hpp"
#include "methods/base_model_registry.hpp"
#include "methods/base_models/emb_features.hpp"
#include "methods/glorot.hpp"
#include "methods/numerics.hpp"

namespace crbench {

namespace {

// Rows per internal chunk: bounds the per-thread scratch when scoring a whole period.
constexpr std::size_t kChunk = 2048;

// Read-only view of the MLP's blocks; no allocation.
struct Mlp {
  const std::vector<ParamBlock>* layout;
  const float* params;
  int num_layers;    // hidden layers + output layer
  std::size_t mlp0;  // block index of mlp.0.weight

  const ParamBlock& block(std::size_t b) const { return (*layout)[b]; }
  const float* weight(int l) const { return params + block(mlp0 + 2 * l).offset; }
  const float* bias(int l) const { return params + block(mlp0 + 2 * l + 1).offset; }
  int fan_in(int l) const { return static_cast<int>(block(mlp0 + 2 * l).rows); }
  int fan_out(int l) const { return static_cast<int>(block(mlp0 + 2 * l).cols); }
};

// Per-thread scratch of the MLP (the features keep their own). Scoring is const
// and runs on several threads at once, so nothing mutable is shared;
// thread_local buffers only grow, so the steady state allocates nothing.
struct Workspace {
  const float* x = nullptr;             // chunk x in: the features (their scratch)
  std::vector<std::vector<float>> act;  // per layer: chunk x out (ReLU output; logits last)
  std::vector<float> delta;             // chunk x widest layer: dLoss/dZ of the current layer
  std::vector<float> delta_next;        // the same for the layer below
  std::vector<float> dx;                // chunk x in: dLoss/dX
};

Workspace& workspace() {
  thread_local Workspace ws;
  return ws;
}

// Runs layers first.. of the MLP on `input` (n rows of layer first's fan-in);
// leaves each of those layers' output in ws.act, the logits (n x 1) last.
// Z = A W + b with W stored (in x out) row-major, ReLU on hidden layers.
void run_layers(const Mlp& m, int first, const float* input, std::size_t n, Workspace& ws) {
  const auto rows = static_cast<Eigen::Index>(n);
  for (int l = first; l < m.num_layers; ++l) {
    const int fi = m.fan_in(l);
    const int fo = m.fan_out(l);
    float* out = ensure(ws.act[static_cast<std::size_t>(l)], n * static_cast<std::size_t>(fo));
    ConstMatrixMap a(input, rows, fi);
    ConstMatrixMap w(m.weight(l), fi, fo);
    ConstRowVectorMap b(m.bias(l), fo);
    MatrixMap z(out, rows, fo);
    z.noalias() = a * w;
    z.rowwise() += b;
    if (l + 1 < m.num_layers) z = z.cwiseMax(0.0f);
    input = out;
  }
}

// The whole MLP on the features ws.x.
void run_mlp(const Mlp& m, std::size_t n, Workspace& ws) { run_layers(m, 0, ws.x, n, ws); }

Mlp mlp_of(const EmbMlp& model) {
  return Mlp{&model.layout(), model.parameters().data(),
             static_cast<int>(model.config().hidden.size()) + 1,
             model.shape().num_categories > 0 ? std::size_t{3} : std::size_t{2}};
}

Workspace& workspace_with_layers(const Mlp& m) {
  Workspace& ws = workspace();
  if (ws.act.size() < static_cast<std::size_t>(m.num_layers)) {
    ws.act.resize(static_cast<std::size_t>(m.num_layers));
  }
  return ws;
}

// Full-ranking scoring with the first layer shared. The first layer is linear in
// x = [e_user ; history ; item], so x W0 + b0 = (item W0_item + b0) + [e_user ;
// history] W0_user: the item part is computed once per item when the scorer is
// prepared, the user part once per user, and only their sum, its ReLU and the
// later layers run per (user, item). Equal to the plain forward pass up to the
// order of the first layer's float additions (tests/methods/base_models).
class EmbMlpCandidateScorer final : public CandidateScorer {
 public:
  EmbMlpCandidateScorer(const Mlp& mlp, const EmbFeatureView& features, const FeatureView& stream,
                        std::vector<std::int32_t> items)
      : CandidateScorer(std::move(items)),
        mlp_(mlp),
        features_(features),
        stream_(stream),
        user_width_(
            features.embedding_dim +
            (emb_feature_dim(*features.shape, features.embedding_dim) - features.embedding_dim) /
                2),
        hidden_(mlp.fan_out(0)) {
    const std::span<const std::int32_t> all = this->items();
    const int v = user_width_ - features.embedding_dim;
    const auto h = static_cast<std::size_t>(hidden_);
    item_part_.resize(all.size() * h);
    std::vector<float> vecs;
    ConstMatrixMap w_item(mlp.weight(0) + static_cast<std::size_t>(user_width_) * h, v, hidden_);
    ConstRowVectorMap b(mlp.bias(0), hidden_);
    for (std::size_t begin = 0; begin < all.size(); begin += kChunk) {
      const std::size_t n = std::min(kChunk, all.size() - begin);
      vecs.resize(n * static_cast<std::size_t>(v));
      emb_item_vectors(features_, stream_, all.subspan(begin, n), vecs.data());
      MatrixMap z(item_part_.data() + begin * h, static_cast<Eigen::Index>(n), hidden_);
      z.noalias() = ConstMatrixMap(vecs.data(), static_cast<Eigen::Index>(n), v) * w_item;
      z.rowwise() += b;
    }
  }

  void score(const UserState& state, std::span<float> out) const override {
    const std::size_t total = items().size();
    if (out.size() != total)
      throw std::invalid_argument("emb-mlp candidate scorer: " + std::to_string(total) +
                                  " items but " + std::to_string(out.size()) + " outputs");
    const auto h = static_cast<std::size_t>(hidden_);
    std::vector<float> x(static_cast<std::size_t>(user_width_));
    emb_user_features(features_, stream_, state.user, state.history, x.data());
    const Eigen::RowVectorXf user_part = ConstRowVectorMap(x.data(), user_width_) *
                                         ConstMatrixMap(mlp_.weight(0), user_width_, hidden_);
    Workspace& ws = workspace_with_layers(mlp_);
    for (std::size_t begin = 0; begin < total; begin += kChunk) {
      const std::size_t n = std::min(kChunk, total - begin);
      float* first = ensure(ws.act[0], n * h);
      MatrixMap z(first, static_cast<Eigen::Index>(n), hidden_);
      z = ConstMatrixMap(item_part_.data() + begin * h, static_cast<Eigen::Index>(n), hidden_)
              .rowwise() +
          user_part;
      if (mlp_.num_layers > 1) z = z.cwiseMax(0.0f);
      run_layers(mlp_, 1, first, n, ws);
      const float* logits = ws.act[static_cast<std::size_t>(mlp_.num_layers - 1)].data();
      for (std::size_t r = 0; r < n; ++r) out[begin + r] = sigmoid(logits[r]);
    }
  }

 private:
  Mlp mlp_;
  EmbFeatureView features_;
  FeatureView stream_;            // a copy of the spans: the caller's view may be a temporary
  int user_width_;                // d + v: [e_user ; history]
  int hidden_;                    // the first layer's width
  std::vector<float> item_part_;  // items x hidden: item W0_item + b0
};

// dA .*= [A > 0] over n entries. By a compare mask: about half the activations
// are zero, so Eigen's select, compiled to a branch per entry, mispredicts often.
void relu_backward(const float* a, float* da, std::size_t n) {
  std::size_t k = 0;
#if defined(__SSE2__)
  const __m128 zero = _mm_setzero_ps();
  for (; k + 4 <= n; k += 4) {
    const __m128 active = _mm_cmpgt_ps(_mm_loadu_ps(a + k), zero);
    _mm_storeu_ps(da + k, _mm_and_ps(active, _mm_loadu_ps(da + k)));
  }
#endif
  for (; k < n; ++k) da[k] = a[k] > 0.0f ? da[k] : 0.0f;
}

}  // namespace

EmbMlp::EmbMlp(const StreamShape& shape, const EmbMlpParams& config, std::uint64_t seed)
    : shape_(shape), config_(config) {
  declarations_of<EmbMlpParams>().validate(config_, "base model 'emb-mlp'");
  if (shape_.num_users < 0 || shape_.num_items < 0 || shape_.num_categories < 0) {
    throw std::invalid_argument("EmbMlp: negative user, item or category count");
  }
  const auto d = static_cast<std::size_t>(config_.embedding_dim);
  add_block("user_embedding", static_cast<std::size_t>(shape_.num_users), d, true);
  add_block("item_embedding", static_cast<std::size_t>(shape_.num_items), d, true);
  if (shape_.num_categories > 0) {
    add_block("category_embedding", static_cast<std::size_t>(shape_.num_categories), d, true);
  }
  std::size_t fan_in = static_cast<std::size_t>(input_dim());
  std::vector<int> widths = config_.hidden;
  widths.push_back(1);
  for (std::size_t l = 0; l < widths.size(); ++l) {
    const auto fan_out = static_cast<std::size_t>(widths[l]);
    add_block("mlp." + std::to_string(l) + ".weight", fan_in, fan_out, false);
    add_block("mlp." + std::to_string(l) + ".bias", 1, fan_out, false);
    fan_in = fan_out;
  }
  allocate_parameters();
  initialise(seed);
}

std::unique_ptr<BaseModel> EmbMlp::clone() const { return std::make_unique<EmbMlp>(*this); }

int EmbMlp::input_dim() const { return emb_feature_dim(shape_, config_.embedding_dim); }

void EmbMlp::initialise(std::uint64_t seed) {
  // Every variable Glorot-uniform by its own shape, as the reference's
  // tf.get_variable does (methods/glorot.hpp): the embedding tables and kernels by
  // their (rows, cols), a bias vector of n entries by (n, n), so U(-sqrt(3/n),
  // sqrt(3/n)).
  for (std::size_t b = 0; b < layout().size(); ++b) {
    const ParamBlock& block = layout()[b];
    const bool is_bias =
        block.name.size() >= 5 && block.name.compare(block.name.size() - 5, 5, ".bias") == 0;
    const double limit =
        is_bias ? glorot_limit({block.cols}) : glorot_limit({block.rows, block.cols});
    // One generator per block, so a block's values do not depend on the sizes of
    // the blocks before it (e.g. the MLP init is the same for any number of users).
    std::mt19937_64 gen(mix64(seed ^ mix64(b + 1)));
    fill_uniform(parameters().subspan(block.offset, block.size()), limit, gen);
  }
}

EmbFeatureView EmbMlp::features() const {
  return {&shape_, &layout(), parameters().data(), config_.embedding_dim};
}

const float* EmbMlp::forward(const FeatureView& stream, std::span<const RowIndex> rows) const {
  const Mlp m = mlp_of(*this);
  Workspace& ws = workspace_with_layers(m);
  ws.x = emb_features_forward(features(), stream, rows);
  run_mlp(m, rows.size(), ws);
  return ws.act[static_cast<std::size_t>(m.num_layers - 1)].data();
}

void EmbMlp::compute_scores(const FeatureView& stream, std::span<const RowIndex> rows,
                            std::span<float> out) const {
  for (std::size_t begin = 0; begin < rows.size(); begin += kChunk) {
    const std::size_t n = std::min(kChunk, rows.size() - begin);
    const float* logits = forward(stream, rows.subspan(begin, n));
    for (std::size_t r = 0; r < n; ++r) out[begin + r] = sigmoid(logits[r]);
  }
}

std::unique_ptr<CandidateScorer> EmbMlp::candidate_scorer(const FeatureView& stream, int,
                                                          std::vector<std::int32_t> items) const {
  return std::make_unique<EmbMlpCandidateScorer>(mlp_of(*this), features(), stream,
                                                 std::move(items));
}

double EmbMlp::compute_loss_and_gradient(const LabelledView& stream, std::span<const RowIndex> rows,
                                         std::span<const float> targets, Gradient& grad) const {
  const Mlp m = mlp_of(*this);
  const int in = input_dim();
  Workspace& ws = workspace();
  const double inv_batch = 1.0 / static_cast<double>(rows.size());
  const auto inv_batch_f = static_cast<float>(inv_batch);
  double loss_sum = 0.0;
  float* g = grad.data();

  std::size_t widest = static_cast<std::size_t>(in);
  for (int l = 0; l < m.num_layers; ++l) {
    widest = std::max(widest, static_cast<std::size_t>(m.fan_out(l)));
  }

  for (std::size_t begin = 0; begin < rows.size(); begin += kChunk) {
    const std::size_t n = std::min(kChunk, rows.size() - begin);
    const auto chunk = rows.subspan(begin, n);
    const float* logits = forward(stream, chunk);
    const auto en = static_cast<Eigen::Index>(n);

    // Output layer: dLoss/dz = (sigmoid(z) - y) / batch for the mean BCE.
    float* delta = ensure(ws.delta, n * widest);
    float* delta_next = ensure(ws.delta_next, n * widest);
    for (std::size_t r = 0; r < n; ++r) {
      const float y = targets.empty() ? stream.label[chunk[r]] : targets[begin + r];
      const float z = logits[r];
      loss_sum += bce_from_logit(static_cast<double>(z), static_cast<double>(y));
      delta[r] = (sigmoid(z) - y) * inv_batch_f;
    }

    // Backward through the layers (Z_l = A_{l-1} W_l + b_l):
    // dW_l = A_{l-1}^T dZ_l, db_l = colsum(dZ_l), dA_{l-1} = dZ_l W_l^T,
    // dZ_{l-1} = dA_{l-1} .* [A_{l-1} > 0] (ReLU).
    float* dx = ensure(ws.dx, n * static_cast<std::size_t>(in));
    for (int l = m.num_layers - 1; l >= 0; --l) {
      const int fi = m.fan_in(l);
      const int fo = m.fan_out(l);
      const float* a_prev = l == 0 ? ws.x : ws.act[static_cast<std::size_t>(l - 1)].data();
      ConstMatrixMap a(a_prev, en, fi);
      ConstMatrixMap dz(delta, en, fo);
      MatrixMap dw(g + m.block(m.mlp0 + 2 * static_cast<std::size_t>(l)).offset, fi, fo);
      RowVectorMap db(g + m.block(m.mlp0 + 2 * static_cast<std::size_t>(l) + 1).offset, fo);
      dw.noalias() += a.transpose() * dz;
      db.noalias() += dz.colwise().sum();
      ConstMatrixMap w(m.weight(l), fi, fo);
      if (l > 0) {
        MatrixMap da(delta_next, en, fi);
        da.noalias() = dz * w.transpose();
        relu_backward(a_prev, delta_next, n * static_cast<std::size_t>(fi));
        std::swap(delta, delta_next);
      } else {
        MatrixMap(dx, en, fi).noalias() = dz * w.transpose();
      }
    }
    emb_features_backward(features(), stream, chunk, dx, grad);
  }
  return loss_sum * inv_batch;
}

std::vector<std::vector<std::int32_t>> EmbMlp::rows_read(const FeatureView& stream,
                                                         std::span<const RowIndex> rows) const {
  std::vector<std::vector<std::int32_t>> out(layout().size());
  emb_features_rows_read(features(), stream, rows, out);
  return out;
}

namespace {
CRBENCH_REGISTER_BASE_MODEL(base_model_entry<EmbMlp>(
    "emb-mlp", "reference Embedding&MLP: user/item/category embeddings, history mean, ReLU MLP",
    EmbMlpParams{}));
}  // namespace

}  // namespace crbench
