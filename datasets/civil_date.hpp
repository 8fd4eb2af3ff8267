// Calendar dates written as text (2014-10-31, 2014-09-01T13:05:59.123Z) to Unix
// time and back, in the proleptic Gregorian calendar and UTC. Integer arithmetic
// only, so that the result never depends on the C library's time zone or locale.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace crbench {

inline constexpr std::int64_t kSecondsPerDay = 86400;

// Days since 1970-01-01 of a valid date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t year, int month, int day);

// Days in `month` (1..12) of `year`.
int days_in_month(std::int64_t year, int month);

// "YYYY-MM-DD" -> days since 1970-01-01. Returns "" on success, else what is
// wrong with the text (not a date, or a day the month does not have).
std::string parse_iso_day(std::string_view text, std::int64_t& days);

// "YYYY-MM-DDTHH:MM:SS", optionally followed by a fraction of a second (".123",
// dropped: whole seconds are kept, as a truncation) and a "Z", read as UTC ->
// Unix seconds. Returns "" on success, else what is wrong with the text.
std::string parse_iso_datetime(std::string_view text, std::int64_t& seconds);

}  // namespace crbench
