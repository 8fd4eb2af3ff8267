// What every base model (Embedding&MLP, logistic regression, MF, APG) offers the
// update strategies: scoring, a flat parameter buffer with named blocks, and the
// mean-BCE gradient of a batch with row-sparse embedding gradients. Strategies
// that are model-agnostic (ASMG, SML, the Bayesian prior, snapshots) see only this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "datasets/stream.hpp"
#include "datasets/stream_view.hpp"
#include "methods/candidate_scorer.hpp"
#include "methods/gradient.hpp"

namespace crbench {

// Serves scores. Must be safe to call from several threads at once.
class Scorer {
 public:
  virtual ~Scorer() = default;
  // Click probability of each row, from the features the view shows (a FeatureView
  // holds no labels: a scorer cannot read them).
  virtual void score(const FeatureView& stream, std::span<const RowIndex> rows,
                     std::span<float> out) const = 0;
  // Prepares the scoring of users against `items` (dense ids) as at the start of
  // period `period` (0-based; only a ground truth needs it), for full-ranking
  // evaluation. The default scores synthetic rows with score(); models override
  // it where the user-side work can be shared across items. `stream` is a view
  // that ends where the period begins (the user's features come with each call);
  // the result reads this scorer and the view's stream, which must outlive it
  // unchanged.
  virtual std::unique_ptr<CandidateScorer> candidate_scorer(const FeatureView& stream, int period,
                                                            std::vector<std::int32_t> items) const;
};

class BaseModel : public Scorer {
 public:
  virtual std::unique_ptr<BaseModel> clone() const = 0;
  virtual std::string kind() const = 0;  // "emb-mlp", ...

  std::span<float> parameters() { return params_; }
  std::span<const float> parameters() const { return params_; }
  const std::vector<ParamBlock>& layout() const { return layout_; }
  std::size_t parameter_count() const { return params_.size(); }

  // Fresh seeded initialisation (Glorot-uniform for the reference model).
  virtual void initialise(std::uint64_t seed) = 0;

  // Checks that there is one output per row and that every row is in the view
  // (PeekError otherwise), then scores (compute_scores).
  void score(const FeatureView& stream, std::span<const RowIndex> rows,
             std::span<float> out) const final;
  // Mean binary cross-entropy of the rows against `targets` (probabilities in
  // [0, 1], aligned with rows; empty means the stream's labels). Adds the
  // gradient of that mean to `grad` (which must be cleared by the caller and
  // laid out like the parameters; std::invalid_argument otherwise). 0 for no rows.
  // PeekError when a row is not in the view.
  double loss_and_gradient(const LabelledView& stream, std::span<const RowIndex> rows,
                           std::span<const float> targets, Gradient& grad) const;

  // The rows of each row-sparse block that scoring or training on `rows` reads
  // (sorted, unique; empty for dense blocks), so that generators (ASMG, SML) build
  // and back-propagate only those rows of a batch. Models that can tell override
  // this; the default says every row, which is correct but slow.
  virtual std::vector<std::vector<std::int32_t>> rows_read(const FeatureView& stream,
                                                           std::span<const RowIndex> rows) const;

 protected:
  // Appends a block after the ones laid out so far; returns its index.
  std::size_t add_block(std::string name, std::size_t rows, std::size_t cols, bool row_sparse);
  // Sizes the buffer to the layout, zero-filled (after the last add_block).
  void allocate_parameters();

  // The model's own work, on arguments already checked: out.size() == rows.size();
  // for the loss, rows non-empty and targets empty or aligned with rows.
  virtual void compute_scores(const FeatureView& stream, std::span<const RowIndex> rows,
                              std::span<float> out) const = 0;
  virtual double compute_loss_and_gradient(const LabelledView& stream,
                                           std::span<const RowIndex> rows,
                                           std::span<const float> targets,
                                           Gradient& grad) const = 0;

 private:
  std::vector<ParamBlock> layout_;
  std::vector<float> params_;
};

}  // namespace crbench
