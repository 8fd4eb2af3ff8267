// EmbMlp::rows_read lists exactly the embedding rows whose parameters influence a
// batch's loss: the gradient touches only listed rows, perturbing any listed row
// changes the loss, perturbing an unlisted row leaves it bit-identical.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
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

// The rows listed for a batch, computed independently with ordered sets.
std::vector<std::vector<std::int32_t>> rows_by_sets(const Stream& s,
                                                    const std::vector<RowIndex>& batch) {
  std::set<std::int32_t> users, items, categories;
  for (const RowIndex r : batch) {
    users.insert(s.user[r]);
    items.insert(s.item[r]);
    for (const std::int32_t h : s.history(r)) items.insert(h);
  }
  for (const std::int32_t i : items) {
    for (const std::int32_t c : s.categories(i)) categories.insert(c);
  }
  return {{users.begin(), users.end()},
          {items.begin(), items.end()},
          {categories.begin(), categories.end()}};
}

// The marks behind rows_read persist per thread between calls: every call must
// start from none, also after a call that threw half-way through its marking.
TEST(EmbMlpRowsRead, EachCallStartsFromNoMarks) {
  const Stream& s = test_support::movielens_small();
  const EmbMlp model(shape_of(s), EmbMlpParams{}, 3);
  std::vector<RowIndex> a, b;
  for (RowIndex k = 0; k < 40; ++k) a.push_back(500 + 997 * k);
  for (RowIndex k = 0; k < 25; ++k) b.push_back(777 + 1409 * k);
  auto listed = [&](const std::vector<RowIndex>& batch) {
    auto read = model.rows_read(s, batch);
    read.resize(3);
    return read;
  };
  const auto first_a = listed(a);
  EXPECT_EQ(first_a, rows_by_sets(s, a));
  EXPECT_EQ(listed(b), rows_by_sets(s, b));  // nothing of a left over
  // A model of fewer items throws on an item of the batch after marking the
  // rows before it; the next call of the full model must not see those marks.
  std::int32_t first_max = 0;  // the largest item id the first 10 samples read
  for (std::size_t k = 0; k < 10; ++k) {
    first_max = std::max(first_max, s.item[b[k]]);
    for (const std::int32_t h : s.history(b[k])) first_max = std::max(first_max, h);
  }
  ASSERT_LT(first_max + 1, s.num_items);
  ASSERT_GT(rows_by_sets(s, b)[1].back(), first_max);  // a later sample is out of range
  StreamShape small = shape_of(s);
  small.num_items = first_max + 1;
  const EmbMlp narrow(small, EmbMlpParams{}, 3);
  EXPECT_THROW(narrow.rows_read(s, b), std::out_of_range);
  EXPECT_EQ(listed(a), first_a);
  EXPECT_EQ(listed(b), rows_by_sets(s, b));
}

}  // namespace
}  // namespace crbench
