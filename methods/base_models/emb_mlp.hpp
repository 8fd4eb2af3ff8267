// The reference base model (docs/methods/base-models.md, the ASMG code's EmbMLP):
// user/item/category embeddings, a masked-mean history of the user's recent
// positives, and an MLP 40 -> 20 -> 10 -> 1 with ReLU and a sigmoid output.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "methods/base_model.hpp"
#include "methods/base_models/emb_features.hpp"

namespace crbench {

// The Emb&MLP's sizes: the parameters of the `emb-mlp` base model, and of the
// models built on its features (`apg`).
struct EmbMlpParams {
  int embedding_dim = 8;
  std::vector<int> hidden = {20, 10};

  template <class P>
  static void declare(ParamDecls<P>& d) {
    d.field("d", &EmbMlpParams::embedding_dim)
        .range(1, 256)
        .describe("embedding size of users, items and categories");
    d.field("hidden", &EmbMlpParams::hidden).range(1, 4096).describe("widths of the hidden layers");
  }
};

// Parameter blocks, in buffer order: "user_embedding" (num_users x d),
// "item_embedding" (num_items x d), "category_embedding" (num_categories x d,
// absent without categories), then per layer l "mlp.l.weight" (in x out) and
// "mlp.l.bias" (1 x out). Item vector = [e_item ; mean of its categories' e_cat];
// history vector = mean of the item vectors of the sample's history (zeros when
// empty); MLP input = [e_user ; history ; item].
class EmbMlp final : public BaseModel {
 public:
  // UsageError for sizes outside their declared ranges.
  EmbMlp(const StreamShape& shape, const EmbMlpParams& config, std::uint64_t seed);

  std::unique_ptr<BaseModel> clone() const override;
  std::string kind() const override { return "emb-mlp"; }
  void initialise(std::uint64_t seed) override;
  // A sample reads its user's row, the rows of its item and history items, and
  // the category rows of those items (when the model and the stream have them).
  std::vector<std::vector<std::int32_t>> rows_read(const FeatureView& stream,
                                                   std::span<const RowIndex> rows) const override;
  // Shares the first layer's user and item parts across the (user, item) pairs.
  std::unique_ptr<CandidateScorer> candidate_scorer(const FeatureView& stream, int period,
                                                    std::vector<std::int32_t> items) const override;

  const StreamShape& shape() const { return shape_; }
  const EmbMlpParams& config() const { return config_; }
  int input_dim() const;

 private:
  void compute_scores(const FeatureView& stream, std::span<const RowIndex> rows,
                      std::span<float> out) const override;
  double compute_loss_and_gradient(const LabelledView& stream, std::span<const RowIndex> rows,
                                   std::span<const float> targets, Gradient& grad) const override;
  EmbFeatureView features() const;
  // Forward pass of a chunk of rows: features, MLP; returns the logits (this
  // thread's scratch, valid until its next forward).
  const float* forward(const FeatureView& stream, std::span<const RowIndex> rows) const;

  StreamShape shape_;
  EmbMlpParams config_;
};

}  // namespace crbench
