// Which UTC calendar day, ISO week or month a Unix timestamp falls in, as a number
// that increases with time: the key of PeriodRule::kCalendar. Private to datasets/.
#pragma once

#include <cstdint>

#include "datasets/stream_builder.hpp"

namespace crbench::internal {

// Consecutive integers for consecutive units: days since 1970-01-01, weeks (Monday to
// Sunday) since the week of 1969-12-29, months since January of year 0.
std::int64_t calendar_unit_index(std::int64_t unix_seconds, CalendarUnit unit);

}  // namespace crbench::internal
