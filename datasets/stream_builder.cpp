// build_stream: RawLog -> Stream. Labels the rows, orders them by time, cuts the
// periods, re-indexes ids densely, samples negatives for implicit logs and lays out
// each sample's history of earlier positives. O(n log n) time (one sort), no
// allocation per row, so that logs of tens of millions of rows stay practical.
#include "datasets/stream_builder.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "datasets/calendar_period.hpp"
#include "datasets/dense_index.hpp"
#include "datasets/history_layout.hpp"
#include "datasets/negative_sampler.hpp"

namespace crbench {
namespace {

using internal::DenseIndex;
using internal::lay_out_history;

void check_options(const StreamOptions& options) {
  if (options.max_history < 0 || options.max_history > 255) {
    throw UsageError("max_history must be in [0, 255], got " + std::to_string(options.max_history));
  }
  if (options.period_rule == PeriodRule::kEqualCount && options.num_periods < 1) {
    throw UsageError("the number of periods must be at least 1, got " +
                     std::to_string(options.num_periods));
  }
}

void check_raw(const RawLog& raw, const StreamOptions& options) {
  const std::size_t n = raw.user.size();
  if (raw.item.size() != n || raw.timestamp.size() != n ||
      (!raw.value.empty() && raw.value.size() != n) ||
      (!raw.true_probability.empty() && raw.true_probability.size() != n)) {
    throw DataError(raw.source, 0, "inconsistent log: its columns differ in length");
  }
  if (n == 0) throw DataError(raw.source, 0, "the log is empty: no interactions");
  if (n > std::numeric_limits<RowIndex>::max()) {
    throw DataError(raw.source, 0, "too many interactions for 32-bit row indices");
  }
  if (options.label_rule == LabelRule::kImplicitSampled) {
    // A sampled negative has no ground truth, so a probability column cannot be kept.
    if (!raw.true_probability.empty())
      throw DataError(raw.source, 0,
                      "a log with ground-truth probabilities needs given labels, not implicit "
                      "labelling with sampled negatives");
    return;
  }
  if (raw.value.empty()) {
    throw DataError(raw.source, 0,
                    "the log has no ratings or labels; use implicit labelling with sampled "
                    "negatives");
  }
  if (options.label_rule == LabelRule::kGivenLabel) {
    for (std::size_t r = 0; r < n; ++r) {
      if (raw.value[r] != 0.0f && raw.value[r] != 1.0f) {
        std::ostringstream message;
        message << "label " << raw.value[r] << " is not 0 or 1 (given labels)";
        const std::size_t line = raw.lines.line_of(r);
        if (line == 0 || raw.rows_path.empty()) {
          message << " in row " << r + 1 << " (in file order)";
          throw DataError(raw.source, 0, message.str());
        }
        throw DataError(raw.rows_path, line, message.str());
      }
    }
  }
}

std::string labelling_name(const StreamOptions& options) {
  switch (options.label_rule) {
    case LabelRule::kRatingThreshold: {
      std::ostringstream name;
      name << "rating>=" << options.rating_threshold;
      return name.str();
    }
    case LabelRule::kGivenLabel:
      return "given-label";
    case LabelRule::kImplicitSampled:
      return "implicit+1neg";
  }
  return "unknown";
}

std::string period_rule_name(const StreamOptions& options) {
  if (options.period_rule == PeriodRule::kEqualCount) {
    // The convention is part of the name (and so of every job hash): the two
    // conventions cut different periods whenever n mod T > 0.
    return "equal-count:" + std::to_string(options.num_periods) +
           (options.leftover == LeftoverRows::kDropNewest ? ":drop-newest" : ":drop-oldest");
  }
  switch (options.calendar_unit) {
    case CalendarUnit::kDay:
      return "calendar:day";
    case CalendarUnit::kWeek:
      return "calendar:week";
    case CalendarUnit::kMonth:
      return "calendar:month";
  }
  return "calendar";
}

// Row order by (timestamp, file order). Logs are often already sorted (and then the
// sort is skipped); otherwise a stable sort keeps file order among equal timestamps.
std::vector<RowIndex> time_order(const RawLog& raw) {
  std::vector<RowIndex> order(raw.timestamp.size());
  std::iota(order.begin(), order.end(), RowIndex{0});
  if (!std::is_sorted(raw.timestamp.begin(), raw.timestamp.end())) {
    const std::int64_t* ts = raw.timestamp.data();
    std::stable_sort(order.begin(), order.end(),
                     [ts](RowIndex a, RowIndex b) { return ts[a] < ts[b]; });
  }
  return order;
}

// Period boundaries as positions in time order: period p holds sorted positions
// [cuts[p], cuts[p + 1]); positions before cuts.front() and from cuts.back() on
// are dropped.
std::vector<std::size_t> period_cuts(const RawLog& raw, const std::vector<RowIndex>& order,
                                     const StreamOptions& options) {
  const std::size_t n = order.size();
  std::vector<std::size_t> cuts;
  if (options.period_rule == PeriodRule::kEqualCount) {
    const auto periods = static_cast<std::size_t>(options.num_periods);
    const std::size_t chunk = n / periods;
    if (chunk == 0) return {n};  // no rows left for any period
    // The reference numbers row i (in time order) period floor(i / chunk) + 1 and
    // deletes period T + 1, i.e. the n mod T newest rows; the other convention
    // drops the n mod T oldest.
    const std::size_t first_kept =
        options.leftover == LeftoverRows::kDropNewest ? 0 : n - chunk * periods;
    for (std::size_t p = 0; p <= periods; ++p) cuts.push_back(first_kept + p * chunk);
    return cuts;
  }
  // Calendar units in time order are non-decreasing, so each run of equal unit is one
  // period; units without rows produce no run and so no (empty) period.
  cuts.push_back(0);
  std::int64_t unit = internal::calendar_unit_index(raw.timestamp[order[0]], options.calendar_unit);
  for (std::size_t pos = 1; pos < n; ++pos) {
    const std::int64_t next =
        internal::calendar_unit_index(raw.timestamp[order[pos]], options.calendar_unit);
    if (next != unit) {
      cuts.push_back(pos);
      unit = next;
    }
  }
  cuts.push_back(n);
  return cuts;
}

DenseIndex make_index(const std::vector<std::int64_t>& ids, const std::vector<RowIndex>& order,
                      std::size_t first_kept, std::size_t end_kept, const char* what) {
  std::int64_t lo = std::numeric_limits<std::int64_t>::max();
  std::int64_t hi = std::numeric_limits<std::int64_t>::min();
  for (std::size_t pos = first_kept; pos < end_kept; ++pos) {
    lo = std::min(lo, ids[order[pos]]);
    hi = std::max(hi, ids[order[pos]]);
  }
  return DenseIndex(lo, hi, end_kept - first_kept, what);
}

// Item categories as CSR over the dense items. The category ids stay those of the
// RawLog (all of its table, used or not), so num_categories is the table size.
void lay_out_categories(const RawLog& raw, Stream& s) {
  if (raw.category_names.empty() && raw.item_categories.empty()) return;
  s.num_categories = static_cast<std::int32_t>(raw.category_names.size());
  s.item_category_offset.reserve(static_cast<std::size_t>(s.num_items) + 1);
  s.item_category_offset.push_back(0);
  for (const std::int64_t raw_item : s.raw_item_id) {
    const auto it = raw.item_categories.find(raw_item);
    if (it != raw.item_categories.end()) {
      for (const std::int32_t c : it->second) {
        if (c < 0 || c >= s.num_categories) {
          throw DataError(raw.source, 0,
                          "item " + std::to_string(raw_item) + " has category id " +
                              std::to_string(c) + " outside the table of " +
                              std::to_string(s.num_categories) + " categories");
        }
        s.item_categories.push_back(c);
      }
    }
    if (s.item_categories.size() >
        static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
      throw DataError(raw.source, 0, "too many item-category pairs for 32-bit offsets");
    }
    s.item_category_offset.push_back(static_cast<std::int32_t>(s.item_categories.size()));
  }
}

}  // namespace

Stream build_stream(const RawLog& raw, const StreamOptions& options, int min_periods) {
  check_options(options);
  check_raw(raw, options);
  const std::size_t n = raw.user.size();
  const bool implicit = options.label_rule == LabelRule::kImplicitSampled;

  // Periods are cut on the raw rows, before re-indexing, so that dropped rows create
  // no ids; for implicit logs each kept row later becomes a positive-negative pair.
  const std::vector<RowIndex> order = time_order(raw);
  const std::vector<std::size_t> cuts = period_cuts(raw, order, options);
  const std::size_t num_periods = cuts.size() - 1;
  const auto needed = static_cast<std::size_t>(std::max(min_periods, 1));
  if (num_periods < needed) {
    std::string message = period_rule_name(options) + " gives " + std::to_string(num_periods) +
                          " non-empty period(s) but at least " + std::to_string(needed) +
                          " are needed";
    if (options.period_rule == PeriodRule::kEqualCount && num_periods == 0) {
      message += " (" + std::to_string(n) + " interactions for " +
                 std::to_string(options.num_periods) + " periods)";
    }
    throw DataError(raw.source, 0, message);
  }
  // Kept rows: sorted positions [first_kept, end_kept).
  const std::size_t first_kept = cuts.front();
  const std::size_t end_kept = cuts.back();
  const std::size_t rows_per_kept = implicit ? 2 : 1;
  const std::size_t m = (end_kept - first_kept) * rows_per_kept;
  if (m > std::numeric_limits<RowIndex>::max()) {
    throw DataError(raw.source, 0, "too many samples for 32-bit row indices");
  }

  Stream s;
  s.meta.name = raw.name;
  s.meta.source = raw.source;
  s.meta.labelling = labelling_name(options);
  s.meta.period_rule = period_rule_name(options);
  s.max_history = options.max_history;
  s.sampled_negatives = implicit;
  s.user.resize(m);
  s.item.resize(m);
  s.timestamp.resize(m);
  s.label.resize(m);
  if (!raw.true_probability.empty()) s.true_probability.resize(m);

  // Dense ids in order of first appearance among the kept rows (for implicit logs,
  // among their positives: negatives are drawn from the items that already have ids).
  const auto is_positive = [&](RowIndex r) {
    switch (options.label_rule) {
      case LabelRule::kRatingThreshold:
        return raw.value[r] >= options.rating_threshold;
      case LabelRule::kGivenLabel:
        return raw.value[r] == 1.0f;
      case LabelRule::kImplicitSampled:
        return true;  // every logged row; negatives are added below
    }
    return false;
  };
  DenseIndex users = make_index(raw.user, order, first_kept, end_kept, "user");
  DenseIndex items = make_index(raw.item, order, first_kept, end_kept, "item");
  for (std::size_t pos = first_kept; pos < end_kept; ++pos) {
    const RowIndex r = order[pos];
    const std::size_t out = (pos - first_kept) * rows_per_kept;
    s.user[out] = users.add(raw.user[r], raw.source);
    s.item[out] = items.add(raw.item[r], raw.source);
    s.timestamp[out] = raw.timestamp[r];
    s.label[out] = is_positive(r) ? 1.0f : 0.0f;
    if (!raw.true_probability.empty()) s.true_probability[out] = raw.true_probability[r];
  }
  s.num_users = users.size();
  s.num_items = items.size();

  if (implicit) {
    // One negative right after each positive, with its timestamp: an item the user
    // has not interacted with up to and including that time. Interactions at the same
    // timestamp are all recorded before any of them draws, and dropped rows (older
    // ones, or newer ones sharing the last kept timestamp) still count as
    // interactions when their user and item are in the stream.
    internal::NegativeSampler sampler(s.num_users, s.num_items, options.negative_seed);
    for (std::size_t group = 0; group < end_kept;) {
      const std::int64_t t = raw.timestamp[order[group]];
      std::size_t group_end = group + 1;
      while (group_end < n && raw.timestamp[order[group_end]] == t) ++group_end;
      for (std::size_t pos = group; pos < group_end; ++pos) {
        if (pos >= first_kept && pos < end_kept) {
          const std::size_t out = (pos - first_kept) * 2;
          sampler.mark(s.user[out], s.item[out]);
        } else {
          const std::int32_t u = users.find(raw.user[order[pos]]);
          const std::int32_t i = items.find(raw.item[order[pos]]);
          if (u >= 0 && i >= 0) sampler.mark(u, i);
        }
      }
      for (std::size_t pos = std::max(group, first_kept); pos < std::min(group_end, end_kept);
           ++pos) {
        const std::size_t out = (pos - first_kept) * 2;
        const std::int32_t negative = sampler.sample(s.user[out]);
        if (negative < 0) {
          throw DataError(raw.source, 0,
                          "user " + std::to_string(raw.user[order[pos]]) +
                              " has interacted with all " + std::to_string(s.num_items) +
                              " items by time " + std::to_string(t) +
                              ", so no negative can be sampled");
        }
        s.user[out + 1] = s.user[out];
        s.item[out + 1] = negative;
        s.timestamp[out + 1] = t;
        s.label[out + 1] = 0.0f;
      }
      group = group_end;
    }
  }
  s.raw_user_id = users.take_raw_ids();
  s.raw_item_id = items.take_raw_ids();

  s.period_offset.reserve(cuts.size());
  for (const std::size_t cut : cuts) {
    s.period_offset.push_back(static_cast<RowIndex>((cut - first_kept) * rows_per_kept));
  }
  lay_out_history(s);
  lay_out_categories(raw, s);
  return s;
}

void rebuild_histories(Stream& stream) { lay_out_history(stream); }

}  // namespace crbench
