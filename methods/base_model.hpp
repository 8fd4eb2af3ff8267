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

namespace crbench {

// A named slice of the flat parameter buffer, stored row-major: row r of the
// block occupies [offset + r*cols, offset + (r+1)*cols).
struct ParamBlock {
  std::string name;
  std::size_t offset = 0;
  std::size_t rows = 0;
  std::size_t cols = 0;
  bool row_sparse = false;  // embedding table: a batch touches only some rows
  std::size_t size() const { return rows * cols; }
};

// A gradient laid out like the parameters. Row-sparse blocks record which rows
// were written, so that the optimiser and clear() touch only those.
class Gradient {
 public:
  Gradient() = default;
  explicit Gradient(const std::vector<ParamBlock>& layout);

  float* data() { return values_.data(); }
  const float* data() const { return values_.data(); }
  std::size_t size() const { return values_.size(); }
  const std::vector<ParamBlock>& layout() const { return layout_; }

  // Marks row `row` of block `block` as written (idempotent, O(1)).
  void touch_row(std::size_t block, std::int32_t row);
  std::span<const std::int32_t> touched_rows(std::size_t block) const { return touched_[block]; }

  // Zeroes what was written (touched rows, dense blocks) and forgets the rows.
  void clear();

 private:
  std::vector<ParamBlock> layout_;
  std::vector<float> values_;
  std::vector<std::vector<std::int32_t>> touched_;
  std::vector<std::vector<std::uint8_t>> is_touched_;
};

// Serves scores. Must be safe to call from several threads at once.
class Scorer {
 public:
  virtual ~Scorer() = default;
  // Click probability of each row (features read from the stream; labels never read).
  virtual void score(const Stream& stream, std::span<const RowIndex> rows,
                     std::span<float> out) const = 0;
};

class BaseModel : public Scorer {
 public:
  virtual std::unique_ptr<BaseModel> clone() const = 0;
  virtual std::string kind() const = 0;  // "emb-mlp", ...

  virtual std::span<float> parameters() = 0;
  virtual std::span<const float> parameters() const = 0;
  virtual const std::vector<ParamBlock>& layout() const = 0;
  std::size_t parameter_count() const { return parameters().size(); }

  // Fresh seeded initialisation (Glorot-uniform for the reference model).
  virtual void initialise(std::uint64_t seed) = 0;

  // Mean binary cross-entropy of the rows against `targets` (probabilities in
  // [0, 1], aligned with rows; empty means the stream's labels). Adds the
  // gradient of that mean to `grad` (which must be cleared by the caller).
  virtual double loss_and_gradient(const Stream& stream, std::span<const RowIndex> rows,
                                   std::span<const float> targets, Gradient& grad) const = 0;

  // The rows of each row-sparse block that scoring or training on `rows` reads
  // (sorted, unique; empty for dense blocks), so that generators (ASMG, SML) build
  // and back-propagate only those rows of a batch. Models that can tell override
  // this; the default says every row, which is correct but slow.
  virtual std::vector<std::vector<std::int32_t>> rows_read(const Stream& stream,
                                                           std::span<const RowIndex> rows) const;
};

}  // namespace crbench
