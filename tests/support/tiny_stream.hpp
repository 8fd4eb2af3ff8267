// Test helper: builds a small, fully consistent Stream by hand (no loaders, no
// stream builder), either from an explicit list of interactions or at random, so
// that model and trainer tests control every user, item, category and history.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "datasets/stream.hpp"

namespace crbench::test_support {

struct TinyInteraction {
  std::int32_t user = 0;
  std::int32_t item = 0;
  float label = 0.0f;
  std::int64_t timestamp = 0;
};

struct TinySpec {
  std::int32_t num_users = 0;
  std::int32_t num_items = 0;
  std::int32_t num_categories = 0;
  // item_categories[i] lists item i's categories; leave empty for a stream without
  // categories (then num_categories is ignored and the stream has none).
  std::vector<std::vector<std::int32_t>> item_categories;
  std::vector<TinyInteraction> interactions;
  int max_history = 30;
  int num_periods = 1;
};

// Rows are the interactions stably sorted by timestamp. A row's history is the
// user's most recent (at most max_history) positives strictly before its
// timestamp, as datasets/stream.hpp defines it.
inline Stream make_tiny_stream(const TinySpec& spec) {
  Stream s;
  s.meta.name = "tiny";
  s.meta.source = "tests/support/tiny_stream.hpp";
  s.meta.labelling = "given";
  s.meta.period_rule = "equal-count:" + std::to_string(spec.num_periods);
  s.num_users = spec.num_users;
  s.num_items = spec.num_items;
  s.max_history = spec.max_history;

  std::vector<TinyInteraction> rows = spec.interactions;
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.timestamp < b.timestamp; });
  for (const auto& r : rows) {
    if (r.user < 0 || r.user >= spec.num_users || r.item < 0 || r.item >= spec.num_items) {
      throw std::invalid_argument("make_tiny_stream: id out of range");
    }
    s.user.push_back(r.user);
    s.item.push_back(r.item);
    s.timestamp.push_back(r.timestamp);
    s.label.push_back(r.label);
  }

  // Every user's positives in time order (CSR).
  std::vector<std::vector<std::int32_t>> positives(static_cast<std::size_t>(spec.num_users));
  std::vector<std::vector<std::int64_t>> positive_time(positives.size());
  for (const auto& r : rows) {
    if (r.label >= 0.5f) {
      positives[static_cast<std::size_t>(r.user)].push_back(r.item);
      positive_time[static_cast<std::size_t>(r.user)].push_back(r.timestamp);
    }
  }
  s.user_positive_offset.push_back(0);
  for (const auto& p : positives) {
    s.positive_items.insert(s.positive_items.end(), p.begin(), p.end());
    s.user_positive_offset.push_back(static_cast<std::int64_t>(s.positive_items.size()));
  }
  for (const auto& r : rows) {
    const auto& times = positive_time[static_cast<std::size_t>(r.user)];
    const auto before = std::lower_bound(times.begin(), times.end(), r.timestamp) - times.begin();
    s.history_end.push_back(s.user_positive_offset[static_cast<std::size_t>(r.user)] + before);
    s.history_len.push_back(
        static_cast<std::uint8_t>(std::min<std::int64_t>(before, spec.max_history)));
  }

  if (!spec.item_categories.empty()) {
    if (spec.item_categories.size() != static_cast<std::size_t>(spec.num_items)) {
      throw std::invalid_argument("make_tiny_stream: item_categories needs one entry per item");
    }
    s.num_categories = spec.num_categories;
    s.item_category_offset.push_back(0);
    for (const auto& cats : spec.item_categories) {
      for (const auto c : cats) {
        if (c < 0 || c >= spec.num_categories) {
          throw std::invalid_argument("make_tiny_stream: category out of range");
        }
      }
      s.item_categories.insert(s.item_categories.end(), cats.begin(), cats.end());
      s.item_category_offset.push_back(static_cast<std::int32_t>(s.item_categories.size()));
    }
  }

  const std::size_t n = s.user.size();
  for (int p = 0; p <= spec.num_periods; ++p) {
    s.period_offset.push_back(static_cast<RowIndex>(n * static_cast<std::size_t>(p) /
                                                    static_cast<std::size_t>(spec.num_periods)));
  }
  s.raw_user_id.resize(static_cast<std::size_t>(spec.num_users));
  std::iota(s.raw_user_id.begin(), s.raw_user_id.end(), 0);
  s.raw_item_id.resize(static_cast<std::size_t>(spec.num_items));
  std::iota(s.raw_item_id.begin(), s.raw_item_id.end(), 0);
  return s;
}

// A random stream: uniform users and items, labels with probability
// positive_rate, one interaction per timestamp, 1..max_categories_per_item
// distinct categories per item (or none when num_categories == 0; then some
// items may also be left without categories when allow_empty_categories).
inline Stream make_random_tiny_stream(std::uint64_t seed, std::int32_t num_users,
                                      std::int32_t num_items, std::int32_t num_categories,
                                      int num_interactions, int max_categories_per_item = 3,
                                      double positive_rate = 0.5, int max_history = 30,
                                      bool allow_empty_categories = false) {
  std::mt19937_64 gen(seed);
  // Test-only randomness: exact cross-platform reproducibility is not needed, but
  // avoid <random> distributions anyway for stable test data.
  auto below = [&gen](std::uint64_t bound) { return static_cast<std::int32_t>(gen() % bound); };
  auto unit = [&gen] { return static_cast<double>(gen() >> 11) * 0x1.0p-53; };
  TinySpec spec;
  spec.num_users = num_users;
  spec.num_items = num_items;
  spec.num_categories = num_categories;
  spec.max_history = max_history;
  if (num_categories > 0) {
    spec.item_categories.resize(static_cast<std::size_t>(num_items));
    for (auto& cats : spec.item_categories) {
      const int lo = allow_empty_categories ? 0 : 1;
      const int count = lo + below(static_cast<std::uint64_t>(max_categories_per_item - lo + 1));
      while (static_cast<int>(cats.size()) < std::min(count, num_categories)) {
        const auto c = below(static_cast<std::uint64_t>(num_categories));
        if (std::find(cats.begin(), cats.end(), c) == cats.end()) cats.push_back(c);
      }
    }
  }
  for (int k = 0; k < num_interactions; ++k) {
    spec.interactions.push_back({below(static_cast<std::uint64_t>(num_users)),
                                 below(static_cast<std::uint64_t>(num_items)),
                                 unit() < positive_rate ? 1.0f : 0.0f, k});
  }
  return make_tiny_stream(spec);
}

}  // namespace crbench::test_support
