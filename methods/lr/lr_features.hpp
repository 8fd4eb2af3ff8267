// Hashed one-hot features of a stream row for the logistic-regression family
// (docs/methods/bayes-lr.md): the global (fixed-effect) vector x_g and the small
// per-entity vectors z_user and z_item of the GLMix random effects, collected
// into a sparse design matrix per batch of rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "datasets/stream.hpp"
#include "datasets/stream_view.hpp"

namespace crbench {

// Compressed sparse rows; within a row, column indices are sorted and unique
// (features that hash to the same column are summed, as a hashed one-hot does).
struct SparseDesign {
  std::vector<std::size_t> row_offset{0};
  std::vector<std::int32_t> col;
  std::vector<double> val;

  std::size_t rows() const { return row_offset.size() - 1; }
  std::size_t row_begin(std::size_t r) const { return row_offset[r]; }
  std::size_t row_end(std::size_t r) const { return row_offset[r + 1]; }
  // Appends one row from (column, value) pairs in any order, merging duplicates.
  void add_row(std::vector<std::pair<std::int32_t, double>>& entries);
};

// The design matrices of a batch of rows, one per coefficient block.
struct LrDesign {
  SparseDesign global;  // columns [0, global_dim)
  SparseDesign user;    // columns [0, entity_dim)
  SparseDesign item;    // columns [0, entity_dim)
};

// Global features, hashed into 2^log2_hash_size columns (plus an unhashed bias in
// the last column): user id, item id, each category of the item, user x category,
// and the categories of the row's history items (each history item adds
// 1/|history| to each of its categories, so the slot is the history's mean
// category profile). Random-effect features (both entities): a bias plus one
// column per category — for a user, the target item's categories (so the user
// effect is a per-user category taste); for an item, the history's mean
// category profile (so the item effect says which tastes the item appeals to).
class LrFeatureMap {
 public:
  LrFeatureMap(int log2_hash_size, std::int32_t num_categories);

  int log2_hash_size() const { return log2_hash_size_; }
  std::size_t global_dim() const { return hash_size_ + 1; }
  std::size_t bias_column() const { return hash_size_; }
  std::size_t entity_dim() const { return 1 + static_cast<std::size_t>(num_categories_); }

  using Entries = std::vector<std::pair<std::int32_t, double>>;
  void global_features(const FeatureView& stream, RowIndex row, Entries& out) const;
  void user_features(const FeatureView& stream, RowIndex row, Entries& out) const;
  void item_features(const FeatureView& stream, RowIndex row, Entries& out) const;

  // All three designs for `rows` (the item design is left empty unless wanted).
  LrDesign build(const FeatureView& stream, std::span<const RowIndex> rows, bool with_items) const;

 private:
  std::int32_t hashed(std::uint64_t tag, std::uint64_t a, std::uint64_t b = 0) const;
  void history_profile(const FeatureView& stream, RowIndex row, std::int32_t column_base,
                       bool hashed_columns, Entries& out) const;

  int log2_hash_size_;
  std::size_t hash_size_;
  std::int32_t num_categories_;
};

}  // namespace crbench
