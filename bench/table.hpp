// A table of typed cells written as CSV (RFC 4180) or as JSON records (an array
// of objects, one per row: `pandas.read_json(path)` reads it with integer,
// float and string columns and no custom parsing). The leaderboard's tables are
// built once as a Table and written in every format from it.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace crbench {

// Empty (a value that does not exist), a whole number, a real number (NaN is
// written as empty / null) or text.
using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;  // each as long as `columns`

  // Appends a row; throws std::logic_error when its length is not the columns'.
  void add(std::vector<Cell> row);
  std::string csv() const;   // header line, then one line per row
  std::string json() const;  // [{"column": value, ...}, ...], one row per line
};

// A whole-number cell.
inline Cell whole(std::int64_t v) { return v; }
inline Cell whole(std::size_t v) { return static_cast<std::int64_t>(v); }
inline Cell whole(int v) { return static_cast<std::int64_t>(v); }

}  // namespace crbench
