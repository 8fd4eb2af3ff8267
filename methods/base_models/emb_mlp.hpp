// The reference base model (docs/methods/base-models.md, the ASMG code's EmbMLP):
// user/item/category embeddings, a masked-mean history of the user's recent
// positives, and an MLP 40 -> 20 -> 10 -> 1 with ReLU and a sigmoid output.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "methods/base_model.hpp"

namespace crbench {

struct EmbMlpConfig {
  int embedding_dim = 8;
  std::vector<int> hidden = {20, 10};
};

// Parameter blocks, in buffer order: "user_embedding" (num_users x d),
// "item_embedding" (num_items x d), "category_embedding" (num_categories x d,
// absent without categories), then per layer l "mlp.l.weight" (in x out) and
// "mlp.l.bias" (1 x out). Item vector = [e_item ; mean of its categories' e_cat];
// history vector = mean of the item vectors of the sample's history (zeros when
// empty); MLP input = [e_user ; history ; item].
class EmbMlp final : public BaseModel {
 public:
  EmbMlp(const StreamShape& shape, const EmbMlpConfig& config, std::uint64_t seed);

  std::unique_ptr<BaseModel> clone() const override;
  std::string kind() const override { return "emb-mlp"; }
  std::span<float> parameters() override { return params_; }
  std::span<const float> parameters() const override { return params_; }
  const std::vector<ParamBlock>& layout() const override { return layout_; }
  void initialise(std::uint64_t seed) override;

  void score(const Stream& stream, std::span<const RowIndex> rows,
             std::span<float> out) const override;
  double loss_and_gradient(const Stream& stream, std::span<const RowIndex> rows,
                           std::span<const float> targets, Gradient& grad) const override;
  // A sample reads its user's row, the rows of its item and history items, and
  // the category rows of those items (when the model and the stream have them).
  std::vector<std::vector<std::int32_t>> rows_read(const Stream& stream,
                                                   std::span<const RowIndex> rows) const override;

  const StreamShape& shape() const { return shape_; }
  const EmbMlpConfig& config() const { return config_; }
  int input_dim() const;

 private:
  StreamShape shape_;
  EmbMlpConfig config_;
  std::vector<ParamBlock> layout_;
  std::vector<float> params_;
};

}  // namespace crbench
