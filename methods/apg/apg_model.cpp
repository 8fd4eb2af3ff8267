// APG base model: layout, initialisation, condition assembly, forward and
// hand-derived backward (docs/methods/apg.md). The inputs and their embedding
// gradients are the Emb&MLP's (methods/base_models/emb_features.hpp); the layers are
// methods/apg/apg_layer.hpp's; this file adds the generators S(z) = mean_g(z_g G_g + c_g)
// and the conditions they read.
#include "methods/apg/apg_model.hpp"

#include <Eigen/Core>
#include <algorithm>
#include <bit>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "core/errors.hpp"
#include "core/seeding.hpp"
#include "methods/apg/apg_layer.hpp"
#include "methods/base_models/emb_features.hpp"
#include "methods/glorot.hpp"
#include "methods/numerics.hpp"

namespace crbench {

namespace {

constexpr std::size_t kChunk = 2048;  // rows per internal chunk, as EmbMlp

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

int activity_bucket(const FeatureView& stream, RowIndex row) {
  const std::int64_t count = stream.positives_before(row);
  const int width = std::bit_width(static_cast<std::uint64_t>(std::max<std::int64_t>(count, 0)));
  return std::min(width, kActivityBuckets - 1);
}

struct ApgModel::Chains {
  apg::MatrixChain u;
  apg::MatrixChain v;
};

// Per-thread scratch (score() runs on several threads at once); grows only.
struct ApgModel::Workspace {
  std::vector<float> z;                    // n x D_z: the concatenated conditions
  std::vector<std::vector<float>> s;       // per layer: n x K², the generated S
  std::vector<std::vector<float>> act;     // per layer: n x M, after ReLU
  std::vector<apg::LayerCache> cache;      // per layer
  std::vector<float> logits;               // n
  const float* x = nullptr;                // n x in: the Emb&MLP inputs (feature scratch)
  std::vector<float> d_act, d_in, ds, dz;  // backward scratch
};

ApgModel::ApgModel(const StreamShape& shape, const ApgParams& config, std::uint64_t seed)
    : shape_(shape), config_(config) {
  declarations_of<ApgParams>().validate(config_, "base model 'apg'");
  const bool has_cat = shape_.num_categories > 0;
  if (config_.condition == ApgCondition::kCategory && !has_cat) {
    throw UsageError("apg: condition=category needs a stream with categories");
  }
  switch (config_.condition) {
    case ApgCondition::kUser:
      sources_ = {Source::kUser};
      break;
    case ApgCondition::kActivity:
      sources_ = {Source::kActivity};
      break;
    case ApgCondition::kCategory:
      sources_ = {Source::kCategory};
      break;
    case ApgCondition::kMixInput:
    case ApgCondition::kMixOutput:
      sources_ = {Source::kUser, Source::kActivity};
      if (has_cat) sources_.push_back(Source::kCategory);
      break;
    case ApgCondition::kSelf:
      break;
  }

  const auto d = static_cast<std::size_t>(config_.embedding_dim);
  // Blocks 0..2 exactly as EmbMlp lays them out: the shared feature assembly reads them.
  add_block("user_embedding", static_cast<std::size_t>(shape_.num_users), d, true);
  add_block("item_embedding", static_cast<std::size_t>(shape_.num_items), d, true);
  if (has_cat) {
    add_block("category_embedding", static_cast<std::size_t>(shape_.num_categories), d, true);
  }
  if (std::find(sources_.begin(), sources_.end(), Source::kActivity) != sources_.end()) {
    activity_block_ = add_block("activity_embedding", kActivityBuckets, d, true);
  }
  const int z_total = static_cast<int>(d * sources_.size());
  int fan_in = emb_feature_dim(shape_, config_.embedding_dim);
  for (std::size_t l = 0; l < config_.hidden.size(); ++l) {
    Layer layer;
    layer.n = fan_in;
    layer.m = config_.hidden[l];
    layer.k = (std::min(layer.n, layer.m) + config_.k_div - 1) / config_.k_div;
    layer.p = config_.p_mult * layer.k;
    const auto n = static_cast<std::size_t>(layer.n);
    const auto m = static_cast<std::size_t>(layer.m);
    const auto k = static_cast<std::size_t>(layer.k);
    const auto p = static_cast<std::size_t>(layer.p);
    const std::string prefix = "apg." + std::to_string(l) + ".";
    layer.u_left = add_block(prefix + "u_left", n, p, false);
    layer.u_right = add_block(prefix + "u_right", p, k, false);
    layer.v_left = add_block(prefix + "v_left", k, p, false);
    layer.v_right = add_block(prefix + "v_right", p, m, false);
    layer.bias = add_block(prefix + "bias", 1, m, false);
    // Generators: one over all conditions (group-wise, mix-wise input aggregation,
    // self-wise), or one per condition (mix-wise output aggregation).
    std::vector<std::pair<int, int>> ranges;  // (offset, width) in the condition matrix
    if (config_.condition == ApgCondition::kSelf) {
      ranges.push_back({0, layer.n});
    } else if (config_.condition == ApgCondition::kMixOutput) {
      for (std::size_t c = 0; c < sources_.size(); ++c) {
        ranges.push_back({static_cast<int>(c * d), static_cast<int>(d)});
      }
    } else {
      ranges.push_back({0, z_total});
    }
    for (std::size_t g = 0; g < ranges.size(); ++g) {
      const std::string gp = prefix + "gen." + std::to_string(g) + ".";
      Generator gen;
      gen.z_offset = ranges[g].first;
      gen.z_dim = ranges[g].second;
      gen.weight = add_block(gp + "weight", static_cast<std::size_t>(gen.z_dim), k * k, false);
      gen.bias = add_block(gp + "bias", 1, k * k, false);
      layer.generators.push_back(gen);
    }
    layers_.push_back(layer);
    fan_in = layer.m;
  }
  const std::string out = "mlp." + std::to_string(config_.hidden.size()) + ".";
  out_weight_ = add_block(out + "weight", static_cast<std::size_t>(fan_in), 1, false);
  out_bias_ = add_block(out + "bias", 1, 1, false);
  allocate_parameters();
  initialise(seed);
}

std::unique_ptr<BaseModel> ApgModel::clone() const { return std::make_unique<ApgModel>(*this); }

void ApgModel::initialise(std::uint64_t seed) {
  // Glorot-uniform per block with (fan_in, fan_out) = (rows, cols), as EmbMlp;
  // biases zero; generator biases the flattened identity, so that S(z) starts
  // near I and a fresh layer is close to the static low-rank layer x U V + b.
  const bool has_activity =
      std::find(sources_.begin(), sources_.end(), Source::kActivity) != sources_.end();
  const std::vector<ParamBlock>& layout = this->layout();
  for (std::size_t b = 0; b < layout.size(); ++b) {
    const ParamBlock& block = layout[b];
    float* p = parameters().data() + block.offset;
    if (ends_with(block.name, ".bias")) {
      std::fill_n(p, block.size(), 0.0f);
      if (block.name.find(".gen.") != std::string::npos) {
        const auto k = static_cast<std::size_t>(std::lround(std::sqrt(block.cols)));
        for (std::size_t i = 0; i < k; ++i) p[i * k + i] = 1.0f;
      }
      continue;
    }
    std::mt19937_64 gen(derive_seed(seed, "apg-init", b));
    // The activity embedding exists only as a condition: it is drawn at the user
    // embedding's scale, not at Glorot's for its own 8 x d shape (about 11 times
    // larger with 2000 users), so that S(z) = z G + I starts as close to I as with
    // the default user condition (docs/methods/apg.md: a fresh APG layer is the
    // static low-rank layer plus a small generated correction).
    const ParamBlock& fan = (has_activity && b == activity_block_) ? layout[0] : block;
    fill_uniform(std::span<float>(p, block.size()), glorot_limit({fan.rows, fan.cols}), gen);
  }
}

std::vector<ApgModel::Chains> ApgModel::training_chains() const {
  std::vector<Chains> out;
  const float* w = parameters().data();
  for (const Layer& L : layers_) {
    out.push_back(
        {{{w + layout()[L.u_left].offset, w + layout()[L.u_right].offset}, {L.n, L.p, L.k}},
         {{w + layout()[L.v_left].offset, w + layout()[L.v_right].offset}, {L.k, L.p, L.m}}});
  }
  return out;
}

std::vector<ApgModel::Chains> ApgModel::serving_chains(
    std::vector<std::vector<float>>& storage) const {
  // The over-parameterisation has no nonlinearity inside the chain, so U = U_l U_r
  // and V = V_l V_r give the same layer (paper section 3.4): collapse once, then
  // every sample pays (N + M)·K instead of (N + M)·P.
  const std::vector<Chains> train = training_chains();
  storage.clear();
  storage.reserve(2 * train.size());
  std::vector<Chains> out;
  for (std::size_t l = 0; l < train.size(); ++l) {
    const Layer& L = layers_[l];
    storage.push_back(apg::collapse(train[l].u));
    storage.push_back(apg::collapse(train[l].v));
    out.push_back({{{storage[storage.size() - 2].data()}, {L.n, L.k}},
                   {{storage.back().data()}, {L.k, L.m}}});
  }
  return out;
}

const float* ApgModel::forward(const FeatureView& stream, std::span<const RowIndex> rows,
                               const std::vector<Chains>& chains, Workspace& ws) const {
  const std::size_t n = rows.size();
  const auto en = static_cast<Eigen::Index>(n);
  const int d = config_.embedding_dim;
  const int in = emb_feature_dim(shape_, d);
  const int v = shape_.num_categories > 0 ? 2 * d : d;
  const float* w = parameters().data();
  const float* x = emb_features_forward(features(), stream, rows);
  ws.x = x;

  // The condition matrix: the user embedding and the target item's category mean
  // are slices of x (so their gradients flow back through the shared scatter);
  // the activity embedding is looked up here.
  const std::size_t z_total = static_cast<std::size_t>(d) * sources_.size();
  ws.z.resize(n * z_total);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t c = 0; c < sources_.size(); ++c) {
      float* dst = ws.z.data() + r * z_total + c * static_cast<std::size_t>(d);
      const float* src = nullptr;
      switch (sources_[c]) {
        case Source::kUser:
          src = x + r * in;
          break;
        case Source::kCategory:
          src = x + r * in + d + v + d;
          break;
        case Source::kActivity:
          src = w + layout()[activity_block_].offset +
                static_cast<std::size_t>(activity_bucket(stream, rows[r])) * d;
          break;
      }
      std::copy_n(src, d, dst);
    }
  }

