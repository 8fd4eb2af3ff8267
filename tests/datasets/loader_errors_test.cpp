// Tests that bad input files give DataError "path:line: message" (or "path: message"
// for faults of the whole file) and nothing else: one test per kind of fault.
#include <gtest/gtest.h>

#include <string>

#include "datasets/loaders.hpp"
#include "tests/datasets/test_files.hpp"

namespace crbench {
namespace {

using testing::expect_data_error;
using testing::scratch_file;

CsvColumns plain_columns() { return CsvColumns{}; }  // user,item,timestamp

TEST(LoaderErrors, MalformedLineInUData) {
  const std::string path = scratch_file("u.data", "1\t2\t3\t100\n1\t3\t4\n");
  expect_data_error([&] { load_movielens(path); }, {path + ":2:", "malformed", "4"});
}

TEST(LoaderErrors, MalformedLineInRatingsDat) {
  const std::string path = scratch_file("ratings.dat", "1::2::3::100\n1::3::4::5::6\n");
  expect_data_error([&] { load_movielens(path); }, {path + ":2:", "malformed"});
}

TEST(LoaderErrors, MalformedLineInRatingsCsv) {
  const std::string path = scratch_file(
      "ratings.csv", "userId,movieId,rating,timestamp\n1,2,3.0,100\n1,2,3.0,100\n1,3,100\n");
  expect_data_error([&] { load_movielens(path); }, {path + ":4:", "malformed"});
}

TEST(LoaderErrors, MalformedLineInMoviesCsvUnclosedQuote) {
  const std::string movies = scratch_file(
      "movies.csv", "movieId,title,genres\n1,Fine (1990),Drama\n2,\"Broken, (1990),Drama\n");
  expect_data_error([&] { load_movielens(testing::fixture("ml-latest/ratings.csv"), movies); },
                    {movies + ":3:", "quote"});
}

TEST(LoaderErrors, MalformedLineInUItem) {
  const std::string item = scratch_file("u.item", "1|Too short|01-Jan-1995||url|0|1\n");
  expect_data_error([&] { load_movielens(testing::fixture("ml-100k/u.data"), item); },
                    {item + ":1:", "malformed"});
}

TEST(LoaderErrors, MalformedLineInGenericCsv) {
  const std::string path = scratch_file("log.csv", "user,item,timestamp\n1,2,3\n1,2\n");
  expect_data_error([&] { load_interaction_csv(path, plain_columns()); },
                    {path + ":3:", "malformed", "expected 3 fields"});
}

TEST(LoaderErrors, MissingColumnInGenericCsv) {
  const std::string path = scratch_file("log.csv", "user,item,time\n1,2,3\n");
  expect_data_error([&] { load_interaction_csv(path, plain_columns()); },
                    {path + ":1:", "missing column \"timestamp\""});
}

TEST(LoaderErrors, MissingOptionalColumnThatWasAskedFor) {
  const std::string path = scratch_file("log.csv", "user,item,timestamp\n1,2,3\n");
  CsvColumns columns;
  columns.label = "rating";
  expect_data_error([&] { load_interaction_csv(path, columns); },
                    {path + ":1:", "missing column \"rating\""});
}

TEST(LoaderErrors, MissingColumnInRatingsCsv) {
  const std::string path = scratch_file("ratings.csv", "userId,movieId,timestamp\n1,2,100\n");
  expect_data_error([&] { load_movielens(path); }, {path + ":1:", "missing column \"rating\""});
}

TEST(LoaderErrors, NonNumericTimestampInUData) {
  const std::string path = scratch_file("u.data", "1\t2\t3\t100\n1\t3\t4\t12:30\n");
  expect_data_error([&] { load_movielens(path); }, {path + ":2:", "non-numeric timestamp"});
}

TEST(LoaderErrors, NonNumericTimestampInRatingsCsv) {
  const std::string path =
      scratch_file("ratings.csv", "userId,movieId,rating,timestamp\n1,2,3.0,2018-01-01\n");
  expect_data_error([&] { load_movielens(path); }, {path + ":2:", "non-numeric timestamp"});
}

TEST(LoaderErrors, NonNumericTimestampInGenericCsv) {
  const std::string path = scratch_file("log.csv", "user,item,timestamp\n1,2,3\n1,2,4\n1,2,\n");
  expect_data_error([&] { load_interaction_csv(path, plain_columns()); },
                    {path + ":4:", "non-numeric timestamp"});
}

TEST(LoaderErrors, NonNumericRatingAndIds) {
  const std::string rating = scratch_file("a.dat", "1::2::3::100\n1::2::four::100\n");
  expect_data_error([&] { load_movielens(rating); }, {rating + ":2:", "non-numeric rating"});
  const std::string empty_rating =
      scratch_file("b.csv", "userId,movieId,rating,timestamp\n1,2,,100\n");
  expect_data_error([&] { load_movielens(empty_rating); },
                    {empty_rating + ":2:", "non-numeric rating"});
  const std::string user = scratch_file("c.data", "1\t2\t3\t100\nx\t2\t3\t100\n");
  expect_data_error([&] { load_movielens(user); }, {user + ":2:", "non-numeric user id"});
  const std::string movie = scratch_file("d.dat", "1::2::3::100\n");
  const std::string genres = scratch_file("movies.dat", "1::A (1990)::Drama\nM2::B::Drama\n");
  expect_data_error([&] { load_movielens(movie, genres); },
                    {genres + ":2:", "non-numeric movie id"});
  // A numeric id column that later holds text is an error, not a silent re-mapping.
  const std::string mixed = scratch_file("e.csv", "user,item,timestamp\n1,2,3\nbob,2,4\n");
  expect_data_error([&] { load_interaction_csv(mixed, plain_columns()); },
                    {mixed + ":3:", "non-numeric user id"});
  const std::string label = scratch_file("f.csv", "user,item,timestamp,y\n1,2,3,1\n1,2,4,yes\n");
  CsvColumns columns;
  columns.label = "y";
  expect_data_error([&] { load_interaction_csv(label, columns); },
                    {label + ":3:", "non-numeric label"});
}

TEST(LoaderErrors, EmptyFiles) {
  const std::string empty = scratch_file("u.data", "");
  expect_data_error([&] { load_movielens(empty); }, {empty + ":", "empty file"});
  const std::string header_only = scratch_file("ratings.csv", "userId,movieId,rating,timestamp\n");
  expect_data_error([&] { load_movielens(header_only); }, {header_only + ":", "no data rows"});
  const std::string blank = scratch_file("blank.csv", "\n\n");
  expect_data_error([&] { load_interaction_csv(blank, plain_columns()); },
                    {blank + ":", "empty file"});
  const std::string csv_header_only = scratch_file("log.csv", "user,item,timestamp\n");
  expect_data_error([&] { load_interaction_csv(csv_header_only, plain_columns()); },
                    {csv_header_only + ":", "no data rows"});
  const std::string empty_genres = scratch_file("movies.csv", "");
  expect_data_error(
      [&] { load_movielens(testing::fixture("ml-latest/ratings.csv"), empty_genres); },
      {empty_genres + ":", "empty file"});
}

TEST(LoaderErrors, UnreadableFile) {
  const std::string missing = testing::fixture("no-such-folder/ratings.csv");
  expect_data_error([&] { load_movielens(missing); }, {missing + ":", "cannot open"});
  expect_data_error([&] { load_interaction_csv(missing, plain_columns()); },
                    {missing + ":", "cannot open"});
  expect_data_error([&] { load_movielens(testing::fixture("ml-latest/ratings.csv"), missing); },
                    {missing + ":", "cannot open"});
  const std::string folder = testing::fixture("ml-latest");
  expect_data_error([&] { load_movielens(folder); }, {folder + ":", "directory"});
}

TEST(LoaderErrors, UnrecognisedMovieLensFormat) {
  const std::string path = scratch_file("ratings.txt", "1 2 3 100\n");
  expect_data_error([&] { load_movielens(path); }, {path + ":1:", "not a MovieLens"});
}

}  // namespace
}  // namespace crbench
