// The text forms and checks of declared parameter types.
#include "core/params.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "core/errors.hpp"
#include "core/suggest.hpp"

namespace crbench {

std::string format_number(double v) {
  std::ostringstream out;
  out.precision(10);
  out << v;
  return out.str();
}

namespace params_detail {

void throw_usage(const std::string& owner, const std::string& what) {
  // Without an owner the parameter is a command-line option: "--batch-size=0 ...".
  throw UsageError(owner.empty() ? "--" + what : owner + ": " + what);
}

void throw_unknown(const std::string& owner, const std::string& key,
                   const std::vector<std::string>& known) {
  std::string list;
  for (const std::string& name : known) list += (list.empty() ? "" : ", ") + name;
  throw UsageError((owner.empty() ? "there is" : owner + " has") + " no parameter '" +
                   excerpt(key) + "'" + did_you_mean(key, known) + " (" +
                   (owner.empty() ? "known" : "it has") + ": " + (list.empty() ? "none" : list) +
                   ")");
}

std::string NumericRule::check(double value) const {
  if (has_range && !(value >= lower && value <= upper)) return "is out of range" + range_text();
  return "";
}

std::string NumericRule::range_text() const {
  return has_range ? " [" + format_number(lower) + ", " + format_number(upper) + "]" : "";
}

std::string parse_real(const std::string& text, const NumericRule& rule, double& out) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v)) return "is not a number";
  out = v;
  return rule.check(v);
}

// strtof, not strtod then a cast: that is how the option parser read floats
// before, and rounding twice could differ from it in the last bit.
std::string parse_float(const std::string& text, const NumericRule& rule, float& out) {
  char* end = nullptr;
  const float v = std::strtof(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v)) return "is not a number";
  out = v;
  return rule.check(v);
}

std::string parse_whole(const std::string& text, const NumericRule& rule, int& out) {
  double v = 0.0;
  std::string problem = parse_real(text, rule, v);
  if (!problem.empty()) return problem;
  if (v != std::floor(v) || std::abs(v) > 2147483647.0) return "is not a whole number";
  out = static_cast<int>(v);
  return "";
}

std::string parse_flag(const std::string& text, bool& out) {
  double v = 0.0;
  const std::string problem = parse_real(text, NumericRule{}, v);
  if (!problem.empty()) return problem;
  if (v != 0.0 && v != 1.0) return "is not 0 or 1";
  out = v == 1.0;
  return "";
}

std::string parse_seed(const std::string& text, std::uint64_t& out) {
  // from_chars reads no sign, so "-1" is refused rather than wrapped to 2^64 - 1.
  std::uint64_t v = 0;
  const char* const end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end)
    return "is not a non-negative whole number (at most 18446744073709551615)";
  out = v;
  return "";
}

std::string parse_widths(const std::string& text, const NumericRule& rule, std::vector<int>& out) {
  std::vector<int> widths;
  std::size_t begin = 0;
  while (true) {
    const std::size_t dash = text.find('-', begin);
    const std::string part = text.substr(begin, dash == std::string::npos ? dash : dash - begin);
    int w = 0;
    if (part.empty() || !parse_whole(part, NumericRule{}, w).empty())
      return "is not widths such as 20-10";
    const std::string problem = rule.check(w);
    if (!problem.empty()) return "has a width that " + problem;
    widths.push_back(w);
    if (dash == std::string::npos) break;
    begin = dash + 1;
  }
  out = std::move(widths);
  return "";
}

std::string print_float(float value) {
  // The fewest significant digits that read back as the same float.
  char buf[32];
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(value));
    if (std::strtof(buf, nullptr) == value) break;
  }
  return buf;
}

std::string print_widths(const std::vector<int>& widths) {
  std::string out;
  for (const int w : widths) out += (out.empty() ? "" : "-") + std::to_string(w);
  return out;
}

}  // namespace params_detail

}  // namespace crbench
