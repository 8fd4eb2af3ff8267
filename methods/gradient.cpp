// Gradient: a flat buffer laid out like a model's parameters, with per-block
// bookkeeping of which rows of the row-sparse (embedding) blocks were written, so
// that clearing and the optimiser cost O(rows touched) rather than O(table size).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "methods/gradient.hpp"

namespace crbench {

Gradient::Gradient(const std::vector<ParamBlock>& layout)
    : layout_(layout), touched_(layout.size()), is_touched_(layout.size()) {
  std::size_t total = 0;
  for (std::size_t b = 0; b < layout_.size(); ++b) {
    const ParamBlock& block = layout_[b];
    total = std::max(total, block.offset + block.size());
    if (block.row_sparse) is_touched_[b].assign(block.rows, 0);
  }
  values_.assign(total, 0.0f);
}

void Gradient::touch_row(std::size_t block, std::int32_t row) {
  // Dense blocks are always treated as written, so there is nothing to record.
  if (!layout_[block].row_sparse) return;
  std::uint8_t& flag = is_touched_[block][static_cast<std::size_t>(row)];
  if (flag) return;
  flag = 1;
  touched_[block].push_back(row);
}

void Gradient::clear() {
  float* values = values_.data();
  for (std::size_t b = 0; b < layout_.size(); ++b) {
    const ParamBlock& block = layout_[b];
    if (!block.row_sparse) {
      std::fill_n(values + block.offset, block.size(), 0.0f);
      continue;
    }
    std::uint8_t* flags = is_touched_[b].data();
    if (block.cols == 8) {
      // The reference embedding size: a constant-size memset inlines to two
      // stores instead of a library call per row.
      for (const std::int32_t row : touched_[b]) {
        std::memset(values + block.offset + static_cast<std::size_t>(row) * 8, 0,
                    8 * sizeof(float));
        flags[row] = 0;
      }
    } else {
      for (const std::int32_t row : touched_[b]) {
        std::fill_n(values + block.offset + static_cast<std::size_t>(row) * block.cols, block.cols,
                    0.0f);
        flags[row] = 0;
      }
    }
    touched_[b].clear();  // keeps the capacity: no allocation in the steady state
  }
}

}  // namespace crbench
