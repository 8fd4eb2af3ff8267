// APG base model (docs/methods/apg.md; Yan et al., "APG: Adaptive Parameter
// Generation Network for Click-Through Rate Prediction", NeurIPS 2022): the
// reference Emb&MLP's inputs (methods/base_models/emb_features.hpp) with its hidden layers
// replaced by APG layers y = ReLU(((x U) S(z)) V + b), S generated per sample
// from a condition z, U = U_l U_r and V = V_l V_r over-parameterised while
// training and collapsed exactly for serving (methods/apg/apg_layer.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/params.hpp"
#include "methods/base_model.hpp"
#include "methods/base_models/emb_mlp.hpp"

namespace crbench {

// The condition designs of the paper (section 3.2): what generates S.
enum class ApgCondition {
  kUser,       // group-wise: z = the user's embedding
  kActivity,   // group-wise: z = embedding of the user's activity bucket
  kCategory,   // group-wise: z = the target item's (mean) category embedding
  kMixInput,   // mix-wise, input aggregation: z = [user ; activity ; category]
  kMixOutput,  // mix-wise, output aggregation: one generator per condition, S averaged
  kSelf,       // self-wise: z = the layer's own input
};

// The Emb&MLP's sizes (its features, and hidden layers that become APG layers)
// and APG's own parameters: the `apg` base model's and method's.
struct ApgParams : EmbMlpParams {
  int k_div = 4;   // rank K = ceil(min(N, M) / k_div) per layer
  int p_mult = 4;  // over-parameterisation width P = p_mult * K
  ApgCondition condition = ApgCondition::kUser;

  template <class P>
  static void declare(ParamDecls<P>& d);
};

// User activity without peeking: the number c of the user's positives strictly
// before the sample (the same information the history window is cut from, but
// not capped at its 30 entries), bucketed on a log scale: bucket = bit width of
// c, capped, i.e. 0 | 1 | 2-3 | 4-7 | 8-15 | 16-31 | 32-63 | 64+.
constexpr int kActivityBuckets = 8;
int activity_bucket(const FeatureView& stream, RowIndex row);

// Parameter blocks, in buffer order: "user_embedding", "item_embedding",
// "category_embedding" (with categories) exactly as EmbMlp; "activity_embedding"
// (kActivityBuckets x d, when a condition uses it); per hidden layer l (N -> M,
// rank K, width P): "apg.l.u_left" (N x P), "apg.l.u_right" (P x K), "apg.l.v_left"
// (K x P), "apg.l.v_right" (P x M), "apg.l.bias" (1 x M), and per generator g
// "apg.l.gen.g.weight" (D_z x K²), "apg.l.gen.g.bias" (1 x K², initialised to the
// flattened identity so that a fresh layer is the static low-rank x U V + b);
// then the static output layer "mlp.L.weight" (M x 1), "mlp.L.bias".
class ApgModel final : public BaseModel {
 public:
  // UsageError for parameters outside their declared ranges, and for the
  // category condition on a stream without categories.
  ApgModel(const StreamShape& shape, const ApgParams& config, std::uint64_t seed);

  std::unique_ptr<BaseModel> clone() const override;
  std::string kind() const override { return "apg"; }
  void initialise(std::uint64_t seed) override;

  // Users, target and history items, their categories, activity buckets.
  std::vector<std::vector<std::int32_t>> rows_read(const FeatureView& stream,
                                                   std::span<const RowIndex> rows) const override;
  // Scores through the over-parameterised chains (the training forward), to check
  // that collapsing for serving changes nothing.
  void score_training_form(const FeatureView& stream, std::span<const RowIndex> rows,
                           std::span<float> out) const;

  const ApgParams& config() const { return config_; }
  std::size_t num_apg_layers() const { return layers_.size(); }
  int rank(std::size_t layer) const { return layers_[layer].k; }
  int width(std::size_t layer) const { return layers_[layer].p; }

  struct Generator {
    std::size_t weight = 0;  // block indices
    std::size_t bias = 0;
    int z_offset = 0;  // columns of the condition matrix it reads (unused for self-wise)
    int z_dim = 0;
  };
  struct Layer {
    int n = 0, m = 0, k = 0, p = 0;
    std::size_t u_left = 0, u_right = 0, v_left = 0, v_right = 0, bias = 0;  // block indices
    std::vector<Generator> generators;
  };
  enum class Source { kUser, kActivity, kCategory };

 private:
  // Serving: U and V collapsed once per call, then the decomposed feed-forward.
  void compute_scores(const FeatureView& stream, std::span<const RowIndex> rows,
                      std::span<float> out) const override;
  // Training: the over-parameterised chains U_l U_r and V_l V_r.
  double compute_loss_and_gradient(const LabelledView& stream, std::span<const RowIndex> rows,
                                   std::span<const float> targets, Gradient& grad) const override;
  EmbFeatureView features() const;
  struct Workspace;
  struct Chains;
  static Workspace& workspace();  // this thread's scratch
  std::vector<Chains> training_chains() const;
  std::vector<Chains> serving_chains(std::vector<std::vector<float>>& storage) const;
  // Forward pass of a chunk; returns its logits (in ws).
  const float* forward(const FeatureView& stream, std::span<const RowIndex> rows,
                       const std::vector<Chains>& chains, Workspace& ws) const;
  void score_with(const FeatureView& stream, std::span<const RowIndex> rows, std::span<float> out,
                  const std::vector<Chains>& chains) const;

  StreamShape shape_;
  ApgParams config_;
  std::vector<Source> sources_;  // condition sources, concatenated in this order
  std::size_t activity_block_ = 0;
  std::vector<Layer> layers_;
  std::size_t out_weight_ = 0, out_bias_ = 0;
};

// ---- implementation ----

template <class P>
void ApgParams::declare(ParamDecls<P>& d) {
  EmbMlpParams::declare(d);
  d.field("k_div", &ApgParams::k_div)
      .range(1, 64)
      .describe("rank K = ceil(min(N, M) / k_div) of every APG layer");
  d.field("p_mult", &ApgParams::p_mult)
      .range(1, 16)
      .describe("over-parameterisation width P = p_mult * K while training");
  d.field("condition", &ApgParams::condition)
      .choice("user", ApgCondition::kUser)
      .choice("activity", ApgCondition::kActivity)
      .choice("category", ApgCondition::kCategory)
      .choice("mix-input", ApgCondition::kMixInput)
      .choice("mix-output", ApgCondition::kMixOutput)
      .choice("self", ApgCondition::kSelf)
      .describe(
          "what generates S: user, activity (bucket) or category (of the item) alone; "
          "mix-input (the three concatenated), mix-output (one generator each, averaged); "
          "self (the layer's input)");
}

}  // namespace crbench
