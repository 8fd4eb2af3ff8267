// Implementation of DenseIndex (see dense_index.hpp).
#include "datasets/dense_index.hpp"

#include <limits>

#include "core/errors.hpp"

namespace crbench::internal {

DenseIndex::DenseIndex(std::int64_t min_id, std::int64_t max_id, std::size_t expected_adds,
                       std::string what)
    : what_(std::move(what)), min_id_(min_id) {
  // Unsigned difference: max_id - min_id may overflow int64 for ids spread over the
  // whole range, and such logs simply take the hash map.
  const std::uint64_t span =
      static_cast<std::uint64_t>(max_id) - static_cast<std::uint64_t>(min_id);
  const std::uint64_t table_limit = 4 * static_cast<std::uint64_t>(expected_adds) + 4096;
  use_table_ = min_id <= max_id && span < table_limit;
  if (use_table_) {
    table_.assign(static_cast<std::size_t>(span) + 1, -1);
  } else {
    map_.reserve(expected_adds / 4 + 16);
  }
}

std::int32_t DenseIndex::add(std::int64_t raw, const std::string& source) {
  std::int32_t* slot = nullptr;
  if (use_table_) {
    slot = &table_[static_cast<std::size_t>(static_cast<std::uint64_t>(raw) -
                                            static_cast<std::uint64_t>(min_id_))];
    if (*slot >= 0) return *slot;
  } else {
    const auto [it, inserted] = map_.try_emplace(raw, -1);
    if (!inserted) return it->second;
    slot = &it->second;
  }
  if (raw_ids_.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    throw DataError(source, 0, "more than 2^31 - 1 distinct " + what_ + " ids");
  }
  *slot = static_cast<std::int32_t>(raw_ids_.size());
  raw_ids_.push_back(raw);
  return *slot;
}

std::int32_t DenseIndex::find(std::int64_t raw) const {
  if (use_table_) {
    const std::uint64_t offset =
        static_cast<std::uint64_t>(raw) - static_cast<std::uint64_t>(min_id_);
    return offset < table_.size() ? table_[static_cast<std::size_t>(offset)] : -1;
  }
  const auto it = map_.find(raw);
  return it == map_.end() ? -1 : it->second;
}

}  // namespace crbench::internal
