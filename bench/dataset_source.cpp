// Option values -> loader calls -> Stream.
#include "bench/dataset_source.hpp"

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <sstream>

#include "core/errors.hpp"

namespace crbench {

namespace {

// A check that a text is one of `names`.
std::function<std::string(const std::string&)> one_of(std::initializer_list<const char*> names,
                                                      bool allow_empty = false) {
  std::vector<std::string> known(names.begin(), names.end());
  return [known, allow_empty](const std::string& text) -> std::string {
    if (allow_empty && text.empty()) return "";
    std::string list;
    for (const std::string& k : known) {
      if (k == text) return "";
      list += (list.empty() ? "" : ", ") + k;
    }
    return "is not one of " + list;
  };
}

// A log whose labels all fall in one class leaves every AUC undefined: refuse it
// with what made it so (usually a rating threshold off the rating scale).
void check_both_classes(const RawLog& raw, const StreamOptions& options) {
  if (options.label_rule == LabelRule::kImplicitSampled || raw.value.empty()) return;
  bool positive = false;
  bool negative = false;
  float lowest = raw.value.front();
  float highest = raw.value.front();
  for (const float v : raw.value) {
    const bool is_positive = options.label_rule == LabelRule::kRatingThreshold
                                 ? v >= options.rating_threshold
                                 : v == 1.0f;
    (is_positive ? positive : negative) = true;
    lowest = std::min(lowest, v);
    highest = std::max(highest, v);
  }
  if (positive && negative) return;
  std::ostringstream message;
  message << "every row is labelled " << (positive ? 1 : 0);
  if (options.label_rule == LabelRule::kRatingThreshold) {
    message << ": ratings run from " << lowest << " to " << highest
            << " and the rating threshold is " << options.rating_threshold;
  }
  message << "; with one label class no period can be scored (AUC is undefined)";
  throw DataError(raw.source, 0, message.str());
}

}  // namespace

void DatasetOptions::declare(ParamDecls<DatasetOptions>& d) {
  d.field("dataset", &DatasetOptions::format)
      .check(one_of({"movielens", "csv", "sobazaar", "tmall"}))
      .describe("format: movielens | csv | sobazaar | tmall (see crbench datasets)");
  d.field("labels", &DatasetOptions::labels)
      .check(one_of({"rating", "given", "implicit"}, true))
      .describe("rating | given | implicit (default: by format)");
  // Ratings are MovieLens' 0.5..5 stars or, in a CSV, another scale of at most 10;
  // a threshold outside the log's own scale is caught when the log is labelled.
  d.field("rating-threshold", &DatasetOptions::rating_threshold)
      .range(0, 10)
      .describe("label = rating >= this");
  d.field("periods", &DatasetOptions::periods).range(2, 1e6).describe("equal-count periods");
  d.field("period-unit", &DatasetOptions::period_unit)
      .check(one_of({"count", "day", "week", "month"}))
      .describe("count | day | week | month");
  d.field("drop-leftover", &DatasetOptions::drop_leftover)
      .check(one_of({"newest", "oldest"}))
      .describe(
          "equal-count periods: drop the n mod T newest rows (as the ASMG reference) or the "
          "oldest: newest | oldest");
  d.field("history", &DatasetOptions::history).range(0, 255).describe("positives kept per history");
  d.field("negative-seed", &DatasetOptions::negative_seed)
      .describe("implicit logs: seed of the negative sampler");
  d.field("first-day", &LogFilters::first_day)
      .check([](const std::string& day) { return day_option_problem(day); })
      .describe("keep rows from this UTC day on (YYYY-MM-DD; empty: all)");
  d.field("last-day", &LogFilters::last_day)
      .check([](const std::string& day) { return day_option_problem(day); })
      .describe("keep rows up to this UTC day, included (YYYY-MM-DD; empty: all)");
  d.field("top-users", &LogFilters::top_users)
      .range(0, 1e9)
      .describe("then keep the rows of the N users with most rows (0: all)");
  d.field("min-item-rows", &LogFilters::min_item_rows)
      .range(0, 1e9)
      .describe("then keep the rows of items with at least N rows (0: all)");
}

Stream load_dataset(const DatasetOptions& o, int min_periods) {
  if (o.path.empty()) throw UsageError("--data: no dataset file given");
  declarations_of<DatasetOptions>().validate(o, "");
  StreamOptions so;
  RawLog raw;
  std::string labels = o.labels;
  if (o.format == "tmall") {
    raw = load_tmall(o.path, o);  // filters while reading: the file is large
  } else {
    if (o.format == "movielens") {
      raw = load_movielens(o.path, o.genres);
    } else if (o.format == "sobazaar") {
      raw = load_sobazaar(o.path);
    } else {
      raw = load_interaction_csv(o.path, o.columns);
    }
    apply_log_filters(raw, o);
  }
  if (labels.empty()) {
    if (o.format == "movielens") {
      labels = "rating";
    } else if (o.format == "csv") {
      labels = o.columns.label.empty() ? "implicit" : "given";
    } else {
      labels = "implicit";  // Sobazaar and Tmall log positives only
    }
  }
  if (labels == "rating") {
    so.label_rule = LabelRule::kRatingThreshold;
  } else if (labels == "given") {
    so.label_rule = LabelRule::kGivenLabel;
  } else {
    so.label_rule = LabelRule::kImplicitSampled;
  }
  if ((labels == "rating" || labels == "given") && raw.value.empty())
    throw UsageError("--labels " + labels + ": the file " + o.path + " has no rating/label column");
  so.rating_threshold = o.rating_threshold;
  so.num_periods = o.periods;
  so.leftover = o.drop_leftover == "newest" ? LeftoverRows::kDropNewest : LeftoverRows::kDropOldest;
  if (o.period_unit == "count") {
    so.period_rule = PeriodRule::kEqualCount;
  } else {
    so.period_rule = PeriodRule::kCalendar;
    if (o.period_unit == "day") {
      so.calendar_unit = CalendarUnit::kDay;
    } else if (o.period_unit == "week") {
      so.calendar_unit = CalendarUnit::kWeek;
    } else {
      so.calendar_unit = CalendarUnit::kMonth;
    }
  }
  so.max_history = o.history;
  so.negative_seed = o.negative_seed;
  Stream stream = build_stream(raw, so, min_periods);  // checks given labels, naming the line
  check_both_classes(raw, so);
  return stream;
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
      {"sobazaar",
       "Sobazaar-hashID.csv as distributed (gunzip the .csv.gz first): header "
       "Action,Timestamp,ItemID,UserID, hashed ids, ISO times; every row a positive "
       "whatever its Action, one sampled negative each. Preset: bench/grids/sobazaar.ini."},
      {"tmall",
       "Tmall user_log_format1.csv (data_format1) as distributed: the clicks "
       "(action_type 0), one category per item (cat_id), days as periods; filtered by "
       "--first-day/--last-day, --top-users, --min-item-rows. Preset: bench/grids/tmall.ini."},
  };
}

}  // namespace crbench
