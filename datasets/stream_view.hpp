// What a method may read of a stream: views that end where the protocol's release
// ends (docs/protocol.md, "No peeking"), so that the rows of periods not yet
// released cannot be reached through them.
//
//   FeatureView   the features of rows [0, end): user, item, timestamp, history,
//                 categories, and on simulated streams the ground-truth probability
//                 and the world's ground truth (which the oracle serves). No
//                 labels: what a Scorer is given.
//   LabelledView  a FeatureView with the labels of the same rows: what training
//                 is given.
//
// The protocol gives a method LabelledView(stream, end of the released periods)
// and its serving model FeatureView(stream, end of the period being scored). A
// scorer that reads a label does not compile; a batch with a row past the view's
// end is refused with PeekError by the batch entry points (BaseModel::score and
// loss_and_gradient, train), one check per batch. The columns are spans sized to
// the view: an index past the end is out of bounds, which the checked builds'
// assertions (_GLIBCXX_ASSERTIONS) catch. A history holds positives strictly
// before its row, so it never shows a label at or after the row.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

#include "datasets/stream.hpp"

namespace crbench {

// Raised when a method asks for rows or a period the protocol has not released.
class PeekError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class FeatureView {
 public:
  // The whole stream (for the protocol and tests, which may see everything).
  FeatureView(const Stream& stream)  // NOLINT: implicit on purpose
      : FeatureView(stream, static_cast<RowIndex>(stream.num_samples())) {}
  // Rows [0, end) of `stream`.
  FeatureView(const Stream& stream, RowIndex end)
      : user(stream.user.data(), end),
        item(stream.item.data(), end),
        timestamp(stream.timestamp.data(), end),
        true_probability(stream.true_probability.data(),
                         stream.has_true_probability() ? end : RowIndex{0}),
        item_category_offset(stream.item_category_offset),
        item_categories(stream.item_categories),
        num_users(stream.num_users),
        num_items(stream.num_items),
        num_categories(stream.num_categories),
        max_history(stream.max_history),
        meta(stream.meta),
        ground_truth(stream.ground_truth.get()),
        history_end_(stream.history_end.data(), end),
        history_len_(stream.history_len.data(), end),
        user_positive_offset_(stream.user_positive_offset.data()),
        positive_items_(stream.positive_items.data()) {
    if (end > stream.num_samples())
      throw std::out_of_range("FeatureView: end " + std::to_string(end) + " past the " +
                              std::to_string(stream.num_samples()) + " rows of the stream");
  }

  // Per-row features, rows [0, end()).
  const std::span<const std::int32_t> user;
  const std::span<const std::int32_t> item;
  const std::span<const std::int64_t> timestamp;
  const std::span<const float> true_probability;  // empty unless simulated
  // Per-item categories (CSR, as in Stream): known up front, not per row.
  const std::span<const std::int32_t> item_category_offset;
  const std::span<const std::int32_t> item_categories;

  const std::int32_t num_users;
  const std::int32_t num_items;
  const std::int32_t num_categories;
  const int max_history;
  const StreamMetadata& meta;
  // The simulated world's click probability for any (user, item) pair, which the
  // oracle's full ranking serves (bench/ranking_eval.hpp); null unless the stream
  // was simulated in memory. It is the world, not the log: no labels.
  const GroundTruth* ground_truth;

  // Rows [0, end()) are readable.
  RowIndex end() const { return static_cast<RowIndex>(user.size()); }
  bool has_categories() const { return !item_category_offset.empty(); }
  bool has_true_probability() const { return !true_probability.empty(); }

  // The row's history: the user's most recent positives strictly before it.
  std::span<const std::int32_t> history(RowIndex row) const {
    const auto end = static_cast<std::size_t>(history_end_[row]);
    return {positive_items_ + end - history_len_[row], history_len_[row]};
  }
  // How many positives the row's user had strictly before it (uncapped).
  std::int64_t positives_before(RowIndex row) const {
    return history_end_[row] - user_positive_offset_[static_cast<std::size_t>(user[row])];
  }
  std::span<const std::int32_t> categories(std::int32_t item_id) const {
    if (!has_categories()) return {};
    const auto b = static_cast<std::size_t>(item_category_offset[item_id]);
    const auto e = static_cast<std::size_t>(item_category_offset[item_id + 1]);
    return {item_categories.data() + b, e - b};
  }

  // Throws PeekError naming `what` when a row of the batch is not in the view:
  // one pass over the batch's indices, done once per batch.
  void check_rows(std::span<const RowIndex> rows, const char* what) const {
    RowIndex highest = 0;
    for (const RowIndex r : rows) highest = r > highest ? r : highest;
    if (!rows.empty() && highest >= end())
      throw PeekError(std::string(what) + ": row " + std::to_string(highest) +
                      " is past the released rows (0.." + std::to_string(end()) + ")");
  }

 private:
  std::span<const std::int64_t> history_end_;
  std::span<const std::uint8_t> history_len_;
  const std::int64_t* user_positive_offset_;
  const std::int32_t* positive_items_;
};

class LabelledView : public FeatureView {
 public:
  LabelledView(const Stream& stream)  // NOLINT: implicit on purpose
      : LabelledView(stream, static_cast<RowIndex>(stream.num_samples())) {}
  LabelledView(const Stream& stream, RowIndex end)
      : FeatureView(stream, end), label(stream.label.data(), end) {}

  const std::span<const float> label;  // 0 or 1, rows [0, end())
};

inline StreamShape shape_of(const FeatureView& s) {
  return {s.num_users, s.num_items, s.has_categories() ? s.num_categories : 0, s.max_history};
}

}  // namespace crbench
