// A log as read from disk, before labelling, period splitting and re-indexing:
// what every loader produces and what build_stream consumes.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace crbench {

struct RawLog {
  std::string name;    // dataset name, e.g. "ml-latest-small"
  std::string source;  // the file(s) it came from, for messages and metadata
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
