// Implementation of calendar_unit_index (see calendar_period.hpp). Written out with
// integer arithmetic rather than <chrono> time zones so that it is exact for any
// int64 input and independent of the C library's locale and tz database.
#include "datasets/calendar_period.hpp"

namespace crbench::internal {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// Division rounding towards minus infinity, so that times before 1970 fall in the
// right unit too.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Year and month (1..12) of a day count since 1970-01-01 in the proleptic Gregorian
// calendar (H. Hinnant's civil_from_days).
void civil_from_days(std::int64_t days, std::int64_t& year, std::int64_t& month) {
  days += 719468;  // shift the epoch to 0000-03-01
  const std::int64_t era = floor_div(days, 146097);
  const std::int64_t day_of_era = days - era * 146097;
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const std::int64_t shifted_month = (5 * day_of_year + 2) / 153;  // 0 = March
  month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
}

}  // namespace

std::int64_t calendar_unit_index(std::int64_t unix_seconds, CalendarUnit unit) {
  const std::int64_t day = floor_div(unix_seconds, kSecondsPerDay);
  switch (unit) {
    case CalendarUnit::kDay:
      return day;
    case CalendarUnit::kWeek:
      // Day 0 (1970-01-01) was a Thursday, three days after a Monday.
      return floor_div(day + 3, 7);
    case CalendarUnit::kMonth: {
      std::int64_t year = 0;
      std::int64_t month = 0;
      civil_from_days(day, year, month);
      return year * 12 + (month - 1);
    }
  }
  return day;
}

}  // namespace crbench::internal
