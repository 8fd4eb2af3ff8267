// A JSON value built in code and written as text: what the leaderboard's
// machine-readable files (leaderboard.json, per_period.json, settings.json) are
// made of. Numbers that are not finite (a spread of one seed, a test not run)
// are written as null, as pandas and every JSON reader expect.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace crbench {

class Json {
 public:
  Json() = default;  // null
  Json(double v) : kind_(Kind::kNumber), number_(v) {}
  Json(std::int64_t v) : kind_(Kind::kInteger), integer_(v) {}
  Json(int v) : Json(static_cast<std::int64_t>(v)) {}
  Json(std::size_t v) : Json(static_cast<std::int64_t>(v)) {}
  Json(bool v) : kind_(Kind::kBool), integer_(v ? 1 : 0) {}
  Json(std::string v) : kind_(Kind::kString), text_(std::move(v)) {}
  Json(const char* v) : Json(std::string(v)) {}
  static Json array() { return Json(Kind::kArray); }
  static Json object() { return Json(Kind::kObject); }
  // Appends to an array.
  Json& push(Json value);
  // Sets a key of an object; keys keep the order they were first set in.
  Json& set(const std::string& key, Json value);

  // Compact with one line per element of the outermost array or object (diffs
  // of committed files stay readable), or all on one line.
  std::string dump(bool one_line = false) const;

 private:
  enum class Kind { kNull, kNumber, kInteger, kBool, kString, kArray, kObject };
  explicit Json(Kind kind) : kind_(kind) {}
  void write(std::string& out) const;
  Kind kind_ = Kind::kNull;
  double number_ = 0.0;
  std::int64_t integer_ = 0;
  std::string text_;
  std::vector<Json> items_;
  std::vector<std::pair<std::string, Json>> members_;
};

// A JSON string literal, quotes and escapes included.
std::string json_quote(const std::string& text);

}  // namespace crbench
