// A log as read from disk, before labelling, period splitting and re-indexing:
// what every loader produces and what build_stream consumes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace crbench {

// The file line of each row, for messages about a row found wrong after loading
// (a given label that is not 0 or 1). Rows are numbered in file order and lines
// run on with them except after skipped lines (a header, blank lines), so only
// the (row, line) pairs where a run starts are kept: a few entries per file.
class RowLines {
 public:
  // Row `row` (the next one, in order) was read from line `line`.
  void note(std::size_t row, std::size_t line) {
    if (runs_.empty() || runs_.back().second + (row - runs_.back().first) != line)
      runs_.emplace_back(row, line);
  }
  // The line of `row`, or 0 when no line was noted (a log built in memory).
  std::size_t line_of(std::size_t row) const {
    const auto after =
        std::upper_bound(runs_.begin(), runs_.end(), row,
                         [](std::size_t r, const auto& run) { return r < run.first; });
    if (after == runs_.begin()) return 0;
    const auto& run = *(after - 1);
    return run.second + (row - run.first);
  }

 private:
  std::vector<std::pair<std::size_t, std::size_t>> runs_;
};

struct RawLog {
  std::string name;    // dataset name, e.g. "ml-latest-small"
  std::string source;  // the file(s) it came from, for messages and metadata
  // The file the rows (and their lines) come from; empty for logs built in memory.
  std::string rows_path;
  RowLines lines;
  // One entry per interaction, in file order.
  std::vector<std::int64_t> user;
  std::vector<std::int64_t> item;
  std::vector<std::int64_t> timestamp;  // Unix seconds
  // Rating (explicit logs) or 0/1 label (logs with labels); empty for implicit logs
  // where every row is a positive.
  std::vector<float> value;
  // Ground-truth click probability per row (simulated logs only), else empty.
  std::vector<float> true_probability;
  // Raw item id -> its category ids (dense, in [0, category_names.size())).
  std::unordered_map<std::int64_t, std::vector<std::int32_t>> item_categories;
  std::vector<std::string> category_names;
};

}  // namespace crbench
