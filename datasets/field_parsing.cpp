// Implementation of the line splitting and strict number parsing in field_parsing.hpp.
#include "datasets/field_parsing.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

namespace crbench::internal {

void split_fields(std::string_view line, std::string_view separator,
                  std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t begin = 0;
  for (;;) {
    const std::size_t end = line.find(separator, begin);
    if (end == std::string_view::npos) {
      fields.push_back(line.substr(begin));
      return;
    }
    fields.push_back(line.substr(begin, end - begin));
    begin = end + separator.size();
  }
}

bool split_quoted_fields(char* line, char separator, std::vector<std::string_view>& fields) {
  fields.clear();
  char* p = line;
  for (;;) {
    char* begin = p;
    // Blanks before an opening quote are allowed (unless a blank is the separator).
    while ((*p == ' ' || *p == '\t') && *p != separator) ++p;
    if (*p == '"') {
      // Quoted field: copy it down over its own quotes, collapsing "" to ".
      ++p;
      char* out = p;
      char* const start = p;
      for (;;) {
        if (*p == '\0') return false;
        if (*p == '"') {
          if (p[1] == '"') {
            *out++ = '"';
            p += 2;
            continue;
          }
          ++p;
          break;
        }
        *out++ = *p++;
      }
      while ((*p == ' ' || *p == '\t' || *p == '\r') && *p != separator) ++p;
      if (*p != separator && *p != '\0') return false;
      fields.emplace_back(start, static_cast<std::size_t>(out - start));
    } else {
      while (*p != separator && *p != '\0') ++p;
      fields.emplace_back(begin, static_cast<std::size_t>(p - begin));
    }
    if (*p == '\0') return true;
    ++p;  // past the separator
  }
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kBlanks = " \t\r";
  const std::size_t begin = text.find_first_not_of(kBlanks);
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find_last_not_of(kBlanks);
  return text.substr(begin, end - begin + 1);
}

bool parse_int64(std::string_view field, std::int64_t& value) {
  field = trim(field);
  if (field.empty()) return false;
  const char* const end = field.data() + field.size();
  const auto [ptr, ec] = std::from_chars(field.data(), end, value);
  return ec == std::errc() && ptr == end;
}

bool parse_float(std::string_view field, float& value) {
  field = trim(field);
  if (field.empty()) return false;
  const char* const end = field.data() + field.size();
  const auto [ptr, ec] = std::from_chars(field.data(), end, value, std::chars_format::general);
  return ec == std::errc() && ptr == end && std::isfinite(value);
}

std::string timestamp_problem(std::int64_t seconds) {
  if (seconds >= 0 && seconds < kEndOfTimestamps) return "";
  std::string problem = "timestamp " + std::to_string(seconds) +
                        " is outside 1970-01-01 .. 2100-01-01 (Unix seconds)";
  if (seconds >= kEndOfTimestamps && seconds / 1000 < kEndOfTimestamps)
    problem += "; milliseconds? timestamps are read as seconds";
  return problem;
}

}  // namespace crbench::internal
