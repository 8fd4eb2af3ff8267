// Splitting a text line into fields and strict parsing of numeric fields, shared by
// the loaders. Strict means the whole field (after trimming blanks) must be the
// number: "", "4x" and "nan" are rejected rather than read as 0. Private to datasets/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crbench::internal {

// Splits `line` on every occurrence of `separator` (one or more characters) into
// `fields`, which is cleared first and reused so that no allocation happens per line.
void split_fields(std::string_view line, std::string_view separator,
                  std::vector<std::string_view>& fields);

// Splits one CSV line on `separator`, honouring double-quoted fields ("a,b" is one
// field, "" inside quotes is a literal quote). Quoted fields are unescaped in place,
// which is why `line` must be writable. Returns false on an unclosed quote or text
// after a closing quote.
bool split_quoted_fields(char* line, char separator, std::vector<std::string_view>& fields);

// Removes leading and trailing spaces, tabs and carriage returns.
std::string_view trim(std::string_view text);

// Whole-field parses; false when the trimmed field is not exactly one such number.
bool parse_int64(std::string_view field, std::int64_t& value);
bool parse_float(std::string_view field, float& value);  // finite values only

// Timestamps are Unix seconds from 1970-01-01 up to (not including) 2100-01-01 UTC;
// anything else is a corrupt field or another unit (milliseconds). Returns "" for
// a timestamp in that range, else what is wrong with it.
inline constexpr std::int64_t kEndOfTimestamps = 4102444800;  // 2100-01-01T00:00:00Z
std::string timestamp_problem(std::int64_t seconds);

}  // namespace crbench::internal
