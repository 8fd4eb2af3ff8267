// BaseModel's model-independent parts: the flat buffer's layout, the argument
// checks of scoring and training, and the default rows_read; and Scorer's
// default candidate scorer (synthetic rows, methods/candidate_scorer.hpp).
#include "methods/base_model.hpp"

#include <numeric>
#include <stdexcept>

namespace crbench {

std::unique_ptr<CandidateScorer> Scorer::candidate_scorer(const FeatureView& stream, int,
                                                          std::vector<std::int32_t> items) const {
  return row_candidate_scorer(*this, stream, std::move(items));
}

std::size_t BaseModel::add_block(std::string name, std::size_t rows, std::size_t cols,
                                 bool row_sparse) {
  const std::size_t offset = layout_.empty() ? 0 : layout_.back().offset + layout_.back().size();
  layout_.push_back({std::move(name), offset, rows, cols, row_sparse});
  return layout_.size() - 1;
}

void BaseModel::allocate_parameters() {
  params_.assign(layout_.empty() ? 0 : layout_.back().offset + layout_.back().size(), 0.0f);
}

void BaseModel::score(const FeatureView& stream, std::span<const RowIndex> rows,
                      std::span<float> out) const {
  if (out.size() != rows.size()) {
    throw std::invalid_argument(kind() + " score: " + std::to_string(rows.size()) + " rows but " +
                                std::to_string(out.size()) + " outputs");
  }
  stream.check_rows(rows, "score");
  compute_scores(stream, rows, out);
}

double BaseModel::loss_and_gradient(const LabelledView& stream, std::span<const RowIndex> rows,
                                    std::span<const float> targets, Gradient& grad) const {
  if (!targets.empty() && targets.size() != rows.size()) {
    throw std::invalid_argument(kind() + " loss_and_gradient: " + std::to_string(rows.size()) +
                                " rows but " + std::to_string(targets.size()) + " targets");
  }
  if (grad.size() != params_.size() || grad.layout().size() != layout_.size()) {
    throw std::invalid_argument(kind() +
                                " loss_and_gradient: gradient layout does not match the model");
  }
  if (rows.empty()) return 0.0;
  stream.check_rows(rows, "loss_and_gradient");
  return compute_loss_and_gradient(stream, rows, targets, grad);
}

std::vector<std::vector<std::int32_t>> BaseModel::rows_read(const FeatureView&,
                                                            std::span<const RowIndex>) const {
  const std::vector<ParamBlock>& blocks = layout();
  std::vector<std::vector<std::int32_t>> out(blocks.size());
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    if (!blocks[b].row_sparse) continue;
    out[b].resize(blocks[b].rows);
    std::iota(out[b].begin(), out[b].end(), std::int32_t{0});
  }
  return out;
}

}  // namespace crbench
