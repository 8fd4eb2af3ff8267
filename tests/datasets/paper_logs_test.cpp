// The Sobazaar and Tmall logs as distributed, and the row filters of the ASMG
// reference's preparation: small hand-written files in the real formats, with
// every prepared row worked out by hand in the comments.
#include <gtest/gtest.h>

#include <string>

#include "datasets/loaders.hpp"
#include "datasets/log_filters.hpp"
#include "tests/datasets/test_files.hpp"

namespace crbench {
namespace {

using testing::expect_data_error;
using testing::scratch_file;

// 2014-09-01 00:00:00 UTC and 2014-10-01 00:00:00 UTC in Unix seconds
// (16314 and 16344 days after 1970-01-01).
constexpr std::int64_t kSep1 = 1409529600;
constexpr std::int64_t kOct1 = 1412121600;
constexpr std::int64_t kDay = 86400;

TEST(SobazaarLog, EveryRowIsAPositiveWithItsIsoTime) {
  const std::string path =
      scratch_file("Sobazaar-hashID.csv",
                   "Action,Timestamp,ItemID,UserID\n"
                   "content:interact:product_clicked,2014-09-01T10:00:00.123Z,9f8e,a1b2\n"
                   "product_wanted,2014-09-01T10:00:00.900Z,77aa,a1b2\n"
                   "purchase:buy_clicked,2014-09-02T08:30:15.000Z,9f8e,-123\n"
                   "pixel-order,2014-09-03T00:00:00.5Z,0042,a1b2\n");
  const RawLog log = load_sobazaar(path);
  EXPECT_EQ(log.name, "sobazaar");
  // Ids are labels numbered in order of first appearance, the numeric-looking
  // "-123" and "0042" too: users a1b2 = 0, -123 = 1; items 9f8e = 0, 77aa = 1, 0042 = 2.
  EXPECT_EQ(log.user, (std::vector<std::int64_t>{0, 0, 1, 0}));
  EXPECT_EQ(log.item, (std::vector<std::int64_t>{0, 1, 0, 2}));
  // Fractions are dropped, so the first two rows share a second (as the reference's
  // split at '.'): 10:00:00 = +36000 s; 2014-09-02 08:30:15 = +86400 + 30615 s.
  EXPECT_EQ(log.timestamp, (std::vector<std::int64_t>{kSep1 + 36000, kSep1 + 36000,
                                                      kSep1 + kDay + 30615, kSep1 + 2 * kDay}));
  EXPECT_TRUE(log.value.empty());  // implicit: every row, whatever its Action, a positive
  EXPECT_TRUE(log.item_categories.empty());
}

TEST(SobazaarLog, MalformedRowsNameTheFileAndLine) {
  const std::string header = "Action,Timestamp,ItemID,UserID\n";
  const std::string ok = "a,2014-09-01T10:00:00Z,i,u\n";
  const std::string month = scratch_file("s1.csv", header + ok + "a,2014-13-01T10:00:00Z,i,u\n");
  expect_data_error([&] { load_sobazaar(month); }, {month + ":3:", "month 13"});
  const std::string space = scratch_file("s2.csv", header + "a,2014-09-01 10:00:00,i,u\n");
  expect_data_error([&] { load_sobazaar(space); }, {space + ":2:", "is not a time"});
  const std::string offset = scratch_file("s3.csv", header + "a,2014-09-01T10:00:00+02:00,i,u\n");
  expect_data_error([&] { load_sobazaar(offset); }, {offset + ":2:", "text after the time"});
  const std::string fields = scratch_file("s4.csv", header + ok + "a,2014-09-01T10:00:00Z,i\n");
  expect_data_error([&] { load_sobazaar(fields); }, {fields + ":3:", "expected 4 fields"});
  const std::string empty_id = scratch_file("s5.csv", header + "a,2014-09-01T10:00:00Z,i,\n");
  expect_data_error([&] { load_sobazaar(empty_id); }, {empty_id + ":2:", "empty user id"});
  const std::string no_user = scratch_file("s6.csv", "Action,Timestamp,ItemID,User\n" + ok);
  expect_data_error([&] { load_sobazaar(no_user); },
                    {no_user + ":1:", "missing column \"UserID\""});
}

TEST(SobazaarLog, AGzipFileIsRefusedWithWhatToDo) {
  const std::string gz =
      scratch_file("Sobazaar-hashID.csv.gz", std::string("\x1f\x8b\x08\x00rest", 8));
  expect_data_error([&] { load_sobazaar(gz); }, {gz + ":", "gzip-compressed", "gunzip"});
}

// The Tmall rows below, with the reference's preparation (clicks, October 2014,
// the top user, items with at least 2 clicks):
//  line 2  user 1 item 10 cat 5  Oct  1 click   kept
//  line 3  user 1 item 10 cat 7  Oct  2 click   kept (item 10's category stays 5)
//  line 4  user 2 item 11 cat 5  Oct  1 buy     dropped: not a click
//  line 5  user 2 item 10 cat 5  Sep 30 click   dropped: before October
//  line 6  user 3 item 12 cat 6  Oct 31 click   dropped: user 3 has 1 row, user 1 has 3
//  line 7  user 1 item 12 cat 6  Oct 31 click   dropped: item 12 has 1 row once user 3
//                                               is gone (2 before): items after users
//  line 8  user 2 item 12 cat 6  Nov  1 click   dropped: after October
std::string tmall_file() {
  return scratch_file("user_log_format1.csv",
                      "user_id,item_id,cat_id,seller_id,brand_id,time_stamp,action_type\n"
                      "1,10,5,100,,1001,0\n"
                      "1,10,7,100,200,1002,0\n"
                      "2,11,5,101,201,1001,2\n"
                      "2,10,5,100,200,930,0\n"
                      "3,12,6,102,202,1031,0\n"
                      "1,12,6,102,202,1031,0\n"
                      "2,12,6,102,202,1101,0\n");
}

LogFilters october(int top_users, int min_item_rows) {
  LogFilters f;
  f.first_day = "2014-10-01";
  f.last_day = "2014-10-31";
  f.top_users = top_users;
  f.min_item_rows = min_item_rows;
  return f;
}

TEST(TmallLog, PreparedAsTheReferenceDoes) {
  const std::string path = tmall_file();
  const RawLog log = load_tmall(path, october(1, 2));
  EXPECT_EQ(log.user, (std::vector<std::int64_t>{1, 1}));
  EXPECT_EQ(log.item, (std::vector<std::int64_t>{10, 10}));
  // A row's time is the start of its day: October 1 and 2, 00:00 UTC.
  EXPECT_EQ(log.timestamp, (std::vector<std::int64_t>{kOct1, kOct1 + kDay}));
  EXPECT_TRUE(log.value.empty());
  // Categories of the kept rows, numbered by raw cat_id: "5" = 0, "7" = 1; the item's
  // is its first kept row's.
  EXPECT_EQ(log.category_names, (std::vector<std::string>{"5", "7"}));
  ASSERT_EQ(log.item_categories.count(10), 1u);
  EXPECT_EQ(log.item_categories.at(10), (std::vector<std::int32_t>{0}));
  EXPECT_EQ(log.lines.line_of(0), 2u);
  EXPECT_EQ(log.lines.line_of(1), 3u);
}

TEST(TmallLog, WithoutTheUserAndItemFiltersEveryOctoberClickIsKept) {
  const RawLog log = load_tmall(tmall_file(), october(0, 0));
  // Lines 2, 3, 6, 7: user 3's and user 1's item-12 clicks come back; line 6 is item 12's
  // first row, so its category is 6 (id 1 among 5, 6, 7).
  EXPECT_EQ(log.user, (std::vector<std::int64_t>{1, 1, 3, 1}));
  EXPECT_EQ(log.item, (std::vector<std::int64_t>{10, 10, 12, 12}));
  EXPECT_EQ(log.timestamp.back(), kOct1 + 30 * kDay);
  EXPECT_EQ(log.category_names, (std::vector<std::string>{"5", "6", "7"}));
  EXPECT_EQ(log.item_categories.at(12), (std::vector<std::int32_t>{1}));
  EXPECT_EQ(log.lines.line_of(2), 6u);
  EXPECT_EQ(log.lines.line_of(3), 7u);
}

TEST(TmallLog, MalformedRowsAreRefusedEvenWhenTheyWouldBeFilteredOut) {
  const std::string header = "user_id,item_id,cat_id,seller_id,brand_id,time_stamp,action_type\n";
  const std::string ok = "1,10,5,100,200,1001,0\n";
  struct Case {
    const char* row;
    const char* part;
  };
  for (const Case& c : {Case{"1,10,5,100,200,1032,0\n", "not a day of 2014"},
                        Case{"1,10,5,100,200,230,2\n", "not a day of 2014"},  // Feb 30, a buy
                        Case{"1,10,5,100,200,13,0\n", "not a day MMDD"},
                        Case{"1,10,5,100,200,1001,4\n", "action_type \"4\""},
                        Case{"-1,10,5,100,200,1001,0\n", "user_id \"-1\""},
                        Case{"1,x,5,100,200,1001,0\n", "item_id \"x\""},
                        Case{"1,10,,100,200,1001,3\n", "cat_id \"\""},
                        Case{"1,10,5,100,1001,0\n", "expected 7 fields"}}) {
    const std::string path = scratch_file("bad.csv", header + ok + c.row);
    expect_data_error([&] { load_tmall(path, october(0, 0)); }, {path + ":3:", c.part});
  }
  const std::string no_cat = scratch_file("nocat.csv", "user_id,item_id,time_stamp,action_type\n");
  expect_data_error([&] { load_tmall(no_cat, october(0, 0)); },
                    {no_cat + ":1:", "missing column \"cat_id\""});
  const std::string only_buys = scratch_file("buys.csv", header + "1,10,5,100,200,1001,2\n");
  expect_data_error([&] { load_tmall(only_buys, october(0, 0)); },
                    {only_buys, "no click (action_type 0)"});
}

RawLog log_at(const std::vector<std::int64_t>& users, const std::vector<std::int64_t>& items,
              const std::vector<std::int64_t>& times) {
  RawLog log;
  log.source = "memory";
  log.user = users;
  log.item = items;
  log.timestamp = times;
  log.value.assign(users.size(), 1.0f);
  return log;
}

TEST(LogFilters, DayRangeKeepsWholeUtcDays) {
  // One second either side of October 2014: 2014-11-01 00:00 = kOct1 + 31 days.
  RawLog log = log_at({1, 2, 3, 4}, {1, 1, 1, 1},
                      {kOct1 - 1, kOct1, kOct1 + 31 * kDay - 1, kOct1 + 31 * kDay});
  LogFilters f;
  f.first_day = "2014-10-01";
  f.last_day = "2014-10-31";
  apply_log_filters(log, f);
  EXPECT_EQ(log.user, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(log.value.size(), 2u);
  f.first_day = "2014-11-01";
  EXPECT_THROW(apply_log_filters(log, f), UsageError);  // after last_day
  f.first_day = "2014-10-32";
  EXPECT_THROW(apply_log_filters(log, f), UsageError);
  f.first_day = "2015-01-01";
  f.last_day.clear();
  expect_data_error([&] { apply_log_filters(log, f); }, {"memory", "no row is left"});
}

TEST(LogFilters, TopUsersBreakTiesBySmallerId) {
  // Users 7 and 5 have 2 rows each, user 9 one: the top 1 is user 5 (tie, smaller id).
  RawLog log = log_at({7, 5, 7, 9, 5}, {1, 2, 3, 4, 5}, {1, 2, 3, 4, 5});
  LogFilters f;
  f.top_users = 1;
  apply_log_filters(log, f);
  EXPECT_EQ(log.user, (std::vector<std::int64_t>{5, 5}));
  EXPECT_EQ(log.item, (std::vector<std::int64_t>{2, 5}));
  EXPECT_EQ(log.timestamp, (std::vector<std::int64_t>{2, 5}));
}

}  // namespace
}  // namespace crbench
