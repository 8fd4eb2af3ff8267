// Hashed one-hot features for the logistic-regression family.
#include "methods/lr/lr_features.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/seeding.hpp"

namespace crbench {

void SparseDesign::add_row(std::vector<std::pair<std::int32_t, double>>& entries) {
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t k = 0; k < entries.size();) {
    const std::int32_t c = entries[k].first;
    double v = 0.0;
    for (; k < entries.size() && entries[k].first == c; ++k) v += entries[k].second;
    col.push_back(c);
    val.push_back(v);
  }
  row_offset.push_back(col.size());
}

namespace {
// Feature kinds, mixed into the hash so that e.g. user 7 and item 7 differ.
enum : std::uint64_t {
  kUser = 1,
  kItem = 2,
  kCategory = 3,
  kUserCategory = 4,
  kHistoryCategory = 5
};
}  // namespace

LrFeatureMap::LrFeatureMap(int log2_hash_size, std::int32_t num_categories)
    : log2_hash_size_(log2_hash_size), num_categories_(num_categories) {
  if (log2_hash_size < 1 || log2_hash_size > 30) {
    throw UsageError("log2_hash_size must be in [1, 30], got " + std::to_string(log2_hash_size));
  }
  hash_size_ = std::size_t{1} << log2_hash_size;
}

std::int32_t LrFeatureMap::hashed(std::uint64_t tag, std::uint64_t a, std::uint64_t b) const {
  const std::uint64_t h = mix64(mix64(mix64(tag) ^ a) ^ b);
  return static_cast<std::int32_t>(h & (hash_size_ - 1));
}

// Adds 1/|history| per (history item, category) pair; history items without
// categories contribute nothing. Columns are hashed or 1 + category.
void LrFeatureMap::history_profile(const FeatureView& stream, RowIndex row,
                                   std::int32_t column_base, bool hashed_columns,
                                   Entries& out) const {
  const auto history = stream.history(row);
  if (history.empty()) return;
  const double w = 1.0 / static_cast<double>(history.size());
  for (const std::int32_t h : history) {
    for (const std::int32_t c : stream.categories(h)) {
      const std::int32_t column = hashed_columns
                                      ? hashed(kHistoryCategory, static_cast<std::uint64_t>(c))
                                      : column_base + c;
      out.emplace_back(column, w);
    }
  }
}

void LrFeatureMap::global_features(const FeatureView& stream, RowIndex row, Entries& out) const {
  out.clear();
  const auto u = static_cast<std::uint64_t>(stream.user[row]);
  const std::int32_t item = stream.item[row];
  out.emplace_back(static_cast<std::int32_t>(bias_column()), 1.0);
  out.emplace_back(hashed(kUser, u), 1.0);
  out.emplace_back(hashed(kItem, static_cast<std::uint64_t>(item)), 1.0);
  for (const std::int32_t c : stream.categories(item)) {
    out.emplace_back(hashed(kCategory, static_cast<std::uint64_t>(c)), 1.0);
    out.emplace_back(hashed(kUserCategory, u, static_cast<std::uint64_t>(c)), 1.0);
  }
  history_profile(stream, row, 0, true, out);
}

void LrFeatureMap::user_features(const FeatureView& stream, RowIndex row, Entries& out) const {
  out.clear();
  out.emplace_back(0, 1.0);
  for (const std::int32_t c : stream.categories(stream.item[row])) {
    if (c < num_categories_) out.emplace_back(1 + c, 1.0);
  }
}

void LrFeatureMap::item_features(const FeatureView& stream, RowIndex row, Entries& out) const {
  out.clear();
  out.emplace_back(0, 1.0);
  Entries profile;
  history_profile(stream, row, 1, false, profile);
  for (const auto& e : profile) {
    if (e.first - 1 < num_categories_) out.push_back(e);
  }
}

LrDesign LrFeatureMap::build(const FeatureView& stream, std::span<const RowIndex> rows,
                             bool with_items) const {
  LrDesign d;
  Entries entries;
  for (const RowIndex r : rows) {
    global_features(stream, r, entries);
    d.global.add_row(entries);
    user_features(stream, r, entries);
    d.user.add_row(entries);
    if (with_items) {
      item_features(stream, r, entries);
      d.item.add_row(entries);
    }
  }
  return d;
}

}  // namespace crbench