  ws.s.resize(layers_.size());
  ws.act.resize(layers_.size());
  ws.cache.resize(layers_.size());
  const float* input = x;
  int width = in;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& L = layers_[l];
    const int kk = L.k * L.k;
    ws.s[l].resize(n * static_cast<std::size_t>(kk));
    MatrixMap s(ws.s[l].data(), en, kk);
    s.setZero();
    for (const Generator& g : L.generators) {
      ConstMatrixMap weight(w + layout()[g.weight].offset, g.z_dim, kk);
      if (config_.condition == ApgCondition::kSelf) {
        s.noalias() += ConstMatrixMap(input, en, width) * weight;
      } else {
        s.noalias() += ConstStridedMap(ws.z.data() + g.z_offset, en, g.z_dim,
                                       Eigen::OuterStride<>(static_cast<Eigen::Index>(z_total))) *
                       weight;
      }
      s.rowwise() += ConstRowVectorMap(w + layout()[g.bias].offset, kk);
    }
    // Output aggregation averages the generators' matrices.
    if (L.generators.size() > 1) s *= 1.0f / static_cast<float>(L.generators.size());
    ws.act[l].resize(n * static_cast<std::size_t>(L.m));
    apg::layer_forward(chains[l].u, chains[l].v, w + layout()[L.bias].offset, input, ws.s[l].data(),
                       n, ws.cache[l], ws.act[l].data());
    MatrixMap a(ws.act[l].data(), en, L.m);
    a = a.cwiseMax(0.0f);
    input = ws.act[l].data();
    width = L.m;
  }
  ws.logits.resize(n);
  RowVectorMap(ws.logits.data(), en).transpose().noalias() =
      ConstMatrixMap(input, en, width) * ConstMatrixMap(w + layout()[out_weight_].offset, width, 1);
  for (float& z : ws.logits) z += w[layout()[out_bias_].offset];
  return ws.logits.data();
}

