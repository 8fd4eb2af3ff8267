// Implementation of the row filters in log_filters.hpp.
#include "datasets/log_filters.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "core/errors.hpp"
#include "core/quoting.hpp"
#include "datasets/civil_date.hpp"

namespace crbench {
namespace {

template <class T>
void compact(std::vector<T>& column, const std::vector<char>& keep) {
  if (column.empty()) return;
  std::size_t out = 0;
  for (std::size_t r = 0; r < keep.size(); ++r) {
    if (keep[r]) column[out++] = column[r];
  }
  column.resize(out);
  column.shrink_to_fit();
}

// Keeps the rows marked in `keep`, in order, with their file lines.
void keep_rows(RawLog& log, const std::vector<char>& keep, std::vector<std::int32_t>* extra,
               const std::string& step) {
  RowLines lines;
  std::size_t out = 0;
  for (std::size_t r = 0; r < keep.size(); ++r) {
    if (!keep[r]) continue;
    if (const std::size_t line = log.lines.line_of(r); line != 0) lines.note(out, line);
    ++out;
  }
  if (out == 0) throw DataError(log.source, 0, "no row is left after " + step);
  log.lines = std::move(lines);
  compact(log.user, keep);
  compact(log.item, keep);
  compact(log.timestamp, keep);
  compact(log.value, keep);
  compact(log.true_probability, keep);
  if (extra != nullptr) compact(*extra, keep);
}

void keep_day_range(RawLog& log, const LogFilters& f, std::vector<std::int32_t>* extra) {
  const DayRange days = day_range(f);
  // Rows are kept when first_day 00:00:00 <= t < (last_day + 1) 00:00:00, UTC.
  const std::int64_t begin = days.first * kSecondsPerDay;
  const std::int64_t end = (days.last + 1) * kSecondsPerDay;
  std::vector<char> keep(log.timestamp.size());
  for (std::size_t r = 0; r < keep.size(); ++r) {
    keep[r] = log.timestamp[r] >= begin && log.timestamp[r] < end;
  }
  keep_rows(log, keep, extra,
            "keeping the days " + (f.first_day.empty() ? "..." : f.first_day) + " to " +
                (f.last_day.empty() ? "..." : f.last_day));
}

void keep_top_users(RawLog& log, int top, std::vector<std::int32_t>* extra) {
  std::unordered_map<std::int64_t, std::int64_t> rows_of;
  for (const std::int64_t u : log.user) ++rows_of[u];
  if (rows_of.size() <= static_cast<std::size_t>(top)) return;
  std::vector<std::pair<std::int64_t, std::int64_t>> ranked(rows_of.begin(), rows_of.end());
  // Most rows first; the smaller id first among equals, so that the cut is a
  // function of the log alone.
  std::nth_element(ranked.begin(), ranked.begin() + top, ranked.end(),
                   [](const auto& a, const auto& b) {
                     return a.second != b.second ? a.second > b.second : a.first < b.first;
                   });
  std::unordered_map<std::int64_t, std::int64_t> kept;
  for (auto it = ranked.begin(); it != ranked.begin() + top; ++it) kept.insert(*it);
  std::vector<char> keep(log.user.size());
  for (std::size_t r = 0; r < keep.size(); ++r) keep[r] = kept.count(log.user[r]) != 0;
  keep_rows(log, keep, extra, "keeping the " + std::to_string(top) + " most active users");
}

void keep_frequent_items(RawLog& log, int min_rows, std::vector<std::int32_t>* extra) {
  std::unordered_map<std::int64_t, std::int64_t> rows_of;
  for (const std::int64_t i : log.item) ++rows_of[i];
  std::vector<char> keep(log.item.size());
  for (std::size_t r = 0; r < keep.size(); ++r) keep[r] = rows_of[log.item[r]] >= min_rows;
  keep_rows(log, keep, extra,
            "keeping the items with at least " + std::to_string(min_rows) + " rows");
}

}  // namespace

void apply_log_filters(RawLog& log, const LogFilters& filters, std::vector<std::int32_t>* extra) {
  if (!filters.first_day.empty() || !filters.last_day.empty()) keep_day_range(log, filters, extra);
  if (filters.top_users > 0) keep_top_users(log, filters.top_users, extra);
  if (filters.min_item_rows > 0) keep_frequent_items(log, filters.min_item_rows, extra);
}

namespace {

std::int64_t day_option(const std::string& text, std::int64_t fallback, const char* option) {
  if (text.empty()) return fallback;
  std::int64_t day = 0;
  if (std::string problem = parse_iso_day(text, day); !problem.empty()) {
    throw UsageError(std::string(option) + "=" + quoted_text(text) + " " + problem);
  }
  return day;
}

}  // namespace

DayRange day_range(const LogFilters& f) {
  // 2^40 days either side of 1970: beyond any timestamp, and no overflow in seconds.
  constexpr std::int64_t kFar = std::int64_t{1} << 40;
  DayRange range{day_option(f.first_day, -kFar, "--first-day"),
                 day_option(f.last_day, kFar, "--last-day")};
  if (range.first > range.last) {
    throw UsageError("--first-day=" + f.first_day + " is after --last-day=" + f.last_day);
  }
  return range;
}

std::string day_option_problem(const std::string& text) {
  if (text.empty()) return "";
  std::int64_t day = 0;
  return parse_iso_day(text, day);
}

}  // namespace crbench
