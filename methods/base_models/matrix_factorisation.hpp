// Matrix factorisation with biases (SML-MF's base model, docs/methods/sml.md; the
// SML reference's MFbasemode with its biases fed to the transfer, TR_with_MF_bias):
// score = sigmoid(u . v + b_u + b_i + b), trained with the mean BCE like every
// base model. Each user/item row stores its bias as the last column, so that a
// model-agnostic row-wise generator (SML's transfer) sees [factors ; bias].
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "methods/base_model.hpp"

namespace crbench {

struct MfParams {
  int dim = 8;

  template <class P>
  static void declare(ParamDecls<P>& d) {
    d.field("dim", &MfParams::dim).range(1, 256).describe("factor dimension");
  }
};

// Parameter blocks, in buffer order: "user_embedding" (num_users x (dim+1)) and
// "item_embedding" (num_items x (dim+1)), both row-sparse, each row [factors ;
// bias]; then "global_bias" (1 x 1, dense).
class MatrixFactorisation final : public BaseModel {
 public:
  // UsageError for a dimension outside its declared range.
  MatrixFactorisation(const StreamShape& shape, const MfParams& params, std::uint64_t seed);

  std::unique_ptr<BaseModel> clone() const override;
  std::string kind() const override { return "mf"; }
  // Factors Glorot-uniform over each table's (rows, dim) shape, seeded per block;
  // biases zero.
  void initialise(std::uint64_t seed) override;

  // The users and the items of the rows (histories and categories are not read).
  std::vector<std::vector<std::int32_t>> rows_read(const FeatureView& stream,
                                                   std::span<const RowIndex> rows) const override;

  int dim() const { return dim_; }

 private:
  void compute_scores(const FeatureView& stream, std::span<const RowIndex> rows,
                      std::span<float> out) const override;
  double compute_loss_and_gradient(const LabelledView& stream, std::span<const RowIndex> rows,
                                   std::span<const float> targets, Gradient& grad) const override;
  double logit(const FeatureView& stream, RowIndex row) const;

  StreamShape shape_;
  int dim_;
};

}  // namespace crbench
