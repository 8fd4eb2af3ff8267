// load_movielens: reads the three public MovieLens layouts (ml-100k u.data/u.item,
// ml-1m/10m ratings.dat/movies.dat, ml-latest* ratings.csv/movies.csv), telling them
// apart by content so that a user's copy works under any file name. Every value is
// checked against its format (docs/input-formats.md): ratings on the format's star
// scale, timestamps in Unix seconds, every rated movie in the genres file.
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/errors.hpp"
#include "core/quoting.hpp"
#include "datasets/category_table.hpp"
#include "datasets/fccp.hpp"
#include "datasets/field_parsing.hpp"
#include "datasets/loaders.hpp"
#include "datasets/text_file.hpp"

namespace crbench {
namespace {

using internal::CategoryTable;
using internal::TextFile;

// A place in a file, for messages.
struct TextFileLine {
  const std::string& path;
  std::size_t line;
};

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

// ml-100k and ml-1m rate in whole stars 1..5, ml-10M and ml-latest* in half stars
// 0.5..5. Both ml-1m and ml-10M write ratings.dat, so ratings.dat accepts half
// stars: a whole-star file passes, and a 0.5 in an ml-1m file cannot be told from
// an ml-10M file by any one value.
enum class RatingScale { kWholeStars, kHalfStars };

RatingScale scale_of(RatingsFormat format) {
  return format == RatingsFormat::kUData ? RatingScale::kWholeStars : RatingScale::kHalfStars;
}

// "" when `rating` is on the scale, else what is wrong with it.
std::string rating_problem(float rating, RatingScale scale, std::string_view text) {
  const double twice = 2.0 * static_cast<double>(rating);
  if (scale == RatingScale::kWholeStars) {
    if (rating >= 1.0f && rating <= 5.0f && rating == std::floor(rating)) return "";
    return "rating " + quoted_text(internal::trim(text)) + " is not a whole star from 1 to 5";
  }
  if (twice >= 1.0 && twice <= 10.0 && twice == std::floor(twice)) return "";
  return "rating " + quoted_text(internal::trim(text)) + " is not 0.5 to 5 stars in half steps";
}

// The movies of a genres file, each with the line it was listed on (to name both
// lines of a duplicate), and a membership test fast enough for every rating.
class MovieIds {
 public:
  // Throws DataError (naming both lines) when `id` was listed before.
  void add(std::int64_t id, const TextFileLine& where) {
    const auto [it, added] = line_.try_emplace(id, where.line);
    if (!added)
      throw DataError(where.path, where.line,
                      "movie " + std::to_string(id) + " is listed twice (first on line " +
                          std::to_string(it->second) + ")");
  }
  // Builds the lookup used by contains(); call once all movies are added.
  void seal() {
    std::int64_t max_id = -1;
    for (const auto& entry : line_) max_id = std::max(max_id, entry.first);
    // Ids of every release are below a few hundred thousand: a bitmap then.
    if (max_id < (std::int64_t{1} << 27)) {
      dense_.assign(static_cast<std::size_t>(max_id + 1), false);
      for (const auto& entry : line_) dense_[static_cast<std::size_t>(entry.first)] = true;
      use_dense_ = true;
    }
  }
  bool contains(std::int64_t id) const {
    if (use_dense_)
      return id >= 0 && static_cast<std::size_t>(id) < dense_.size() &&
             dense_[static_cast<std::size_t>(id)];
    return line_.count(id) > 0;
  }

 private:
  std::unordered_map<std::int64_t, std::size_t> line_;
  std::vector<bool> dense_;
  bool use_dense_ = false;
};

// What a ratings reader checks each row against.
struct RatingChecks {
  RatingScale scale = RatingScale::kHalfStars;
  const MovieIds* movies = nullptr;  // null without a genres file
  std::string genres_path;
};

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
    throw DataError(path, line, std::string("non-numeric ") + what + " " + quoted_text(field));
  }
  if (id < 0) throw DataError(path, line, std::string("negative ") + what);
  return id;
}

void append_rating(const std::string& path, std::size_t line, std::string_view user,
                   std::string_view item, std::string_view rating, std::string_view timestamp,
                   const RatingChecks& checks, RawLog& log) {
  const std::int64_t user_id = parse_id(path, line, user, "user id");
  const std::int64_t item_id = parse_id(path, line, item, "movie id");
  float value = 0;
  if (!internal::parse_float(rating, value)) {
    throw DataError(path, line, "non-numeric rating " + quoted_text(rating));
  }
  if (std::string problem = rating_problem(value, checks.scale, rating); !problem.empty())
    throw DataError(path, line, problem);
  std::int64_t seconds = 0;
  if (!internal::parse_int64(timestamp, seconds)) {
    throw DataError(path, line, "non-numeric timestamp " + quoted_text(timestamp));
  }
  if (std::string problem = internal::timestamp_problem(seconds); !problem.empty())
    throw DataError(path, line, problem);
  if (checks.movies != nullptr && !checks.movies->contains(item_id))
    throw DataError(
        path, line,
        "movie " + std::to_string(item_id) + " is not in the genres file " + checks.genres_path);
  log.lines.note(log.user.size(), line);
  log.user.push_back(user_id);
  log.item.push_back(item_id);
  log.value.push_back(value);
  log.timestamp.push_back(seconds);
}

