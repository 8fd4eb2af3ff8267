// make_random_log: a seeded synthetic log with the shape of a real one (a few very
// active users, a few very popular items, several categories per item) for
// microbenchmarks and volume tests. Only seeding.hpp draws are used, so a seed
// gives the same log on every platform.
#include "datasets/random_log.hpp"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/seeding.hpp"
#include "datasets/category_table.hpp"

namespace crbench {
namespace {

// Zipf's law with exponent 1 over ranks 0..n-1 (weight 1 / (rank + 1)), drawn by
// inverting the cumulative weights. Exponent 1 needs only division, which IEEE
// arithmetic rounds identically everywhere (std::pow need not).
class ZipfTable {
 public:
  explicit ZipfTable(std::int64_t n) : cumulative_(static_cast<std::size_t>(n)) {
    double total = 0;
    for (std::size_t r = 0; r < cumulative_.size(); ++r) {
      total += 1.0 / static_cast<double>(r + 1);
      cumulative_[r] = total;
    }
  }
  std::size_t draw(std::mt19937_64& rng) const {
    const double u = uniform_unit(rng) * cumulative_.back();
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
    return std::min(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
  }

 private:
  std::vector<double> cumulative_;
};

// A random permutation of 0..n-1 (Fisher-Yates), so that popularity rank and id are
// unrelated, as in real logs.
std::vector<std::int64_t> shuffled_ids(std::int64_t n, std::mt19937_64& rng) {
  std::vector<std::int64_t> ids(static_cast<std::size_t>(n));
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<std::int64_t>(i);
  for (std::size_t i = ids.size(); i > 1; --i) {
    std::swap(ids[i - 1], ids[static_cast<std::size_t>(uniform_below(rng, i))]);
  }
  return ids;
}

// Ratings 1..5 skewed towards 4 as in MovieLens (about 55% are 4 or 5).
float draw_rating(std::mt19937_64& rng) {
  const std::uint64_t percent = uniform_below(rng, 100);
  if (percent < 5) return 1.0f;
  if (percent < 15) return 2.0f;
  if (percent < 45) return 3.0f;
  if (percent < 80) return 4.0f;
  return 5.0f;
}

void check_shape(const RandomLogShape& shape) {
  if (shape.num_users < 1 || shape.num_items < 1 || shape.num_interactions < 0 ||
      shape.num_categories < 0 || shape.max_categories_per_item < 0) {
    throw UsageError(
        "random log: users and items must be at least 1; interactions, categories and "
        "categories per item must not be negative");
  }
}

}  // namespace

RawLog make_random_log(const RandomLogShape& shape, std::uint64_t seed) {
  check_shape(shape);
  std::mt19937_64 rng(seed);
  RawLog log;
  log.name = "random";
  log.source = "random(seed=" + std::to_string(seed) + ")";

  // Categories: every item gets 1..max distinct ones, popular categories (Zipf) more
  // often, as genres are in MovieLens.
  const std::int64_t per_item =
      std::min<std::int64_t>(shape.max_categories_per_item, shape.num_categories);
  if (per_item > 0) {
    for (std::int32_t c = 0; c < shape.num_categories; ++c) {
      log.category_names.push_back("category-" + std::to_string(c));
    }
    const ZipfTable category_popularity(shape.num_categories);
    for (std::int64_t item = 0; item < shape.num_items; ++item) {
      const auto count =
          static_cast<std::size_t>(1 + uniform_below(rng, static_cast<std::uint64_t>(per_item)));
      std::vector<std::int32_t> ids;
      // Distinct draws by rejection; count <= num_categories, so it terminates.
      while (ids.size() < count) {
        internal::add_unique(ids, static_cast<std::int32_t>(category_popularity.draw(rng)));
      }
      log.item_categories.emplace(item, std::move(ids));
    }
  }

  const std::vector<std::int64_t> user_ids = shuffled_ids(shape.num_users, rng);
  const std::vector<std::int64_t> item_ids = shuffled_ids(shape.num_items, rng);
  const ZipfTable user_activity(shape.num_users);
  const ZipfTable item_popularity(shape.num_items);
  const auto n = static_cast<std::size_t>(shape.num_interactions);
  log.user.reserve(n);
  log.item.reserve(n);
  log.timestamp.reserve(n);
  log.value.reserve(n);
  std::int64_t timestamp = 1'000'000'000;  // 2001-09-09, an arbitrary start
  for (std::size_t r = 0; r < n; ++r) {
    log.user.push_back(user_ids[user_activity.draw(rng)]);
    log.item.push_back(item_ids[item_popularity.draw(rng)]);
    log.value.push_back(draw_rating(rng));
    timestamp += 1 + static_cast<std::int64_t>(uniform_below(rng, 120));
    log.timestamp.push_back(timestamp);
  }
  return log;
}

}  // namespace crbench
