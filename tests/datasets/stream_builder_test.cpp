// Tests of build_stream on small hand-made logs (expected values worked out by hand)
// and on random logs against a deliberately naive reference written in this file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "datasets/random_log.hpp"
#include "datasets/stream_builder.hpp"
#include "tests/datasets/test_files.hpp"

namespace crbench {
namespace {

using testing::expect_data_error;

struct Row {
  std::int64_t user;
  std::int64_t item;
  std::int64_t timestamp;
  float value;
};

RawLog make_log(const std::vector<Row>& rows) {
  RawLog log;
  log.name = "hand";
  log.source = "hand-made.csv";
  for (const Row& r : rows) {
    log.user.push_back(r.user);
    log.item.push_back(r.item);
    log.timestamp.push_back(r.timestamp);
    log.value.push_back(r.value);
  }
  return log;
}

StreamOptions equal_count(int periods) {
  StreamOptions options;
  options.period_rule = PeriodRule::kEqualCount;
  options.num_periods = periods;
  return options;
}

std::vector<std::int32_t> history_of(const Stream& s, RowIndex row) {
  const auto h = s.history(row);
  return {h.begin(), h.end()};
}

TEST(StreamBuilder, RatingThresholdLabelsAndTimeOrder) {
  const RawLog log =
      make_log({{1, 10, 30, 3.5f}, {1, 11, 10, 4.0f}, {2, 10, 20, 5.0f}, {2, 12, 40, 1.0f}});
  const Stream s = build_stream(log, equal_count(2));
  // Sorted by time: (1,11,10,4) (2,10,20,5) (1,10,30,3.5) (2,12,40,1).
  EXPECT_EQ(s.timestamp, (std::vector<std::int64_t>{10, 20, 30, 40}));
  EXPECT_EQ(s.label, (std::vector<float>{1, 1, 0, 0}));
  EXPECT_EQ(s.meta.labelling, "rating>=4");
  EXPECT_EQ(s.meta.period_rule, "equal-count:2:drop-newest");
  EXPECT_EQ(s.meta.source, "hand-made.csv");
  EXPECT_EQ(s.meta.name, "hand");

  StreamOptions options = equal_count(2);
  options.rating_threshold = 3.5f;
  EXPECT_EQ(build_stream(log, options).label, (std::vector<float>{1, 1, 1, 0}));
  EXPECT_EQ(build_stream(log, options).meta.labelling, "rating>=3.5");
}

TEST(StreamBuilder, GivenLabelsMustBeZeroOrOne) {
  StreamOptions options = equal_count(2);
  options.label_rule = LabelRule::kGivenLabel;
  const RawLog good = make_log({{1, 1, 1, 1}, {1, 2, 2, 0}, {2, 1, 3, 0}, {2, 2, 4, 1}});
  EXPECT_EQ(build_stream(good, options).label, (std::vector<float>{1, 0, 0, 1}));
  const RawLog bad = make_log({{1, 1, 1, 1}, {1, 2, 2, 0}, {2, 1, 3, 4}, {2, 2, 4, 1}});
  expect_data_error([&] { build_stream(bad, options); }, {"hand-made.csv", "row 3"});
}

TEST(StreamBuilder, StableSortKeepsFileOrderAmongEqualTimestamps) {
  const RawLog log = make_log({{1, 1, 5, 5}, {2, 2, 3, 5}, {3, 3, 5, 5}, {4, 4, 3, 5}});
  const Stream s = build_stream(log, equal_count(1), 1);
  EXPECT_EQ(s.raw_user_id, (std::vector<std::int64_t>{2, 4, 1, 3}));
}

TEST(StreamBuilder, EqualCountDropsTheNewestLeftoversAsTheReference) {
  // 10 rows, 3 periods: floor(10/3) = 3 rows each; the reference numbers row i
  // period floor(i/3) + 1 and deletes period 4, i.e. the 1 newest row (user 99).
  std::vector<Row> rows;
  for (int t = 10; t >= 2; --t) rows.push_back({t % 3, 100 + t, t * 100, 5});
  rows.push_back({99, 999, 1050, 5});  // the newest: t = 1050 > 1000
  const Stream s = build_stream(make_log(rows), equal_count(3));
  ASSERT_EQ(s.num_samples(), 9u);
  EXPECT_EQ(s.period_offset, (std::vector<RowIndex>{0, 3, 6, 9}));
  EXPECT_EQ(s.timestamp.front(), 200);
  EXPECT_EQ(s.timestamp.back(), 1000);
  // The dropped row's user and item got no ids.
  EXPECT_EQ(s.num_users, 3);
  EXPECT_EQ(std::count(s.raw_user_id.begin(), s.raw_user_id.end(), 99), 0);
  EXPECT_EQ(std::count(s.raw_item_id.begin(), s.raw_item_id.end(), 999), 0);
  EXPECT_EQ(s.num_items, 9);
  EXPECT_EQ(s.meta.period_rule, "equal-count:3:drop-newest");
}

TEST(StreamBuilder, EqualCountCanDropTheOldestLeftoversInstead) {
  // The same 9 rows at t = 200..1000 plus one row at t = 150: the oldest, dropped.
  std::vector<Row> rows;
  for (int t = 10; t >= 2; --t) rows.push_back({t % 3, 100 + t, t * 100, 5});
  rows.push_back({99, 999, 150, 5});
  StreamOptions options = equal_count(3);
  options.leftover = LeftoverRows::kDropOldest;
  const Stream s = build_stream(make_log(rows), options);
  ASSERT_EQ(s.num_samples(), 9u);
  EXPECT_EQ(s.period_offset, (std::vector<RowIndex>{0, 3, 6, 9}));
  EXPECT_EQ(s.timestamp.front(), 200);
  EXPECT_EQ(s.timestamp.back(), 1000);
  EXPECT_EQ(std::count(s.raw_user_id.begin(), s.raw_user_id.end(), 99), 0);
  EXPECT_EQ(s.meta.period_rule, "equal-count:3:drop-oldest");
  // By default the same log keeps t = 150 and drops the newest row, t = 1000
  // (user 1): different periods, so a different description (and job hash).
  const Stream newest = build_stream(make_log(rows), equal_count(3));
  EXPECT_EQ(newest.timestamp.front(), 150);
  EXPECT_EQ(newest.timestamp.back(), 900);
  EXPECT_NE(newest.meta.period_rule, s.meta.period_rule);
}

TEST(StreamBuilder, CalendarDaysAndIsoWeeks) {
  constexpr std::int64_t kMonday = 1704067200;  // 2024-01-01 00:00:00 UTC, a Monday
  constexpr std::int64_t kDay = 86400;
  const RawLog log = make_log({
      {1, 1, kMonday, 5},
      {1, 2, kMonday + kDay - 1, 5},      // still Monday
      {1, 3, kMonday + kDay, 5},          // Tuesday
      {1, 4, kMonday + 7 * kDay - 1, 5},  // Sunday 23:59:59, same ISO week
      {1, 5, kMonday + 7 * kDay, 5},      // Monday 8th: next week
      {1, 6, kMonday + 19 * kDay, 5},     // Saturday 20th, after an empty week and days
  });
  StreamOptions options;
  options.period_rule = PeriodRule::kCalendar;
  options.calendar_unit = CalendarUnit::kDay;
  const Stream days = build_stream(log, options);
  EXPECT_EQ(days.period_offset, (std::vector<RowIndex>{0, 2, 3, 4, 5, 6}));
  EXPECT_EQ(days.meta.period_rule, "calendar:day");
  options.calendar_unit = CalendarUnit::kWeek;
  const Stream weeks = build_stream(log, options);
  EXPECT_EQ(weeks.period_offset, (std::vector<RowIndex>{0, 4, 5, 6}));
  EXPECT_EQ(weeks.meta.period_rule, "calendar:week");
  options.calendar_unit = CalendarUnit::kMonth;
  expect_data_error([&] { build_stream(log, options); },
                    {"hand-made.csv", "1 non-empty period", "at least 2"});
  EXPECT_EQ(build_stream(log, options, 1).period_offset, (std::vector<RowIndex>{0, 6}));
}

TEST(StreamBuilder, CalendarMonthsAndWeeksAcrossTheEpoch) {
  // 1969-12-29 (a Monday) is -259200; 1970-01-01 (a Thursday) is 0.
  const RawLog log = make_log({
      {1, 1, -259201, 5},  // Sunday 1969-12-28 23:59:59: previous week, December
      {1, 2, -259200, 5},  // Monday 1969-12-29: the week of 1970-01-01
      {1, 3, 0, 5},        // Thursday 1970-01-01: same week, new month
      {1, 4, 2678399, 5},  // 1970-01-31 23:59:59
      {1, 5, 2678400, 5},  // Sunday 1970-02-01: same week as the 31st, new month
  });
  StreamOptions options;
  options.period_rule = PeriodRule::kCalendar;
  options.calendar_unit = CalendarUnit::kWeek;
  EXPECT_EQ(build_stream(log, options).period_offset, (std::vector<RowIndex>{0, 1, 3, 5}));
  options.calendar_unit = CalendarUnit::kMonth;
  EXPECT_EQ(build_stream(log, options).period_offset, (std::vector<RowIndex>{0, 2, 4, 5}));
}

TEST(StreamBuilder, TooFewPeriods) {
  const RawLog log = make_log({{1, 1, 1, 5}, {1, 2, 2, 5}, {1, 3, 3, 5}});
  expect_data_error([&] { build_stream(log, equal_count(31)); },
                    {"hand-made.csv", "0 non-empty period", "at least 2"});
  expect_data_error([&] { build_stream(log, equal_count(3), 4); },
                    {"hand-made.csv", "3 non-empty period", "at least 4"});
  expect_data_error([&] { build_stream(make_log({}), equal_count(3)); },
                    {"hand-made.csv", "empty"});
}

TEST(StreamBuilder, DenseIdsInOrderOfFirstAppearance) {
  const RawLog log = make_log({{500, 70, 3, 5}, {7, 70, 1, 5}, {500, 8, 2, 5}, {42, 9, 4, 5}});
  const Stream s = build_stream(log, equal_count(2));
  // Time order: (7,70) (500,8) (500,70) (42,9).
  EXPECT_EQ(s.raw_user_id, (std::vector<std::int64_t>{7, 500, 42}));
  EXPECT_EQ(s.raw_item_id, (std::vector<std::int64_t>{70, 8, 9}));
  EXPECT_EQ(s.user, (std::vector<std::int32_t>{0, 1, 1, 2}));
  EXPECT_EQ(s.item, (std::vector<std::int32_t>{0, 1, 0, 2}));
  EXPECT_EQ(s.num_users, 3);
  EXPECT_EQ(s.num_items, 3);
  EXPECT_FALSE(s.has_categories());
  EXPECT_EQ(s.num_categories, 0);
}

TEST(StreamBuilder, HistoryIsStrictlyBeforeTheSampleAndExcludesTies) {
  const RawLog log = make_log({
      {1, 100, 10, 5},  // row 0: positive A
      {2, 900, 15, 5},  // another user's positive: never in user 1's history
      {1, 200, 20, 5},  // tie at t=20: B
      {1, 300, 20, 5},  // tie at t=20: C
      {1, 400, 20, 1},  // tie at t=20, a negative
      {1, 500, 30, 2},  // negative at t=30
      {1, 600, 40, 4},  // positive at t=40
  });
  const Stream s = build_stream(log, equal_count(1), 1);
  const std::int32_t a = 0;  // dense items by first appearance: 100, 900, 200, 300, ...
  const std::int32_t b = 2;
  const std::int32_t c = 3;
  ASSERT_EQ(s.raw_item_id[static_cast<std::size_t>(b)], 200);
  EXPECT_EQ(history_of(s, 0), std::vector<std::int32_t>{});
  EXPECT_EQ(history_of(s, 1), std::vector<std::int32_t>{});
  // All three rows at t=20 see only A: the tied positives B and C are excluded.
  EXPECT_EQ(history_of(s, 2), std::vector<std::int32_t>{a});
  EXPECT_EQ(history_of(s, 3), std::vector<std::int32_t>{a});
  EXPECT_EQ(history_of(s, 4), std::vector<std::int32_t>{a});
  EXPECT_EQ(history_of(s, 5), (std::vector<std::int32_t>{a, b, c}));
  EXPECT_EQ(history_of(s, 6), (std::vector<std::int32_t>{a, b, c}));
  // User 1's positives in time order: A, B, C, and the one at t=40 (item 600).
  const std::int32_t u1 = 0;
  const auto begin = static_cast<std::size_t>(s.user_positive_offset[u1]);
  const auto end = static_cast<std::size_t>(s.user_positive_offset[u1 + 1]);
  EXPECT_EQ(std::vector<std::int32_t>(s.positive_items.begin() + static_cast<long>(begin),
                                      s.positive_items.begin() + static_cast<long>(end)),
            (std::vector<std::int32_t>{a, b, c, 6}));
  EXPECT_EQ(s.user_positive_offset, (std::vector<std::int64_t>{0, 4, 5}));
}

// The naive definition, for comparison: the user's last <= cap positives (label 1)
// among the stream's rows with a strictly smaller timestamp, in time order.
std::vector<std::int32_t> naive_history(const Stream& s, std::size_t row, int cap) {
  std::vector<std::int32_t> all;
  for (std::size_t r = 0; r < s.num_samples(); ++r) {
    if (s.user[r] == s.user[row] && s.timestamp[r] < s.timestamp[row] && s.label[r] == 1.0f) {
      all.push_back(s.item[r]);
    }
  }
  const std::size_t keep = std::min(all.size(), static_cast<std::size_t>(cap));
  return {all.end() - static_cast<long>(keep), all.end()};
}

TEST(StreamBuilder, HistoryCappedAtMaxHistoryAndInTimeOrder) {
  // One user with 40 positives one second apart: row k sees the last min(k, 5).
  std::vector<Row> rows;
  for (int k = 0; k < 40; ++k) rows.push_back({1, 1000 + k, 100 + k, 5});
  StreamOptions options = equal_count(2);
  options.max_history = 5;
  const Stream s = build_stream(make_log(rows), options);
  EXPECT_EQ(s.max_history, 5);
  EXPECT_EQ(history_of(s, 3), (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_EQ(history_of(s, 39), (std::vector<std::int32_t>{34, 35, 36, 37, 38}));

  // And on a random log with ties (coarse timestamps) against the naive definition.
  RandomLogShape shape;
  shape.num_users = 30;
  shape.num_items = 200;
  shape.num_interactions = 3000;
  RawLog random = make_random_log(shape, 7);
  for (auto& t : random.timestamp) t /= 600;  // many equal timestamps
  options = equal_count(7);
  options.max_history = 4;
  const Stream r = build_stream(random, options);
  for (std::size_t row = 0; row < r.num_samples(); ++row) {
    ASSERT_EQ(history_of(r, static_cast<RowIndex>(row)), naive_history(r, row, 4)) << row;
  }
}

TEST(StreamBuilder, DroppedPositivesAreInNoHistory) {
  // 5 rows, 2 periods of 2: one leftover row. Dropping the oldest (user 1's
  // positive on item 7) takes it out of every later history.
  const RawLog log =
      make_log({{1, 7, 1, 5}, {1, 8, 2, 5}, {1, 9, 3, 5}, {1, 10, 4, 5}, {1, 11, 5, 5}});
  StreamOptions oldest = equal_count(2);
  oldest.leftover = LeftoverRows::kDropOldest;
  const Stream s = build_stream(log, oldest);
  ASSERT_EQ(s.num_samples(), 4u);
  EXPECT_EQ(s.raw_item_id.front(), 8);
  EXPECT_EQ(history_of(s, 3), (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_EQ(s.positive_items.size(), 4u);
  // Dropping the newest (item 11) keeps item 7 in the histories and 11 in none.
  const Stream n = build_stream(log, equal_count(2));
  ASSERT_EQ(n.num_samples(), 4u);
  EXPECT_EQ(n.raw_item_id.back(), 10);
  EXPECT_EQ(history_of(n, 3), (std::vector<std::int32_t>{0, 1, 2}));
  EXPECT_EQ(n.positive_items.size(), 4u);
}

TEST(StreamBuilder, CategoriesFollowTheDenseItems) {
  RawLog log = make_log({{1, 30, 1, 5}, {1, 10, 2, 5}, {2, 20, 3, 5}, {2, 40, 4, 5}});
  log.category_names = {"a", "b", "c"};
  log.item_categories = {{10, {2}}, {30, {0, 1}}, {40, {}}, {77, {1}}};
  const Stream s = build_stream(log, equal_count(2));
  ASSERT_TRUE(s.has_categories());
  EXPECT_EQ(s.num_categories, 3);
  ASSERT_EQ(s.item_category_offset.size(), 5u);
  // Dense items: 30, 10, 20, 40.
  EXPECT_EQ(std::vector<std::int32_t>(s.categories(0).begin(), s.categories(0).end()),
            (std::vector<std::int32_t>{0, 1}));
  EXPECT_EQ(std::vector<std::int32_t>(s.categories(1).begin(), s.categories(1).end()),
            (std::vector<std::int32_t>{2}));
  EXPECT_TRUE(s.categories(2).empty());
  EXPECT_TRUE(s.categories(3).empty());
  EXPECT_EQ(shape_of(s).num_categories, 3);

  log.item_categories[10] = {3};  // outside the table of 3
  expect_data_error([&] { build_stream(log, equal_count(2)); }, {"hand-made.csv", "category"});
}

StreamOptions implicit_options(std::uint64_t seed) {
  StreamOptions options = equal_count(4);
  options.label_rule = LabelRule::kImplicitSampled;
  options.negative_seed = seed;
  return options;
}

TEST(StreamBuilder, ImplicitNegativesAvoidItemsTheUserHasSeenSoFar) {
  RandomLogShape shape;
  shape.num_users = 20;
  shape.num_items = 200;  // small catalogue: the heaviest users see much of it
  shape.num_interactions = 2002;
  RawLog log = make_random_log(shape, 3);
  for (auto& t : log.timestamp) t /= 300;  // ties, so "up to and including" matters
  log.value.clear();                       // an implicit log
  const Stream s = build_stream(log, implicit_options(11));
  EXPECT_EQ(s.meta.labelling, "implicit+1neg");
  // 2002 rows in 4 periods: 500 each, the 2 newest dropped; each kept row -> 2 samples.
  ASSERT_EQ(s.num_samples(), 4000u);
  EXPECT_EQ(s.period_offset, (std::vector<RowIndex>{0, 1000, 2000, 3000, 4000}));
  // The 2 dropped rows are the newest (equal timestamps keep file order).
  std::vector<std::size_t> order(log.user.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return log.timestamp[a] < log.timestamp[b];
  });
  for (std::size_t row = 0; row < s.num_samples(); row += 2) {
    const std::size_t raw_row = order[row / 2];
    EXPECT_EQ(s.label[row], 1.0f);
    EXPECT_EQ(s.raw_user_id[static_cast<std::size_t>(s.user[row])], log.user[raw_row]);
    EXPECT_EQ(s.raw_item_id[static_cast<std::size_t>(s.item[row])], log.item[raw_row]);
    // The negative: right after, same user and time, label 0, and never an item the
    // user interacted with at or before that time anywhere in the raw log.
    EXPECT_EQ(s.label[row + 1], 0.0f);
    EXPECT_EQ(s.user[row + 1], s.user[row]);
    EXPECT_EQ(s.timestamp[row + 1], s.timestamp[row]);
    const std::int64_t raw_user = log.user[raw_row];
    const std::int64_t raw_negative = s.raw_item_id[static_cast<std::size_t>(s.item[row + 1])];
    for (std::size_t r = 0; r < log.user.size(); ++r) {
      if (log.user[r] == raw_user && log.item[r] == raw_negative) {
        ASSERT_GT(log.timestamp[r], s.timestamp[row]) << "negative at sample " << row + 1;
      }
    }
  }
  // History and positives still follow the naive definition with negatives in place.
  for (std::size_t row = 0; row < s.num_samples(); ++row) {
    ASSERT_EQ(history_of(s, static_cast<RowIndex>(row)), naive_history(s, row, 30)) << row;
  }

  const Stream again = build_stream(log, implicit_options(11));
  EXPECT_EQ(again.item, s.item);
  const Stream other = build_stream(log, implicit_options(12));
  EXPECT_EQ(other.user, s.user);
  EXPECT_NE(other.item, s.item);
}

TEST(StreamBuilder, ImplicitNegativeFromANearlyExhaustedCatalogue) {
  // Users 3 and 4 bring items 1..40 at t=0; user 1 then sees items 1..39 at t=1..39.
  // At t=k user 1's negative must be one of k+1..40, and at t=39 it can only be 40.
  std::vector<Row> rows;
  for (int k = 1; k <= 40; ++k) rows.push_back({k <= 20 ? 3 : 4, k, 0, 0});
  for (int k = 1; k <= 39; ++k) rows.push_back({1, k, k, 0});
  RawLog log = make_log(rows);
  log.value.clear();
  StreamOptions options = implicit_options(5);
  options.num_periods = 1;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    options.negative_seed = seed;
    const Stream s = build_stream(log, options, 1);
    ASSERT_EQ(s.num_samples(), 158u);
    EXPECT_EQ(s.raw_item_id[static_cast<std::size_t>(s.item[157])], 40);
    int user_1_negatives = 0;
    for (std::size_t row = 0; row < s.num_samples(); ++row) {
      if (s.label[row] != 0.0f || s.raw_user_id[static_cast<std::size_t>(s.user[row])] != 1) {
        continue;
      }
      ++user_1_negatives;
      EXPECT_GT(s.raw_item_id[static_cast<std::size_t>(s.item[row])], s.timestamp[row]) << row;
    }
    EXPECT_EQ(user_1_negatives, 39);
  }
}

TEST(StreamBuilder, ImplicitNegativeAvoidsADroppedRowOfTheSameTimestamp) {
  // 4 rows, 3 periods of 1: the newest row, user 1 on B at t=3 (after user 1 on A
  // at t=3 in file order), is dropped, but it happened at the time of the last
  // kept row, so that row's negative must avoid both A and B: it can only be C.
  RawLog log = make_log({{2, 'B', 1, 0}, {2, 'C', 2, 0}, {1, 'A', 3, 0}, {1, 'B', 3, 0}});
  log.value.clear();
  StreamOptions options = implicit_options(1);
  options.num_periods = 3;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    options.negative_seed = seed;
    const Stream s = build_stream(log, options);
    ASSERT_EQ(s.num_samples(), 6u);
    EXPECT_EQ(s.raw_item_id[static_cast<std::size_t>(s.item[5])], 'C') << "seed " << seed;
  }
}

TEST(StreamBuilder, ImplicitNegativeImpossibleWhenUserSawEveryItem) {
  RawLog log = make_log({{1, 1, 1, 0}, {1, 2, 2, 0}, {2, 1, 3, 0}, {2, 2, 4, 0}});
  log.value.clear();
  // At t=2 user 1 has seen both items of the catalogue.
  expect_data_error([&] { build_stream(log, implicit_options(1)); },
                    {"hand-made.csv", "no negative"});
}

TEST(StreamBuilder, ExplicitRulesNeedValues) {
  RawLog log = make_log({{1, 1, 1, 0}, {1, 2, 2, 0}});
  log.value.clear();
  expect_data_error([&] { build_stream(log, equal_count(2)); }, {"hand-made.csv"});
}

}  // namespace
}  // namespace crbench
