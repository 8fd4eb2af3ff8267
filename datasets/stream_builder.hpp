// Turns a RawLog into a Stream: labels, time order, periods, dense ids, the
// per-sample history of earlier positives, and (for implicit logs) seeded negatives.
#pragma once

#include <cstdint>
#include <string>

#include "datasets/raw_log.hpp"
#include "datasets/stream.hpp"

namespace crbench {

enum class LabelRule {
  kRatingThreshold,  // label = value >= rating_threshold, no sampling (explicit ratings)
  kGivenLabel,       // value is already 0/1
  kImplicitSampled,  // every row a positive; one sampled negative per positive
};

enum class PeriodRule {
  kEqualCount,  // num_periods chunks of equal size by time; n mod T leftover rows dropped
  kCalendar,    // one period per calendar unit (day, week, month) of UTC time
};

enum class CalendarUnit { kDay, kWeek, kMonth };

// Which n mod T rows equal-count periods drop. The ASMG reference drops the
// newest (its period T + 1, "delete last extra period"); dropping the oldest
// keeps the recent end of the log intact instead.
enum class LeftoverRows { kDropNewest, kDropOldest };

struct StreamOptions {
  LabelRule label_rule = LabelRule::kRatingThreshold;
  float rating_threshold = 4.0f;
  PeriodRule period_rule = PeriodRule::kEqualCount;
  int num_periods = 31;
  LeftoverRows leftover = LeftoverRows::kDropNewest;  // equal-count only
  CalendarUnit calendar_unit = CalendarUnit::kWeek;
  int max_history = 30;             // positives kept per sample history (<= 255)
  std::uint64_t negative_seed = 1;  // implicit logs: seed of the negative sampler
};

// Throws DataError (naming raw.source) on an empty log or when fewer than
// min_periods periods result.
Stream build_stream(const RawLog& raw, const StreamOptions& options, int min_periods = 2);

// Lays out every sample's history again from the stream's labels, as build_stream
// does (the positives strictly before each sample): for tests that change labels
// and need the histories that follow from them.
void rebuild_histories(Stream& stream);

}  // namespace crbench
