// Tests of load_movielens on small hand-written fixtures in each of the three public
// layouts (tests/datasets/data/ml-100k, ml-1m, ml-latest), which hold the same six
// ratings and five movies and so must give the same RawLog.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "datasets/loaders.hpp"
#include "tests/datasets/test_files.hpp"

namespace crbench {
namespace {

using testing::fixture;

// The fixtures' content, written out by hand from the files.
void expect_fixture_content(const RawLog& log) {
  EXPECT_EQ(log.user, (std::vector<std::int64_t>{1, 1, 2, 2, 3, 3}));
  EXPECT_EQ(log.item, (std::vector<std::int64_t>{10, 20, 10, 30, 40, 20}));
  EXPECT_EQ(log.timestamp, (std::vector<std::int64_t>{881250949, 881250960, 881250950, 881251000,
                                                      881250949, 881252000}));
  EXPECT_EQ(log.value, (std::vector<float>{4, 3, 5, 2, 1, 4}));
  // Genres in order of first appearance: Action, Comedy (movie 10), Drama, Sci-Fi
  // (movie 40), Western (movie 50); movie 30 has none.
  EXPECT_EQ(log.category_names,
            (std::vector<std::string>{"Action", "Comedy", "Drama", "Sci-Fi", "Western"}));
  const std::unordered_map<std::int64_t, std::vector<std::int32_t>> expected = {
      {10, {0, 1}}, {20, {1}}, {40, {0, 2, 3}}, {50, {4}}};
  EXPECT_EQ(log.item_categories, expected);
}

TEST(MovieLensLoader, Ml100kUDataAndUItem) {
  const RawLog log = load_movielens(fixture("ml-100k/u.data"), fixture("ml-100k/u.item"));
  expect_fixture_content(log);
  EXPECT_EQ(log.name, "ml-100k");
  EXPECT_NE(log.source.find("u.data"), std::string::npos);
  EXPECT_NE(log.source.find("u.item"), std::string::npos);
}

TEST(MovieLensLoader, Ml1mRatingsDatAndMoviesDat) {
  const RawLog log = load_movielens(fixture("ml-1m/ratings.dat"), fixture("ml-1m/movies.dat"));
  expect_fixture_content(log);
  EXPECT_EQ(log.name, "ml-1m");
}

TEST(MovieLensLoader, MlLatestRatingsCsvAndMoviesCsvWithQuotedCommaTitles) {
  const RawLog log =
      load_movielens(fixture("ml-latest/ratings.csv"), fixture("ml-latest/movies.csv"));
  expect_fixture_content(log);
  EXPECT_EQ(log.name, "ml-latest");
}

TEST(MovieLensLoader, FormatsAreDetectedFromContentNotFileName) {
  // ratings.dat content under a .csv name, u.item content under movies.csv's name.
  const std::string ratings =
      testing::scratch_file("ratings.csv",
                            "1::10::4::881250949\n1::20::3::881250960\n2::10::5::881250950\n"
                            "2::30::2::881251000\n3::40::1::881250949\n3::20::4::881252000\n");
  const RawLog log = load_movielens(ratings, fixture("ml-100k/u.item"));
  expect_fixture_content(log);
}

TEST(MovieLensLoader, WithoutGenresFileThereAreNoCategories) {
  const RawLog log = load_movielens(fixture("ml-100k/u.data"));
  EXPECT_EQ(log.user.size(), 6u);
  EXPECT_TRUE(log.item_categories.empty());
  EXPECT_TRUE(log.category_names.empty());
}

TEST(MovieLensLoader, U100kUnknownFlagIsItsOwnGenre) {
  // The first flag of u.item is the genre "unknown"; it is a category like the others.
  const std::string item = testing::scratch_file(
      "u.item",
      "7|Mystery Film (1990)|01-Jan-1990||http://x|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
  const std::string data = testing::scratch_file("u.data", "1\t7\t4\t881250949\n");
  const RawLog log = load_movielens(data, item);
  EXPECT_EQ(log.category_names, std::vector<std::string>{"unknown"});
  ASSERT_EQ(log.item_categories.count(7), 1u);
  EXPECT_EQ(log.item_categories.at(7), std::vector<std::int32_t>{0});
}

TEST(MovieLensLoader, HalfStarRatingsAndBlankTrailingLinesAreRead) {
  const std::string ratings = testing::scratch_file(
      "ratings.csv", "userId,movieId,rating,timestamp\n5,6,3.5,100\n5,7,0.5,101\n\n");
  const RawLog log = load_movielens(ratings);
  EXPECT_EQ(log.value, (std::vector<float>{3.5f, 0.5f}));
  EXPECT_EQ(log.timestamp, (std::vector<std::int64_t>{100, 101}));
}

}  // namespace
}  // namespace crbench
