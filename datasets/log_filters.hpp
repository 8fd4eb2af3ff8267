// The row filters a paper's preparation applies to a log before it becomes a
// stream: a calendar range, the most active users, items with enough rows
// (docs/reproduction.md lists which preset uses which, and why).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "datasets/raw_log.hpp"

namespace crbench {

struct LogFilters {
  // Keep rows whose UTC day is in [first_day, last_day] ("YYYY-MM-DD"; empty: no bound).
  std::string first_day;
  std::string last_day;
  // Then keep the rows of the `top_users` users with the most rows (0: all); ties at
  // the cut go to the smaller raw user id.
  int top_users = 0;
  // Then keep the rows of items with at least `min_item_rows` of the rows left (0: all).
  // Applied once, after the user filter, so an item may end with fewer rows once
  // later steps drop nothing more: this is the order of the reference preparation.
  int min_item_rows = 0;

  bool active() const {
    return !first_day.empty() || !last_day.empty() || top_users > 0 || min_item_rows > 0;
  }
};

// Applies `filters` in the order above. Every per-row column of `log` (and `extra`,
// a per-row column a loader keeps beside the log, when given) shrinks together and
// the rows keep their file lines for later messages. Throws DataError naming the
// file when no row is left, and UsageError for a day that is not a date.
void apply_log_filters(RawLog& log, const LogFilters& filters,
                       std::vector<std::int32_t>* extra = nullptr);

// The days kept by filters.first_day and last_day, as days since 1970-01-01
// (an empty bound is far in the past or future). UsageError naming the option when
// a bound is not a day or the range is empty.
struct DayRange {
  std::int64_t first = 0;
  std::int64_t last = 0;
};
DayRange day_range(const LogFilters& filters);

// "" when `text` is empty or a valid "YYYY-MM-DD" day, else what is wrong with it:
// the check of the --first-day and --last-day options.
std::string day_option_problem(const std::string& text);

}  // namespace crbench
