// Implementation of the date parsing in civil_date.hpp.
#include "datasets/civil_date.hpp"

#include <charconv>

namespace crbench {
namespace {

// Exactly `width` decimal digits at text[pos, pos + width) -> value.
bool digits(std::string_view text, std::size_t pos, std::size_t width, int& value) {
  if (pos + width > text.size()) return false;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + width, value);
  return ec == std::errc() && ptr == text.data() + pos + width;
}

bool is_leap(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// The date part shared by both forms: text[0, 10) = YYYY-MM-DD.
std::string parse_date_part(std::string_view text, std::int64_t& days) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() < 10 || !digits(text, 0, 4, year) || text[4] != '-' ||
      !digits(text, 5, 2, month) || text[7] != '-' || !digits(text, 8, 2, day)) {
    return "is not a date YYYY-MM-DD";
  }
  if (month < 1 || month > 12) return "has month " + std::to_string(month) + " (not 1..12)";
  if (day < 1 || day > days_in_month(year, month)) {
    return "has day " + std::to_string(day) + ", which month " + std::to_string(month) + " of " +
           std::to_string(year) + " does not have";
  }
  days = days_from_civil(year, month, day);
  return "";
}

}  // namespace

std::int64_t days_from_civil(std::int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t year_of_era = year - era * 400;
  const std::int64_t shifted_month = month > 2 ? month - 3 : month + 9;  // 0 = March
  const std::int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int days_in_month(std::int64_t year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return kDays[month - 1];
}

std::string parse_iso_day(std::string_view text, std::int64_t& days) {
  if (text.size() != 10) return "is not a date YYYY-MM-DD";
  return parse_date_part(text, days);
}

std::string parse_iso_datetime(std::string_view text, std::int64_t& seconds) {
  std::int64_t days = 0;
  if (std::string problem = parse_date_part(text, days); !problem.empty()) {
    return problem.rfind("is not", 0) == 0 ? "is not a time YYYY-MM-DDTHH:MM:SS" : problem;
  }
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (text.size() < 19 || text[10] != 'T' || !digits(text, 11, 2, hour) || text[13] != ':' ||
      !digits(text, 14, 2, minute) || text[16] != ':' || !digits(text, 17, 2, second)) {
    return "is not a time YYYY-MM-DDTHH:MM:SS";
  }
  if (hour > 23 || minute > 59 || second > 59) return "has a time of day past 23:59:59";
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t first_digit = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == first_digit) return "has a '.' without the digits of a fraction of a second";
  }
  if (pos < text.size() && text[pos] == 'Z') ++pos;
  if (pos != text.size()) {
    return "has text after the time (only a fraction of a second and a 'Z' for UTC may follow)";
  }
  seconds = days * kSecondsPerDay + hour * 3600 + minute * 60 + second;
  return "";
}

}  // namespace crbench
