// The flat parameter layout every base model exposes (named blocks of one float
// buffer) and the Gradient laid out like it, with row-sparse bookkeeping for the
// embedding tables. Implemented in methods/gradient.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

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

}  // namespace crbench
