// The data model every layer shares: a stream of labelled interactions, sorted by
// time and cut into periods, stored column-wise so that batch assembly reads
// contiguous arrays.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "datasets/ground_truth.hpp"

namespace crbench {

// Index of a sample (row) in a Stream.
using RowIndex = std::uint32_t;

// Where a stream's periods come from and how its samples were labelled; carried
// into results so that every number says what data produced it.
struct StreamMetadata {
  std::string name;         // e.g. "ml-latest-small"
  std::string source;       // file path(s) or simulator scenario
  std::string labelling;    // "rating>=4" or "implicit+1neg"
  std::string period_rule;  // "equal-count:31" or "calendar:week"
  // Periods (0-based) where simulated drift starts and ends; empty for real logs.
  std::vector<int> drift_start_periods;
  std::vector<int> drift_end_periods;
  // Per period: the number of items that could be shown (alive in the world), for
  // exposure measures; empty for real logs, whose catalogue is unknown.
  std::vector<int> catalogue_size;
};

struct Stream {
  StreamMetadata meta;

  // Per-sample columns, all of equal length, rows sorted by (timestamp, input order).
  std::vector<std::int32_t> user;       // dense id in [0, num_users)
  std::vector<std::int32_t> item;       // dense id in [0, num_items)
  std::vector<std::int64_t> timestamp;  // seconds (or simulator ticks)
  std::vector<float> label;             // 0 or 1
  // The sample's history is positive_items[history_end - history_len, history_end):
  // the user's most recent positives strictly before the sample's timestamp.
  std::vector<std::int64_t> history_end;
  std::vector<std::uint8_t> history_len;
  // Ground-truth click probability; filled only by the simulator.
  std::vector<float> true_probability;
  // The world behind a simulated stream, for pairs that were never logged (the
  // oracle's full ranking); null for logs and for simulated logs read from a file.
  std::shared_ptr<const GroundTruth> ground_truth;
  // Implicit labelling: the label-0 rows were drawn by the negative sampler, so
  // they are not interactions of the user (full-ranking evaluation counts only
  // logged rows as interactions and as known items).
  bool sampled_negatives = false;

  // Every user's positives in time order, user u's block being
  // positive_items[user_positive_offset[u], user_positive_offset[u + 1]).
  std::vector<std::int64_t> user_positive_offset;
  std::vector<std::int32_t> positive_items;

  // Item categories (multi-valued), CSR: item i has
  // item_categories[item_category_offset[i], item_category_offset[i + 1]).
  // Empty when the stream has no categories (the model then drops the slot).
  std::vector<std::int32_t> item_category_offset;
  std::vector<std::int32_t> item_categories;

  // Period p holds rows [period_offset[p], period_offset[p + 1]).
  std::vector<RowIndex> period_offset;

  // Original ids, for prediction output: raw_user_id[dense] and raw_item_id[dense].
  std::vector<std::int64_t> raw_user_id;
  std::vector<std::int64_t> raw_item_id;

  std::int32_t num_users = 0;
  std::int32_t num_items = 0;
  std::int32_t num_categories = 0;
  int max_history = 30;

  std::size_t num_samples() const { return user.size(); }
  int num_periods() const {
    return period_offset.empty() ? 0 : static_cast<int>(period_offset.size()) - 1;
  }
  RowIndex period_begin(int p) const { return period_offset[static_cast<std::size_t>(p)]; }
  RowIndex period_end(int p) const { return period_offset[static_cast<std::size_t>(p) + 1]; }
  bool has_categories() const { return !item_category_offset.empty(); }
  bool has_true_probability() const { return !true_probability.empty(); }

  // Forgets every period from n on (the rows stay allocated but no period holds
  // them): used to choose settings on the pre-training periods alone.
  void keep_first_periods(int n) {
    if (n >= 0 && n < num_periods()) period_offset.resize(static_cast<std::size_t>(n) + 1);
  }

  std::span<const std::int32_t> history(RowIndex row) const {
    const auto end = static_cast<std::size_t>(history_end[row]);
    return {positive_items.data() + end - history_len[row], history_len[row]};
  }
  std::span<const std::int32_t> categories(std::int32_t item_id) const {
    if (!has_categories()) return {};
    const auto b = static_cast<std::size_t>(item_category_offset[item_id]);
    const auto e = static_cast<std::size_t>(item_category_offset[item_id + 1]);
    return {item_categories.data() + b, e - b};
  }
};

// The shapes a base model needs to allocate its parameters.
struct StreamShape {
  std::int32_t num_users = 0;
  std::int32_t num_items = 0;
  std::int32_t num_categories = 0;  // 0: no category slot
  int max_history = 30;
};

inline StreamShape shape_of(const Stream& s) {
  return {s.num_users, s.num_items, s.has_categories() ? s.num_categories : 0, s.max_history};
}

}  // namespace crbench
