// load_tmall: Tmall's user_log_format1.csv as distributed, prepared as the ASMG
// reference prepares it (clicks, a day range, the most active users, items with
// enough clicks), with every field checked on the way.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/errors.hpp"
#include "core/quoting.hpp"
#include "datasets/civil_date.hpp"
#include "datasets/field_parsing.hpp"
#include "datasets/loaders.hpp"
#include "datasets/text_file.hpp"

namespace crbench {
namespace {

using internal::TextFile;

// The release holds one year of logs and writes only month and day.
constexpr int kTmallYear = 2014;
constexpr std::int64_t kClick = 0;

std::int64_t whole_field(std::string_view field, const char* column, std::int64_t max,
                         const TextFile& file) {
  std::int64_t value = 0;
  if (!internal::parse_int64(field, value) || value < 0 || value > max) {
    file.fail(std::string(column) + " " + quoted_text(internal::trim(field)) +
              " is not a whole number in [0, " + std::to_string(max) + "]");
  }
  return value;
}

// time_stamp MMDD (e.g. 1011 = 11 October) -> days since 1970-01-01.
std::int64_t day_of(std::string_view field, const TextFile& file) {
  std::int64_t mmdd = 0;
  if (!internal::parse_int64(field, mmdd) || mmdd < 101 || mmdd > 1231) {
    file.fail("time_stamp " + quoted_text(internal::trim(field)) +
              " is not a day MMDD of the year (101 .. 1231)");
  }
  const auto month = static_cast<int>(mmdd / 100);
  const auto day = static_cast<int>(mmdd % 100);
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(kTmallYear, month)) {
    file.fail("time_stamp " + std::to_string(mmdd) + " is not a day of " +
              std::to_string(kTmallYear) + " (MMDD)");
  }
  return days_from_civil(kTmallYear, month, day);
}

// Each item's one category: the cat_id of its first row, the ids numbered in
// increasing raw cat_id over the categories of the rows kept (as the reference's
// category map).
void assign_categories(RawLog& log, const std::vector<std::int32_t>& row_category) {
  std::map<std::int32_t, std::int32_t> dense;  // raw cat_id -> id, in increasing raw id
  for (const std::int32_t c : row_category) dense.emplace(c, 0);
  std::int32_t next = 0;
  for (auto& [raw, id] : dense) {
    id = next++;
    log.category_names.push_back(std::to_string(raw));
  }
  for (std::size_t r = 0; r < log.item.size(); ++r) {
    log.item_categories.try_emplace(log.item[r],
                                    std::vector<std::int32_t>{dense.at(row_category[r])});
  }
}

}  // namespace

RawLog load_tmall(const std::string& path, const LogFilters& filters) {
  RawLog log;
  log.name = std::filesystem::path(path).stem().string();
  log.source = path;
  log.rows_path = path;
  // Days are checked on read, before anything is stored: the release spans half a
  // year and most of it is filtered out.
  const DayRange days = day_range(filters);

  TextFile file(path);
  char* header_text = file.next_line();
  if (header_text == nullptr) throw DataError(path, 0, "empty file: no header row");
  std::vector<std::string_view> fields;
  if (!internal::split_quoted_fields(header_text, ',', fields))
    file.fail("malformed header: unbalanced double quotes");
  const std::size_t num_fields = fields.size();
  const std::size_t user_col = internal::find_column(fields, "user_id", file);
  const std::size_t item_col = internal::find_column(fields, "item_id", file);
  const std::size_t cat_col = internal::find_column(fields, "cat_id", file);
  const std::size_t time_col = internal::find_column(fields, "time_stamp", file);
  const std::size_t action_col = internal::find_column(fields, "action_type", file);

  std::vector<std::int32_t> row_category;
  constexpr std::int64_t kMaxId = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kMaxCategory = std::numeric_limits<std::int32_t>::max();
  while (char* text = file.next_line()) {
    if (!internal::split_quoted_fields(text, ',', fields))
      file.fail("malformed line: unbalanced double quotes");
    if (fields.size() != num_fields) {
      file.fail("malformed line: expected " + std::to_string(num_fields) +
                " fields as in the header, found " + std::to_string(fields.size()));
    }
    // Every row is checked, the ones filtered out too: a corrupt file is refused
    // whichever part of it a preset reads.
    const std::int64_t user = whole_field(fields[user_col], "user_id", kMaxId, file);
    const std::int64_t item = whole_field(fields[item_col], "item_id", kMaxId, file);
    const std::int64_t category = whole_field(fields[cat_col], "cat_id", kMaxCategory, file);
    const std::int64_t day = day_of(fields[time_col], file);
    const std::int64_t action = whole_field(fields[action_col], "action_type", 3, file);
    if (action != kClick || day < days.first || day > days.last) continue;
    log.lines.note(log.user.size(), file.line());
    log.user.push_back(user);
    log.item.push_back(item);
    log.timestamp.push_back(day * kSecondsPerDay);
    row_category.push_back(static_cast<std::int32_t>(category));
  }
  if (log.user.empty()) {
    throw DataError(path, 0,
                    "no click (action_type 0) in the days " +
                        (filters.first_day.empty() ? "..." : filters.first_day) + " to " +
                        (filters.last_day.empty() ? "..." : filters.last_day));
  }
  LogFilters rest = filters;
  rest.first_day.clear();
  rest.last_day.clear();
  apply_log_filters(log, rest, &row_category);
  assign_categories(log, row_category);
  return log;
}

}  // namespace crbench
