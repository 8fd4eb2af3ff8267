// A seeded random interaction log with realistic shape (heavy-tailed user
// activity and item popularity, multi-valued categories, ratings), for
// microbenchmarks and tests that need volume rather than meaning. Not a
// simulator: labels carry no structure to learn (that is sim/'s job).
#pragma once

#include <cstdint>

#include "datasets/raw_log.hpp"

namespace crbench {

struct RandomLogShape {
  std::int64_t num_users = 1000;
  std::int64_t num_items = 2000;
  std::int32_t num_categories = 20;
  std::int64_t num_interactions = 100000;
  int max_categories_per_item = 3;
};

// Ratings in {1,...,5} (so LabelRule::kRatingThreshold applies), timestamps
// increasing with the row index.
RawLog make_random_log(const RandomLogShape& shape, std::uint64_t seed);

}  // namespace crbench
