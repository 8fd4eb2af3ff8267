// EmbMlp::rows_read lists exactly the embedding rows whose parameters influence a
// batch's loss: the gradient touches only listed rows, perturbing any listed row
// changes the loss, perturbing an unlisted row leaves it bit-identical.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "methods/base_models/emb_mlp.hpp"
#include "tests/support/bundled_data.hpp"

namespace crbench {
namespace {

TEST(EmbMlpRowsRead, ListsExactlyTheRowsThatInfluenceTheLoss) {
  const Stream& s = test_support::movielens_small();
  EmbMlp model(shape_of(s), EmbMlpParams{}, 3);
  std::vector<RowIndex> batch;
  for (RowIndex k = 0; k < 32; ++k) batch.push_back(1000 + 613 * k);  // many users
  const auto read = model.rows_read(s, batch);
  const auto& layout = model.layout();
  ASSERT_EQ(read.size(), layout.size());

  Gradient grad(layout);
  const double loss = model.loss_and_gradient(s, batch, {}, grad);
  std::size_t listed_total = 0;
  for (std::size_t b = 0; b < layout.size(); ++b) {
    if (!layout[b].row_sparse) {
      EXPECT_TRUE(read[b].empty());
      continue;
    }
    ASSERT_TRUE(std::is_sorted(read[b].begin(), read[b].end()));
    ASSERT_TRUE(std::adjacent_find(read[b].begin(), read[b].end()) == read[b].end());
    for (const std::int32_t r : grad.touched_rows(b)) {
      EXPECT_TRUE(std::binary_search(read[b].begin(), read[b].end(), r))
          << layout[b].name << " row " << r;
    }
    listed_total += read[b].size();
  }
  EXPECT_GT(read[0].size(), 1u);
  EXPECT_GT(read[1].size(), read[0].size());  // histories read many items
  EXPECT_GT(read[2].size(), 1u);              // and their genres

  auto loss_with_row_shifted = [&](std::size_t b, std::int32_t r) {
    EmbMlp copy = model;
    float* p = copy.parameters().data() + layout[b].offset + static_cast<std::size_t>(r) * 8;
    for (int c = 0; c < 8; ++c) p[c] += 0.7f;
    Gradient g(layout);
    return copy.loss_and_gradient(s, batch, {}, g);
  };
  for (std::size_t b = 0; b < 3; ++b) {
    for (const std::int32_t r : read[b]) {
      EXPECT_NE(loss_with_row_shifted(b, r), loss) << layout[b].name << " listed row " << r;
    }
    // Unlisted rows: every one of the user and category tables, a stride of items.
    const std::int32_t step = b == 1 ? 97 : 1;
    for (std::int32_t r = 0; r < static_cast<std::int32_t>(layout[b].rows); r += step) {
      if (std::binary_search(read[b].begin(), read[b].end(), r)) continue;
      EXPECT_EQ(loss_with_row_shifted(b, r), loss) << layout[b].name << " unlisted row " << r;
    }
  }
  EXPECT_GT(listed_total, 0u);
}

}  // namespace
}  // namespace crbench
