// load_movielens: reads the three public MovieLens layouts (ml-100k u.data/u.item,
// ml-1m/10m ratings.dat/movies.dat, ml-latest* ratings.csv/movies.csv), telling them
// apart by content so that a user's copy works under any file name.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "datasets/category_table.hpp"
#include "datasets/fccp.hpp"
#include "datasets/field_parsing.hpp"
#include "datasets/loaders.hpp"
#include "datasets/text_file.hpp"

namespace crbench {
namespace {

using internal::CategoryTable;
using internal::TextFile;

// fast-cpp-csv-parser configuration for the two ml-latest CSV files: quoted titles
// may contain commas, and blank lines are skipped rather than taken as short rows.
template <unsigned kColumns>
using MovieLensCsvReader =
    io::CSVReader<kColumns, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>,
                  io::throw_on_overflow, io::empty_line_comment>;

// ml-100k's u.item has 19 genre flags in this fixed order (the dataset's u.genre).
constexpr std::array<const char*, 19> kGenres100k = {
    "unknown",     "Action", "Adventure", "Animation", "Children's", "Comedy",  "Crime",
    "Documentary", "Drama",  "Fantasy",   "Film-Noir", "Horror",     "Musical", "Mystery",
    "Romance",     "Sci-Fi", "Thriller",  "War",       "Western"};

enum class RatingsFormat { kUData, kDat, kCsv };
enum class GenresFormat { kUItem, kDat, kCsv };

// The first non-blank line of `path` and its line number; DataError when there is none.
std::string first_line(const std::string& path, std::size_t& line) {
  TextFile file(path);
  const char* text = file.next_line();
  if (text == nullptr) throw DataError(path, 0, "empty file: no data rows");
  line = file.line();
  return text;
}

bool starts_with_word(std::string_view line, std::string_view word) {
  line = internal::trim(line);
  if (!line.empty() && line.front() == '"') line.remove_prefix(1);
  return line.substr(0, word.size()) == word;
}

RatingsFormat detect_ratings_format(const std::string& path) {
  std::size_t line = 0;
  const std::string text = first_line(path, line);
  if (text.find("::") != std::string::npos) return RatingsFormat::kDat;
  if (text.find('\t') != std::string::npos) return RatingsFormat::kUData;
  if (starts_with_word(text, "userId")) return RatingsFormat::kCsv;
  throw DataError(path, line,
                  "not a MovieLens ratings file: expected u.data (tab-separated), ratings.dat "
                  "('::'-separated) or ratings.csv (header userId,movieId,rating,timestamp)");
}

GenresFormat detect_genres_format(const std::string& path) {
  std::size_t line = 0;
  const std::string text = first_line(path, line);
  if (text.find("::") != std::string::npos) return GenresFormat::kDat;
  if (starts_with_word(text, "movieId")) return GenresFormat::kCsv;
  if (text.find('|') != std::string::npos) return GenresFormat::kUItem;
  throw DataError(path, line,
                  "not a MovieLens movies file: expected u.item ('|'-separated), movies.dat "
                  "('::'-separated) or movies.csv (header movieId,title,genres)");
}

std::int64_t parse_id(const std::string& path, std::size_t line, std::string_view field,
                      const char* what) {
  std::int64_t id = 0;
  if (!internal::parse_int64(field, id)) {
    throw DataError(path, line,
                    std::string("non-numeric ") + what + " \"" + std::string(field) + "\"");
  }
  if (id < 0) throw DataError(path, line, std::string("negative ") + what);
  return id;
}

void append_rating(const std::string& path, std::size_t line, std::string_view user,
                   std::string_view item, std::string_view rating, std::string_view timestamp,
                   RawLog& log) {
  const std::int64_t user_id = parse_id(path, line, user, "user id");
  const std::int64_t item_id = parse_id(path, line, item, "movie id");
  float value = 0;
  if (!internal::parse_float(rating, value)) {
    throw DataError(path, line, "non-numeric rating \"" + std::string(rating) + "\"");
  }
  std::int64_t seconds = 0;
  if (!internal::parse_int64(timestamp, seconds)) {
    throw DataError(path, line, "non-numeric timestamp \"" + std::string(timestamp) + "\"");
  }
  log.user.push_back(user_id);
  log.item.push_back(item_id);
  log.value.push_back(value);
  log.timestamp.push_back(seconds);
}

// u.data (tab) and ratings.dat ("::"): four fields user, item, rating, timestamp.
void read_delimited_ratings(const std::string& path, std::string_view separator,
                            const char* separator_name, RawLog& log) {
  TextFile file(path);
  std::vector<std::string_view> fields;
  while (char* text = file.next_line()) {
    internal::split_fields(text, separator, fields);
    if (fields.size() != 4) {
      file.fail("malformed line: expected 4 " + std::string(separator_name) +
                "-separated fields (user, movie, rating, timestamp), found " +
                std::to_string(fields.size()));
    }
    append_rating(path, file.line(), fields[0], fields[1], fields[2], fields[3], log);
  }
}

void read_csv_ratings(const std::string& path, RawLog& log) {
  std::size_t line = 1;
  try {
    MovieLensCsvReader<4> reader(path);
    reader.read_header(io::ignore_extra_column, "userId", "movieId", "rating", "timestamp");
    char* user = nullptr;
    char* item = nullptr;
    char* rating = nullptr;
    char* timestamp = nullptr;
    for (;;) {
      line = reader.get_file_line() + 1;
      if (!reader.read_row(user, item, rating, timestamp)) break;
      line = reader.get_file_line();
      append_rating(path, line, user, item, rating, timestamp, log);
    }
  } catch (const io::error::base& e) {
    internal::rethrow_as_data_error(e, path, line);
  }
}

// "Action|Comedy" -> category ids; "(no genres listed)" (ml-latest) means none.
std::vector<std::int32_t> parse_genre_list(std::string_view genres, CategoryTable& table) {
  std::vector<std::int32_t> ids;
  genres = internal::trim(genres);
  if (genres == "(no genres listed)") return ids;
  while (!genres.empty()) {
    const std::size_t bar = genres.find('|');
    const std::string_view name = internal::trim(genres.substr(0, bar));
    if (!name.empty()) internal::add_unique(ids, table.id_of(name));
    if (bar == std::string_view::npos) break;
    genres.remove_prefix(bar + 1);
  }
  return ids;
}

// A movie listed twice keeps its first genre list; movies without genres get no entry.
void attach_categories(std::int64_t item, std::vector<std::int32_t> ids, RawLog& log) {
  if (!ids.empty()) log.item_categories.try_emplace(item, std::move(ids));
}

void read_uitem(const std::string& path, RawLog& log) {
  constexpr std::size_t kFlagsBegin = 5;  // id|title|release|video release|URL|flags...
  TextFile file(path);
  CategoryTable table(log.category_names);
  std::vector<std::string_view> fields;
  while (char* text = file.next_line()) {
    internal::split_fields(text, "|", fields);
    if (fields.size() != kFlagsBegin + kGenres100k.size()) {
      file.fail("malformed line: expected " + std::to_string(kFlagsBegin + kGenres100k.size()) +
                " '|'-separated fields (id, title, dates, URL, 19 genre flags), found " +
                std::to_string(fields.size()));
    }
    const std::int64_t item = parse_id(path, file.line(), fields[0], "movie id");
    std::vector<std::int32_t> ids;
    for (std::size_t g = 0; g < kGenres100k.size(); ++g) {
      const std::string_view flag = internal::trim(fields[kFlagsBegin + g]);
      if (flag == "1") {
        ids.push_back(table.id_of(kGenres100k[g]));
      } else if (flag != "0") {
        file.fail("genre flag \"" + std::string(flag) + "\" for " + kGenres100k[g] +
                  " is not 0 or 1");
      }
    }
    attach_categories(item, std::move(ids), log);
  }
}

void read_movies_dat(const std::string& path, RawLog& log) {
  TextFile file(path);
  CategoryTable table(log.category_names);
  while (char* text = file.next_line()) {
    // Split at the first and last "::" so that a title containing "::" still parses.
    const std::string_view line(text);
    const std::size_t first = line.find("::");
    const std::size_t last = line.rfind("::");
    if (first == std::string_view::npos || last == first) {
      file.fail("malformed line: expected movieId::title::genres");
    }
    const std::int64_t item = parse_id(path, file.line(), line.substr(0, first), "movie id");
    attach_categories(item, parse_genre_list(line.substr(last + 2), table), log);
  }
}

void read_movies_csv(const std::string& path, RawLog& log) {
  CategoryTable table(log.category_names);
  std::size_t line = 1;
  try {
    MovieLensCsvReader<3> reader(path);
    reader.read_header(io::ignore_extra_column, "movieId", "title", "genres");
    char* id = nullptr;
    char* title = nullptr;
    char* genres = nullptr;
    for (;;) {
      line = reader.get_file_line() + 1;
      if (!reader.read_row(id, title, genres)) break;
      line = reader.get_file_line();
      const std::int64_t item = parse_id(path, line, id, "movie id");
      attach_categories(item, parse_genre_list(genres, table), log);
    }
  } catch (const io::error::base& e) {
    internal::rethrow_as_data_error(e, path, line);
  }
}

// "…/ml-latest-small/ratings.csv" -> "ml-latest-small": the folder names the release.
std::string dataset_name(const std::string& ratings_path) {
  const std::string folder = std::filesystem::path(ratings_path).parent_path().filename().string();
  return folder.empty() || folder == "." || folder == ".." ? "movielens" : folder;
}

}  // namespace

RawLog load_movielens(const std::string& ratings_path, const std::string& genres_path) {
  RawLog log;
  log.name = dataset_name(ratings_path);
  log.source = genres_path.empty() ? ratings_path : ratings_path + " + " + genres_path;

  switch (detect_ratings_format(ratings_path)) {
    case RatingsFormat::kUData:
      read_delimited_ratings(ratings_path, "\t", "tab", log);
      break;
    case RatingsFormat::kDat:
      read_delimited_ratings(ratings_path, "::", "'::'", log);
      break;
    case RatingsFormat::kCsv:
      read_csv_ratings(ratings_path, log);
      break;
  }
  if (log.user.empty()) throw DataError(ratings_path, 0, "empty file: no data rows");

  if (!genres_path.empty()) {
    switch (detect_genres_format(genres_path)) {
      case GenresFormat::kUItem:
        read_uitem(genres_path, log);
        break;
      case GenresFormat::kDat:
        read_movies_dat(genres_path, log);
        break;
      case GenresFormat::kCsv:
        read_movies_csv(genres_path, log);
        break;
    }
  }
  return log;
}

}  // namespace crbench
