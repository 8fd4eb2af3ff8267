// Seeded sampling of negatives for implicit logs: a uniformly random item that the
// user has not interacted with so far. Private to datasets/; used by build_stream.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace crbench::internal {

class NegativeSampler {
 public:
  NegativeSampler(std::int32_t num_users, std::int32_t num_items, std::uint64_t seed);

  // Records that `user` has interacted with `item`.
  void mark(std::int32_t user, std::int32_t item);
  bool marked(std::int32_t user, std::int32_t item) const;

  // A uniformly random item not marked for `user`, or -1 when every item is. The
  // sequence of results depends only on the seed and the calls, on any platform.
  std::int32_t sample(std::int32_t user);

 private:
  std::uint64_t key(std::int32_t user, std::int32_t item) const {
    return static_cast<std::uint64_t>(user) * static_cast<std::uint64_t>(num_items_) +
           static_cast<std::uint64_t>(item);
  }
  std::size_t slot_of(std::uint64_t key) const;
  void grow();

  // The unmarked items of a user who has marked nearly all of them, kept explicitly
  // so that sampling stays O(1) however many more rows that user has: items[0, size)
  // in any order, position[item] its index there or -1.
  struct FreeItems {
    std::vector<std::int32_t> items;
    std::vector<std::int32_t> position;
  };
  FreeItems& make_free_items(std::int32_t user);

  std::int32_t num_items_;
  std::mt19937_64 rng_;
  std::vector<std::int64_t> marked_count_;  // per user: distinct items marked
  // Open-addressing set of marked (user, item) keys, linear probing, at most half
  // full. One flat array instead of a set per user: no allocation per row.
  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
  // Per user: index into free_items_, or -1 while the user's marks are sparse enough
  // for rejection sampling. Only users with > 15/16 of the catalogue marked get one,
  // so their total size is at most about 17/15 of the number of marks.
  std::vector<std::int32_t> free_index_;
  std::vector<FreeItems> free_items_;
};

}  // namespace crbench::internal
