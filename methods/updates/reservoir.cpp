// Uniform and weighted draws without replacement from a reservoir.
#include "methods/updates/reservoir.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace crbench {

std::vector<RowIndex> draw_uniform(const std::vector<RowIndex>& from, std::size_t count,
                                   std::mt19937_64& rng) {
  std::vector<RowIndex> pool = from;
  count = std::min(count, pool.size());
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t j = i + uniform_below(rng, pool.size() - i);
    std::swap(pool[i], pool[j]);
  }
  pool.resize(count);
  return pool;
}

std::vector<RowIndex> draw_weighted(const std::vector<RowIndex>& from,
                                    const std::vector<double>& weights, std::size_t count,
                                    std::mt19937_64& rng) {
  count = std::min(count, from.size());
  std::vector<double> key(from.size());
  for (std::size_t i = 0; i < from.size(); ++i) {
    // 1 - u lies in (0, 1], so the log is finite.
    key[i] = std::log(1.0 - uniform_unit(rng)) / weights[i];
  }
  std::vector<std::size_t> order(from.size());
  std::iota(order.begin(), order.end(), 0);
  // The order is total (ties by position), so selecting the first `count` and
  // sorting them gives exactly partial_sort's result, in O(n + count log count)
  // rather than O(n log count) (BM_ReplayDraw/weighted: 8x faster at 2.4M).
  const auto before = [&](std::size_t a, std::size_t b) {
    return key[a] != key[b] ? key[a] > key[b] : a < b;
  };
  const auto cut = order.begin() + static_cast<std::ptrdiff_t>(count);
  std::nth_element(order.begin(), cut, order.end(), before);
  std::sort(order.begin(), cut, before);
  std::vector<RowIndex> out(count);
  for (std::size_t k = 0; k < count; ++k) out[k] = from[order[k]];
  return out;
}

}  // namespace crbench
