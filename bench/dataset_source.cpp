// Option values -> loader calls -> Stream.
#include "bench/dataset_source.hpp"

#include "core/errors.hpp"

namespace crbench {

Stream load_dataset(const DatasetOptions& o, int min_periods) {
  if (o.path.empty()) throw UsageError("--data: no dataset file given");
  StreamOptions so;
  RawLog raw;
  std::string labels = o.labels;
  if (o.format == "movielens") {
    raw = load_movielens(o.path, o.genres);
    if (labels.empty()) labels = "rating";
  } else if (o.format == "csv") {
    raw = load_interaction_csv(o.path, o.columns);
    if (labels.empty()) labels = o.columns.label.empty() ? "implicit" : "given";
  } else {
    throw UsageError("--dataset: unknown format '" + o.format + "' (known: movielens, csv)");
  }
  if (labels == "rating") {
    so.label_rule = LabelRule::kRatingThreshold;
  } else if (labels == "given") {
    so.label_rule = LabelRule::kGivenLabel;
  } else if (labels == "implicit") {
    so.label_rule = LabelRule::kImplicitSampled;
  } else {
    throw UsageError("--labels: unknown rule '" + labels + "' (known: rating, given, implicit)");
  }
  if ((labels == "rating" || labels == "given") && raw.value.empty())
    throw UsageError("--labels " + labels + ": the file " + o.path + " has no rating/label column");
  so.rating_threshold = o.rating_threshold;
  if (o.periods < 2) throw UsageError("--periods must be at least 2");
  so.num_periods = o.periods;
  if (o.drop_leftover == "newest") {
    so.leftover = LeftoverRows::kDropNewest;
  } else if (o.drop_leftover == "oldest") {
    so.leftover = LeftoverRows::kDropOldest;
  } else {
    throw UsageError("--drop-leftover: unknown choice '" + o.drop_leftover +
                     "' (known: newest, oldest)");
  }
  if (o.period_unit == "count") {
    so.period_rule = PeriodRule::kEqualCount;
  } else {
    so.period_rule = PeriodRule::kCalendar;
    if (o.period_unit == "day") {
      so.calendar_unit = CalendarUnit::kDay;
    } else if (o.period_unit == "week") {
      so.calendar_unit = CalendarUnit::kWeek;
    } else if (o.period_unit == "month") {
      so.calendar_unit = CalendarUnit::kMonth;
    } else {
      throw UsageError("--period-unit: unknown unit '" + o.period_unit +
                       "' (known: count, day, week, month)");
    }
  }
  if (o.history < 0 || o.history > 255) throw UsageError("--history must be in [0, 255]");
  so.max_history = o.history;
  so.negative_seed = o.negative_seed;
  return build_stream(raw, so, min_periods);
}

std::vector<DatasetFormatInfo> dataset_formats() {
  return {
      {"movielens",
       "MovieLens ratings in any public format (u.data, ratings.dat, ratings.csv) with "
       "--genres (u.item, movies.dat, movies.csv) as multi-valued categories; labels = "
       "rating >= 4. Bundled: ../shared/datasets/ml-latest-small (settings chosen on its "
       "pre-training periods: bench/grids/default.ini)."},
      {"csv",
       "a generic interaction CSV with a header; --user-col, --item-col, --time-col, "
       "optional --label-col (0/1 or ratings) and --category-col (values split by '|'); "
       "without labels every row is a positive and gets one sampled negative "
       "(Sobazaar/Tmall-style logs)."},
  };
}

}  // namespace crbench