ApgModel::Workspace& ApgModel::workspace() {
  thread_local Workspace ws;
  return ws;
}

EmbFeatureView ApgModel::features() const {
  return {&shape_, &layout(), parameters().data(), config_.embedding_dim};
}

void ApgModel::score_with(const FeatureView& stream, std::span<const RowIndex> rows,
                          std::span<float> out, const std::vector<Chains>& chains) const {
  Workspace& ws = workspace();
  for (std::size_t begin = 0; begin < rows.size(); begin += kChunk) {
    const std::size_t n = std::min(kChunk, rows.size() - begin);
    const float* logits = forward(stream, rows.subspan(begin, n), chains, ws);
    for (std::size_t r = 0; r < n; ++r) out[begin + r] = sigmoid(logits[r]);
  }
}

void ApgModel::compute_scores(const FeatureView& stream, std::span<const RowIndex> rows,
                              std::span<float> out) const {
  std::vector<std::vector<float>> storage;
  score_with(stream, rows, out, serving_chains(storage));
}

void ApgModel::score_training_form(const FeatureView& stream, std::span<const RowIndex> rows,
                                   std::span<float> out) const {
  if (out.size() != rows.size()) {
    throw std::invalid_argument("ApgModel::score_training_form: " + std::to_string(rows.size()) +
                                " rows but " + std::to_string(out.size()) + " outputs");
  }
  score_with(stream, rows, out, training_chains());
}

