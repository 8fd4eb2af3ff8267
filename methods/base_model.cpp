// BaseModel's default, model-independent answers.
#include "methods/base_model.hpp"

#include <numeric>

namespace crbench {

std::vector<std::vector<std::int32_t>> BaseModel::rows_read(const Stream&,
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
