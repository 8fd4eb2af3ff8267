// Maps raw int64 ids (users or items) to dense int32 ids 0, 1, 2, ... in order of
// first appearance. Private to datasets/; used by build_stream.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace crbench::internal {

class DenseIndex {
 public:
  // All ids to come lie in [min_id, max_id] and there are about `expected_adds` calls
  // to add(). A compact range (the common case: ids 1..N) gets a direct lookup table,
  // which is several times faster than hashing on logs of tens of millions of rows.
  // `what` ("user", "item") names the ids in error messages.
  DenseIndex(std::int64_t min_id, std::int64_t max_id, std::size_t expected_adds, std::string what);

  // The dense id of `raw`, assigning the next one on first sight. Throws DataError
  // (naming `source`) past 2^31 - 1 distinct ids.
  std::int32_t add(std::int64_t raw, const std::string& source);
  // The dense id of `raw`, or -1 if it was never added.
  std::int32_t find(std::int64_t raw) const;

  std::int32_t size() const { return static_cast<std::int32_t>(raw_ids_.size()); }
  // raw_ids()[dense] is the raw id.
  const std::vector<std::int64_t>& raw_ids() const { return raw_ids_; }
  std::vector<std::int64_t> take_raw_ids() { return std::move(raw_ids_); }

 private:
  std::string what_;
  std::int64_t min_id_ = 0;
  bool use_table_ = false;
  std::vector<std::int32_t> table_;  // raw - min_id -> dense, -1 when unseen
  std::unordered_map<std::int64_t, std::int32_t> map_;
  std::vector<std::int64_t> raw_ids_;
};

}  // namespace crbench::internal