double ApgModel::compute_loss_and_gradient(const LabelledView& stream,
                                           std::span<const RowIndex> rows,
                                           std::span<const float> targets, Gradient& grad) const {
  const std::vector<Chains> chains = training_chains();
  Workspace& ws = workspace();
  const int d = config_.embedding_dim;
  const int in = emb_feature_dim(shape_, d);
  const int v = shape_.num_categories > 0 ? 2 * d : d;
  const std::size_t z_total = static_cast<std::size_t>(d) * sources_.size();
  const float* w = parameters().data();
  float* g = grad.data();
  const auto inv_batch = static_cast<float>(1.0 / static_cast<double>(rows.size()));
  double loss_sum = 0.0;

  for (std::size_t begin = 0; begin < rows.size(); begin += kChunk) {
    const std::size_t n = std::min(kChunk, rows.size() - begin);
    const auto en = static_cast<Eigen::Index>(n);
    const auto chunk = rows.subspan(begin, n);
    const float* logits = forward(stream, chunk, chains, ws);

    // Output layer: dLoss/dlogit = (sigmoid(z) - y) / batch for the mean BCE.
    const Layer& top = layers_.back();
    ws.d_act.resize(n * static_cast<std::size_t>(std::max(top.m, in)));
    std::vector<float> d_logit(n);
    for (std::size_t r = 0; r < n; ++r) {
      const float y = targets.empty() ? stream.label[chunk[r]] : targets[begin + r];
      loss_sum += bce_from_logit(static_cast<double>(logits[r]), static_cast<double>(y));
      d_logit[r] = (sigmoid(logits[r]) - y) * inv_batch;
    }
    const ConstMatrixMap top_act(ws.act.back().data(), en, top.m);
    const ConstMatrixMap dl(d_logit.data(), en, 1);
    MatrixMap(g + layout()[out_weight_].offset, top.m, 1).noalias() += top_act.transpose() * dl;
    g[layout()[out_bias_].offset] += dl.sum();
    MatrixMap(ws.d_act.data(), en, top.m).noalias() =
        dl * ConstMatrixMap(w + layout()[out_weight_].offset, top.m, 1).transpose();

    ws.dz.assign(n * z_total, 0.0f);
    for (std::size_t l = layers_.size(); l-- > 0;) {
      const Layer& L = layers_[l];
      const int kk = L.k * L.k;
      const int width = l == 0 ? in : layers_[l - 1].m;
      const float* input = l == 0 ? ws.x : ws.act[l - 1].data();
      // ReLU: dz_pre = dA .* [A > 0].
      MatrixMap d_pre(ws.d_act.data(), en, L.m);
      d_pre = (ConstMatrixMap(ws.act[l].data(), en, L.m).array() > 0.0f)
                  .select(d_pre, RowMatrix::Zero(en, L.m));
      ws.ds.resize(n * static_cast<std::size_t>(kk));
      ws.d_in.resize(n * static_cast<std::size_t>(width));
      apg::layer_backward(chains[l].u, chains[l].v, input, ws.s[l].data(), n, ws.cache[l],
                          ws.d_act.data(),
                          {{g + layout()[L.u_left].offset, g + layout()[L.u_right].offset}},
                          {{g + layout()[L.v_left].offset, g + layout()[L.v_right].offset}},
                          g + layout()[L.bias].offset, ws.ds.data(), ws.d_in.data());
      // Generators: S = mean_g (z_g G_g + c_g), so each gets dS / (number of generators).
      MatrixMap ds(ws.ds.data(), en, kk);
      if (L.generators.size() > 1) ds *= 1.0f / static_cast<float>(L.generators.size());
      for (const Generator& gen : L.generators) {
        ConstMatrixMap weight(w + layout()[gen.weight].offset, gen.z_dim, kk);
        MatrixMap d_weight(g + layout()[gen.weight].offset, gen.z_dim, kk);
        RowVectorMap(g + layout()[gen.bias].offset, kk) += ds.colwise().sum();
        if (config_.condition == ApgCondition::kSelf) {
          // Self-wise: the condition is the layer input, which gets a second gradient.
          d_weight.noalias() += ConstMatrixMap(input, en, width).transpose() * ds;
          MatrixMap(ws.d_in.data(), en, width).noalias() += ds * weight.transpose();
        } else {
          const Eigen::OuterStride<> stride(static_cast<Eigen::Index>(z_total));
          d_weight.noalias() +=
              ConstStridedMap(ws.z.data() + gen.z_offset, en, gen.z_dim, stride).transpose() * ds;
          StridedMap(ws.dz.data() + gen.z_offset, en, gen.z_dim, stride).noalias() +=
              ds * weight.transpose();
        }
      }
      std::swap(ws.d_act, ws.d_in);
    }

    // ws.d_act is now dLoss/dx; add the conditions' gradients to the slices of x
    // they were read from, or to the activity rows, then scatter to the embeddings.
    float* dx = ws.d_act.data();
    float* g_activity = sources_.empty() ? nullptr : g + layout()[activity_block_].offset;
    for (std::size_t r = 0; r < n; ++r) {
      for (std::size_t c = 0; c < sources_.size(); ++c) {
        const float* src = ws.dz.data() + r * z_total + c * static_cast<std::size_t>(d);
        float* dst = nullptr;
        switch (sources_[c]) {
          case Source::kUser:
            dst = dx + r * in;
            break;
          case Source::kCategory:
            dst = dx + r * in + d + v + d;
            break;
          case Source::kActivity: {
            const int bucket = activity_bucket(stream, chunk[r]);
            dst = g_activity + static_cast<std::size_t>(bucket) * d;
            grad.touch_row(activity_block_, bucket);
            break;
          }
        }
        for (int k = 0; k < d; ++k) dst[k] += src[k];
      }
    }
    emb_features_backward(features(), stream, chunk, dx, grad);
  }
  return loss_sum / static_cast<double>(rows.size());
}

std::vector<std::vector<std::int32_t>> ApgModel::rows_read(const FeatureView& stream,
                                                           std::span<const RowIndex> rows) const {
  std::vector<std::vector<std::int32_t>> out(layout().size());
  emb_features_rows_read(features(), stream, rows, out);
  if (std::find(sources_.begin(), sources_.end(), Source::kActivity) != sources_.end()) {
    std::vector<std::uint8_t> seen(kActivityBuckets, 0);
    for (const RowIndex r : rows) seen[static_cast<std::size_t>(activity_bucket(stream, r))] = 1;
    for (int b = 0; b < kActivityBuckets; ++b)
      if (seen[static_cast<std::size_t>(b)] != 0) out[activity_block_].push_back(b);
  }
  return out;
}

}  // namespace crbench
