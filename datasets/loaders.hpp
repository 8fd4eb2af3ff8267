// Readers for the public log formats. Each returns a RawLog and throws DataError
// naming the file and line on malformed input.
#pragma once

#include <string>

#include "datasets/raw_log.hpp"

namespace crbench {

// MovieLens in any of its three public formats, detected from the content:
// u.data (tab-separated, no header), ratings.dat (`::`-separated, no header) or
// ratings.csv (header userId,movieId,rating,timestamp). The genres file, when
// given (u.item, movies.dat or movies.csv), supplies multi-valued categories.
RawLog load_movielens(const std::string& ratings_path, const std::string& genres_path = "");

// A generic interaction CSV with a header row; columns are named by the mapping.
struct CsvColumns {
  std::string user = "user";
  std::string item = "item";
  std::string timestamp = "timestamp";
  std::string label;  // optional: 0/1 label or rating column; empty means implicit positives
  std::string
      category;  // optional: category column, several values separated by category_separator
  char separator = ',';
  char category_separator = '|';
  std::string probability;  // optional: ground-truth click probability (simulated logs)
};
RawLog load_interaction_csv(const std::string& path, const CsvColumns& columns);

// Throws DataError ("path: cannot open file: ...") when `path` cannot be read, as a
// loader would: to check every file of a run before loading any of them.
void check_readable_file(const std::string& path);

}  // namespace crbench