// u.data (tab) and ratings.dat ("::"): four fields user, item, rating, timestamp.
void read_delimited_ratings(const std::string& path, std::string_view separator,
                            const char* separator_name, const RatingChecks& checks, RawLog& log) {
  TextFile file(path);
  std::vector<std::string_view> fields;
  while (char* text = file.next_line()) {
    internal::split_fields(text, separator, fields);
    if (fields.size() != 4) {
      file.fail("malformed line: expected 4 " + std::string(separator_name) +
                "-separated fields (user, movie, rating, timestamp), found " +
                std::to_string(fields.size()));
    }
    append_rating(path, file.line(), fields[0], fields[1], fields[2], fields[3], checks, log);
  }
}

void read_csv_ratings(const std::string& path, const RatingChecks& checks, RawLog& log) {
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
      append_rating(path, line, user, item, rating, timestamp, checks, log);
    }
  } catch (const io::error::base& e) {
    internal::rethrow_as_data_error(e, path, line);
  }
}

// "Action|Comedy" -> category ids. "(no genres listed)" is how ml-10M and
// ml-latest* write a movie without genres (it gets none); an empty field or an
// empty name between bars is in no release, so it is an error.
std::vector<std::int32_t> parse_genre_list(std::string_view genres, CategoryTable& table,
                                           const TextFileLine& where) {
  std::vector<std::int32_t> ids;
  genres = internal::trim(genres);
  if (genres == "(no genres listed)") return ids;
  if (genres.empty())
    throw DataError(where.path, where.line,
                    "empty genres field (a movie without genres is written \"(no genres "
                    "listed)\")");
  std::string_view rest = genres;
  for (;;) {
    const std::size_t bar = rest.find('|');
    const std::string_view name = internal::trim(rest.substr(0, bar));
    if (name.empty())
      throw DataError(where.path, where.line, "empty genre name in " + quoted_text(genres));
    internal::add_unique(ids, table.id_of(name));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return ids;
}

// Records a movie of the genres file; movies without genres get no category entry.
void add_movie(std::int64_t item, std::vector<std::int32_t> ids, const TextFileLine& where,
               MovieIds& movies, RawLog& log) {
  movies.add(item, where);
  if (!ids.empty()) log.item_categories.emplace(item, std::move(ids));
}

// ml-100k writes a movie without genres as 19 zero flags.
void read_uitem(const std::string& path, MovieIds& movies, RawLog& log) {
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
        file.fail("genre flag " + quoted_text(flag) + " for " + kGenres100k[g] + " is not 0 or 1");
      }
    }
    add_movie(item, std::move(ids), {path, file.line()}, movies, log);
  }
}

void read_movies_dat(const std::string& path, MovieIds& movies, RawLog& log) {
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
    const TextFileLine where{path, file.line()};
    add_movie(item, parse_genre_list(line.substr(last + 2), table, where), where, movies, log);
  }
}

void read_movies_csv(const std::string& path, MovieIds& movies, RawLog& log) {
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
      const TextFileLine where{path, line};
      add_movie(item, parse_genre_list(genres, table, where), where, movies, log);
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
  log.rows_path = ratings_path;

  const RatingsFormat format = detect_ratings_format(ratings_path);
  // The genres file first, so that a rating of a movie it lacks is reported on
  // the rating's own line.
  MovieIds movies;
  RatingChecks checks{scale_of(format), nullptr, genres_path};
  if (!genres_path.empty()) {
    switch (detect_genres_format(genres_path)) {
      case GenresFormat::kUItem:
        read_uitem(genres_path, movies, log);
        break;
      case GenresFormat::kDat:
        read_movies_dat(genres_path, movies, log);
        break;
      case GenresFormat::kCsv:
        read_movies_csv(genres_path, movies, log);
        break;
    }
    movies.seal();
    checks.movies = &movies;
  }

  switch (format) {
    case RatingsFormat::kUData:
      read_delimited_ratings(ratings_path, "\t", "tab", checks, log);
      break;
    case RatingsFormat::kDat:
      read_delimited_ratings(ratings_path, "::", "'::'", checks, log);
      break;
    case RatingsFormat::kCsv:
      read_csv_ratings(ratings_path, checks, log);
      break;
  }
  if (log.user.empty()) throw DataError(ratings_path, 0, "empty file: no data rows");
  return log;
}

}  // namespace crbench
