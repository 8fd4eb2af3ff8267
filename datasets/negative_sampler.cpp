// Implementation of NegativeSampler (see negative_sampler.hpp).
#include "datasets/negative_sampler.hpp"

#include "core/seeding.hpp"

namespace crbench::internal {
namespace {

constexpr std::uint64_t kEmpty = ~std::uint64_t{0};  // never a key: users, items < 2^31

}  // namespace

NegativeSampler::NegativeSampler(std::int32_t num_users, std::int32_t num_items, std::uint64_t seed)
    : num_items_(num_items),
      rng_(seed),
      marked_count_(static_cast<std::size_t>(num_users), 0),
      slots_(1024, kEmpty),
      free_index_(static_cast<std::size_t>(num_users), -1) {}

std::size_t NegativeSampler::slot_of(std::uint64_t k) const {
  const std::size_t mask = slots_.size() - 1;
  // Mixed: keys are user * num_items + item, whose low bits alone would cluster
  // badly under linear probing.
  std::size_t s = static_cast<std::size_t>(splitmix_finalise(k)) & mask;
  while (slots_[s] != kEmpty && slots_[s] != k) s = (s + 1) & mask;
  return s;
}

void NegativeSampler::grow() {
  std::vector<std::uint64_t> old(slots_.size() * 2, kEmpty);
  old.swap(slots_);
  for (const std::uint64_t k : old) {
    if (k != kEmpty) slots_[slot_of(k)] = k;
  }
}

void NegativeSampler::mark(std::int32_t user, std::int32_t item) {
  const std::uint64_t k = key(user, item);
  const std::size_t s = slot_of(k);
  if (slots_[s] == k) return;
  slots_[s] = k;
  ++marked_count_[static_cast<std::size_t>(user)];
  if (++size_ * 2 > slots_.size()) grow();
  if (const std::int32_t f = free_index_[static_cast<std::size_t>(user)]; f >= 0) {
    // Swap-remove the item from the user's free list.
    FreeItems& free = free_items_[static_cast<std::size_t>(f)];
    const auto at = static_cast<std::size_t>(free.position[static_cast<std::size_t>(item)]);
    const std::int32_t last = free.items.back();
    free.items[at] = last;
    free.position[static_cast<std::size_t>(last)] = static_cast<std::int32_t>(at);
    free.items.pop_back();
    free.position[static_cast<std::size_t>(item)] = -1;
  }
}

NegativeSampler::FreeItems& NegativeSampler::make_free_items(std::int32_t user) {
  FreeItems free;
  free.position.assign(static_cast<std::size_t>(num_items_), -1);
  for (std::int32_t item = 0; item < num_items_; ++item) {
    if (marked(user, item)) continue;
    free.position[static_cast<std::size_t>(item)] = static_cast<std::int32_t>(free.items.size());
    free.items.push_back(item);
  }
  free_index_[static_cast<std::size_t>(user)] = static_cast<std::int32_t>(free_items_.size());
  free_items_.push_back(std::move(free));
  return free_items_.back();
}

bool NegativeSampler::marked(std::int32_t user, std::int32_t item) const {
  return slots_[slot_of(key(user, item))] != kEmpty;
}

std::int32_t NegativeSampler::sample(std::int32_t user) {
  const auto n = static_cast<std::uint64_t>(num_items_);
  const auto taken = static_cast<std::uint64_t>(marked_count_[static_cast<std::size_t>(user)]);
  if (taken >= n) return -1;
  if (taken * 16 <= n * 15) {
    // Rejection: uniform over the unmarked items, at most 16 draws expected.
    for (;;) {
      const auto item = static_cast<std::int32_t>(uniform_below(rng_, n));
      if (!marked(user, item)) return item;
    }
  }
  // Nearly every item is taken: draw from the user's explicit list of free items,
  // built once (O(items)) and then kept up to date by mark().
  const std::int32_t f = free_index_[static_cast<std::size_t>(user)];
  const FreeItems& free = f >= 0 ? free_items_[static_cast<std::size_t>(f)] : make_free_items(user);
  return free.items[static_cast<std::size_t>(uniform_below(rng_, free.items.size()))];
}

}  // namespace crbench::internal
