// Values checked against their format (docs/input-formats.md): ratings on the
// format's star scale, timestamps in Unix seconds, the genres file consistent
// with the ratings, the generic CSV's header unambiguous; every rejection names
// the file and line. One test per kind of fault, and the real releases' own
// oddities accepted.
#include <gtest/gtest.h>

#include <string>

#include "datasets/loaders.hpp"
#include "datasets/stream_builder.hpp"
#include "tests/datasets/test_files.hpp"

namespace crbench {
namespace {

using testing::expect_data_error;
using testing::fixture;
using testing::scratch_file;

TEST(ValueChecks, UDataRatingsAreWholeStarsFromOneToFive) {
  for (const char* bad : {"6", "0", "3.5", "-1", "7.0"}) {
    const std::string path =
        scratch_file("u.data", std::string("1\t2\t3\t881250949\n1\t3\t") + bad + "\t881250950\n");
    expect_data_error(
        [&] { load_movielens(path); },
        {path + ":2:", std::string("rating \"") + bad + "\"", "whole star from 1 to 5"});
  }
  const std::string fine = scratch_file("u.data", "1\t2\t1\t881250949\n1\t3\t5.0\t881250950\n");
  EXPECT_EQ(load_movielens(fine).value, (std::vector<float>{1.0f, 5.0f}));
}

TEST(ValueChecks, RatingsCsvRatingsAreHalfStarsFromHalfToFive) {
  for (const char* bad : {"3.7", "5.5", "0", "-1.0", "0.25"}) {
    const std::string path = scratch_file(
        "ratings.csv", std::string("userId,movieId,rating,timestamp\n1,2,4.0,881250949\n1,3,") +
                           bad + ",881250950\n");
    expect_data_error([&] { load_movielens(path); },
                      {path + ":3:", std::string("rating \"") + bad + "\"", "half steps"});
  }
}

// ml-1m (whole stars) and ml-10M (half stars) both write ratings.dat, so it takes
// half stars: both releases load, anything off the half-star scale does not.
TEST(ValueChecks, RatingsDatTakesTheWholeAndTheHalfStarReleases) {
  const std::string ml1m = scratch_file("a.dat", "1::2::1::881250949\n1::3::5::881250950\n");
  EXPECT_EQ(load_movielens(ml1m).value, (std::vector<float>{1.0f, 5.0f}));
  const std::string ml10m = scratch_file("b.dat", "1::2::0.5::881250949\n1::3::4.5::881250950\n");
  EXPECT_EQ(load_movielens(ml10m).value, (std::vector<float>{0.5f, 4.5f}));
  const std::string bad = scratch_file("c.dat", "1::2::4::881250949\n1::3::7.0::881250950\n");
  expect_data_error([&] { load_movielens(bad); }, {bad + ":2:", "rating \"7.0\"", "half steps"});
}

TEST(ValueChecks, TimestampsAreUnixSecondsFrom1970To2100) {
  const std::string negative = scratch_file("u.data", "1\t2\t3\t881250949\n1\t3\t4\t-5\n");
  expect_data_error([&] { load_movielens(negative); },
                    {negative + ":2:", "timestamp -5 is outside 1970-01-01 .. 2100-01-01"});
  // Milliseconds are the usual slip: said so.
  const std::string millis =
      scratch_file("ratings.csv", "userId,movieId,rating,timestamp\n1,2,4.0,1514764800000\n");
  expect_data_error([&] { load_movielens(millis); },
                    {millis + ":2:", "timestamp 1514764800000", "milliseconds?"});
  const std::string absurd = scratch_file("r.dat", "1::2::4::9223372036854775807\n");
  expect_data_error([&] { load_movielens(absurd); }, {absurd + ":1:", "outside 1970-01-01"});
  const std::string csv = scratch_file("log.csv", "user,item,timestamp\n1,2,3\n1,2,-1\n");
  expect_data_error([&] { load_interaction_csv(csv, CsvColumns{}); },
                    {csv + ":3:", "timestamp -1 is outside"});
  // The last second before 2100 is fine.
  const std::string edge = scratch_file("edge.data", "1\t2\t3\t4102444799\n");
  EXPECT_EQ(load_movielens(edge).timestamp, (std::vector<std::int64_t>{4102444799}));
}

TEST(ValueChecks, ARatedMovieMissingFromTheGenresFileIsNamedOnTheRatingsLine) {
  const std::string ratings = scratch_file(
      "ratings.csv", "userId,movieId,rating,timestamp\n1,10,4.0,881250949\n1,99,3.0,881250950\n");
  const std::string movies = scratch_file("movies.csv", "movieId,title,genres\n10,A,Drama\n");
  expect_data_error([&] { load_movielens(ratings, movies); },
                    {ratings + ":3:", "movie 99 is not in the genres file " + movies});
  const std::string data = scratch_file("u.data", "1\t7\t4\t881250949\n");
  expect_data_error([&] { load_movielens(data, fixture("ml-100k/u.item")); },
                    {data + ":1:", "movie 7 is not in the genres file"});
}

TEST(ValueChecks, AMovieListedTwiceNamesBothLines) {
  const std::string ratings = fixture("ml-latest/ratings.csv");
  const std::string csv =
      scratch_file("movies.csv", "movieId,title,genres\n10,A,Drama\n20,B,Comedy\n10,C,Action\n");
  expect_data_error([&] { load_movielens(ratings, csv); },
                    {csv + ":4:", "movie 10 is listed twice (first on line 2)"});
  const std::string dat = scratch_file("movies.dat", "10::A::Drama\n\n10::B::Comedy\n");
  expect_data_error([&] { load_movielens(fixture("ml-1m/ratings.dat"), dat); },
                    {dat + ":3:", "movie 10 is listed twice (first on line 1)"});
  const std::string flags = "|0|1|0|0|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n";
  const std::string item = scratch_file(
      "u.item", "10|Heat|d||u" + flags + "20|Good|d||u" + flags + "10|Heat|d||u" + flags);
  expect_data_error([&] { load_movielens(fixture("ml-100k/u.data"), item); },
                    {item + ":3:", "movie 10 is listed twice (first on line 1)"});
}

// ml-10M and ml-latest* write a movie without genres as "(no genres listed)", and
// ml-100k as 19 zero flags: accepted, the movie known and without categories. An
// empty field or an empty name between bars is in no release: refused.
TEST(ValueChecks, MoviesWithoutGenresAreWrittenAsTheReleasesWriteThem) {
  const std::string ratings = scratch_file(
      "ratings.csv", "userId,movieId,rating,timestamp\n1,10,4.0,881250949\n1,20,3.0,881250950\n");
  const std::string listed =
      scratch_file("movies.csv", "movieId,title,genres\n10,A,Drama\n20,B,(no genres listed)\n");
  const RawLog log = load_movielens(ratings, listed);
  EXPECT_EQ(log.item_categories.count(20), 0u);
  EXPECT_EQ(log.item_categories.count(10), 1u);
  const std::string zeros =
      scratch_file("u.item", "10|A|d||u|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n");
  const std::string data = scratch_file("u.data", "1\t10\t4\t881250949\n");
  EXPECT_TRUE(load_movielens(data, zeros).item_categories.empty());

  const std::string empty_csv = scratch_file("movies.csv", "movieId,title,genres\n10,A,\n20,B,C\n");
  expect_data_error([&] { load_movielens(ratings, empty_csv); },
                    {empty_csv + ":2:", "empty genres field", "(no genres listed)"});
  const std::string empty_dat = scratch_file("movies.dat", "10::A::Drama\n20::B::\n");
  expect_data_error([&] { load_movielens(ratings, empty_dat); },
                    {empty_dat + ":2:", "empty genres field"});
  const std::string empty_name = scratch_file("movies.dat", "10::A::Action||Drama\n20::B::C\n");
  expect_data_error([&] { load_movielens(ratings, empty_name); },
                    {empty_name + ":1:", "empty genre name in \"Action||Drama\""});
}

TEST(ValueChecks, AGenericCsvColumnThatIsUsedMustNotRepeat) {
  const std::string twice = scratch_file("log.csv", "user,item,timestamp,user\n1,2,3,4\n");
  expect_data_error(
      [&] { load_interaction_csv(twice, CsvColumns{}); },
      {twice + ":1:", "column \"user\" appears twice in the header (fields 1 and 4)"});
  // A repeated column that is not used is harmless.
  const std::string unused = scratch_file("log.csv", "note,user,item,timestamp,note\nx,1,2,3,y\n");
  EXPECT_EQ(load_interaction_csv(unused, CsvColumns{}).user.size(), 1u);
}

// A given label that is not 0 or 1 is found when the log is labelled, after
// loading: the message still names the file and the line (blank lines included),
// not a count of data rows.
TEST(ValueChecks, AGivenLabelErrorNamesThePhysicalLine) {
  const std::string path = scratch_file(
      "log.csv", "user,item,timestamp,label\n1,2,3,1\n\n1,3,4,0\n\n\n2,2,5,2\n2,3,6,0\n");
  CsvColumns columns;
  columns.label = "label";
  const RawLog raw = load_interaction_csv(path, columns);
  StreamOptions options;
  options.label_rule = LabelRule::kGivenLabel;
  options.num_periods = 2;
  expect_data_error([&] { build_stream(raw, options); }, {path + ":7:", "label 2 is not 0 or 1"});
}

// A 10 MB field or binary bytes are quoted capped and escaped, not echoed whole.
TEST(ValueChecks, MessagesQuoteAtMostAnExcerptOfAField) {
  const std::string huge = scratch_file(
      "u.data", "1\t2\t3\t881250949\n" + std::string(10u << 20, '7') + "x\t3\t4\t881250950\n");
  try {
    load_movielens(huge);
    ADD_FAILURE() << "expected DataError";
  } catch (const DataError& e) {
    const std::string message = e.what();
    EXPECT_LT(message.size(), huge.size() + 200);
    EXPECT_NE(message.find(huge + ":2: non-numeric user id"), std::string::npos) << message;
    EXPECT_NE(message.find("[10485761 bytes]"), std::string::npos) << message;
  }
  const std::string binary =
      scratch_file("log.csv", std::string("user,item,timestamp\n1,2,\x01\x02\xff\n"));
  expect_data_error([&] { load_interaction_csv(binary, CsvColumns{}); },
                    {binary + ":2:", "non-numeric timestamp \"\\x01\\x02\\xFF\""});
}

TEST(ValueChecks, AByteOrderMarkBeforeAHeaderIsSkipped) {
  const std::string path = scratch_file("log.csv", "\xEF\xBB\xBFuser,item,timestamp\n1,2,3\n");
  EXPECT_EQ(load_interaction_csv(path, CsvColumns{}).user.size(), 1u);
  const std::string ratings = scratch_file(
      "ratings.csv", "\xEF\xBB\xBFuserId,movieId,rating,timestamp\n1,2,4.0,881250949\n");
  EXPECT_EQ(load_movielens(ratings).user.size(), 1u);
}

}  // namespace
}  // namespace crbench
