// Tests of make_random_log: shape, determinism, value ranges and heavy tails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "datasets/random_log.hpp"
#include "datasets/stream_builder.hpp"

namespace crbench {
namespace {

TEST(RandomLog, ShapeRangesAndOrder) {
  RandomLogShape shape;
  shape.num_users = 300;
  shape.num_items = 500;
  shape.num_categories = 7;
  shape.num_interactions = 20000;
  shape.max_categories_per_item = 3;
  const RawLog log = make_random_log(shape, 42);
  ASSERT_EQ(log.user.size(), 20000u);
  ASSERT_EQ(log.item.size(), 20000u);
  ASSERT_EQ(log.timestamp.size(), 20000u);
  ASSERT_EQ(log.value.size(), 20000u);
  for (std::size_t r = 0; r < log.user.size(); ++r) {
    ASSERT_TRUE(log.user[r] >= 0 && log.user[r] < 300);
    ASSERT_TRUE(log.item[r] >= 0 && log.item[r] < 500);
    ASSERT_TRUE(log.value[r] == 1 || log.value[r] == 2 || log.value[r] == 3 || log.value[r] == 4 ||
                log.value[r] == 5);
    if (r > 0) {
      ASSERT_GT(log.timestamp[r], log.timestamp[r - 1]);
    }
  }
  EXPECT_EQ(log.category_names.size(), 7u);
  EXPECT_EQ(log.item_categories.size(), 500u);
  for (const auto& [item, categories] : log.item_categories) {
    EXPECT_TRUE(item >= 0 && item < 500);
    EXPECT_GE(categories.size(), 1u);
    EXPECT_LE(categories.size(), 3u);
    EXPECT_EQ(std::set<std::int32_t>(categories.begin(), categories.end()).size(),
              categories.size());
    for (const std::int32_t c : categories) EXPECT_TRUE(c >= 0 && c < 7);
  }
}

TEST(RandomLog, HeavyTailedActivityAndPopularity) {
  RandomLogShape shape;
  shape.num_users = 1000;
  shape.num_items = 2000;
  shape.num_interactions = 100000;
  const RawLog log = make_random_log(shape, 1);
  // Share of rows taken by the busiest 1% of users / items. Uniform would give 1%;
  // Zipf(1) over 1000 ranks gives H(10) / H(1000), about 39%.
  auto top_share = [](const std::vector<std::int64_t>& ids, std::size_t top) {
    std::map<std::int64_t, std::int64_t> count;
    for (const std::int64_t id : ids) ++count[id];
    std::vector<std::int64_t> sizes;
    for (const auto& [id, c] : count) sizes.push_back(c);
    std::sort(sizes.rbegin(), sizes.rend());
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < top && i < sizes.size(); ++i) sum += sizes[i];
    return static_cast<double>(sum) / static_cast<double>(ids.size());
  };
  EXPECT_GT(top_share(log.user, 10), 0.2);
  EXPECT_GT(top_share(log.item, 20), 0.2);
}

TEST(RandomLog, DeterministicForASeedAndDifferentAcrossSeeds) {
  RandomLogShape shape;
  shape.num_interactions = 5000;
  const RawLog a = make_random_log(shape, 9);
  const RawLog b = make_random_log(shape, 9);
  const RawLog c = make_random_log(shape, 10);
  EXPECT_EQ(a.user, b.user);
  EXPECT_EQ(a.item, b.item);
  EXPECT_EQ(a.timestamp, b.timestamp);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.item_categories, b.item_categories);
  EXPECT_NE(a.user, c.user);
}

TEST(RandomLog, FeedsBuildStream) {
  RandomLogShape shape;
  shape.num_interactions = 31 * 100 + 5;
  const Stream s = build_stream(make_random_log(shape, 4), StreamOptions{});
  EXPECT_EQ(s.num_samples(), 3100u);
  EXPECT_EQ(s.num_periods(), 31);
  EXPECT_TRUE(s.has_categories());
  EXPECT_EQ(s.num_categories, 20);
}

TEST(RandomLog, NoCategoriesWhenAskedForNone) {
  RandomLogShape shape;
  shape.num_interactions = 100;
  shape.num_categories = 0;
  const RawLog log = make_random_log(shape, 4);
  EXPECT_TRUE(log.item_categories.empty());
  EXPECT_TRUE(log.category_names.empty());
  EXPECT_FALSE(build_stream(log, StreamOptions{}).has_categories());
}

}  // namespace
}  // namespace crbench
