// Tests of load_interaction_csv: columns found by name, optional label and category
// columns, text and numeric ids.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "datasets/loaders.hpp"
#include "tests/datasets/test_files.hpp"

namespace crbench {
namespace {

TEST(InteractionCsvLoader, LabelAndCategoryColumnsWithTextUserIds) {
  CsvColumns columns;
  columns.user = "user_name";
  columns.item = "item";
  columns.timestamp = "time";
  columns.label = "clicked";
  columns.category = "tags";
  const RawLog log = load_interaction_csv(testing::fixture("interactions.csv"), columns);
  // alice, bob, carol numbered in order of first appearance.
  EXPECT_EQ(log.user, (std::vector<std::int64_t>{0, 1, 0, 2}));
  EXPECT_EQ(log.item, (std::vector<std::int64_t>{100, 200, 200, 300}));
  EXPECT_EQ(log.timestamp, (std::vector<std::int64_t>{50, 40, 60, 60}));
  EXPECT_EQ(log.value, (std::vector<float>{1, 0, 1, 0}));
  // Item 200 keeps the categories of its first row ("blue"); "green" is never seen.
  EXPECT_EQ(log.category_names, (std::vector<std::string>{"red", "big", "blue"}));
  const std::unordered_map<std::int64_t, std::vector<std::int32_t>> expected = {{100, {0, 1}},
                                                                                {200, {2}}};
  EXPECT_EQ(log.item_categories, expected);
  EXPECT_EQ(log.source, testing::fixture("interactions.csv"));
  EXPECT_EQ(log.name, "interactions");
}

TEST(InteractionCsvLoader, NumericIdsKeptAsTheyAreWithOtherSeparators) {
  const std::string path = testing::scratch_file("log.csv",
                                                 "ts;item;uid;extra\n"
                                                 "300;9000000000;17;x\n"
                                                 "100; 5 ;0;\"a;b\"\n"
                                                 "200;5;17;y\n");
  CsvColumns columns;
  columns.user = "uid";
  columns.timestamp = "ts";
  columns.separator = ';';
  const RawLog log = load_interaction_csv(path, columns);
  EXPECT_EQ(log.user, (std::vector<std::int64_t>{17, 0, 17}));
  EXPECT_EQ(log.item, (std::vector<std::int64_t>{9000000000LL, 5, 5}));
  EXPECT_EQ(log.timestamp, (std::vector<std::int64_t>{300, 100, 200}));
  EXPECT_TRUE(log.value.empty());  // no label column: implicit positives
  EXPECT_TRUE(log.item_categories.empty());
  EXPECT_TRUE(log.category_names.empty());
}

TEST(InteractionCsvLoader, QuotedHeaderNamesAndQuotedQuotes) {
  const std::string path = testing::scratch_file("quoted.csv",
                                                 "\"user\",\"item\",\"timestamp\",\"category\"\n"
                                                 "u1,i1,10,\"say \"\"hi\"\"|b\"\n");
  CsvColumns columns;
  columns.category = "category";
  const RawLog log = load_interaction_csv(path, columns);
  EXPECT_EQ(log.category_names, (std::vector<std::string>{"say \"hi\"", "b"}));
  EXPECT_EQ(log.item, std::vector<std::int64_t>{0});
}

}  // namespace
}  // namespace crbench
