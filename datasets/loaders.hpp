// Readers for the public log formats. Each returns a RawLog and throws DataError
// naming the file and line on malformed input.
#pragma once

#include <string>

#include "datasets/log_filters.hpp"
#include "datasets/raw_log.hpp"

namespace crbench {

// MovieLens in any of its three public formats, detected from the content:
// u.data (tab-separated, no header), ratings.dat (`::`-separated, no header) or
// ratings.csv (header userId,movieId,rating,timestamp). The genres file, when
// given (u.item, movies.dat or movies.csv), supplies multi-valued categories.
RawLog load_movielens(const std::string& ratings_path, const std::string& genres_path = "");

// How a timestamp column is written.
enum class TimeFormat {
  kUnixSeconds,  // whole seconds since 1970-01-01 UTC
  kIso8601,      // 2014-09-01T13:05:59[.123][Z], read as UTC; a fraction is truncated
};

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
  TimeFormat time_format = TimeFormat::kUnixSeconds;
  // Ids are labels numbered in order of first appearance even when they look like
  // numbers (else a column whose first value is a whole number is numeric).
  bool ids_as_text = false;
};
RawLog load_interaction_csv(const std::string& path, const CsvColumns& columns);

// Sobazaar's public log (Sobazaar-hashID.csv, decompressed from the .csv.gz it is
// distributed as): header Action,Timestamp,ItemID,UserID, hashed text ids, ISO
// timestamps. Every row is a positive whatever its Action, as in the ASMG
// reference's preparation; the Action column is read but not checked.
RawLog load_sobazaar(const std::string& path);

// Tmall's user_log_format1.csv (IJCAI-15 repeat buyers, data_format1): header
// user_id,item_id,cat_id,seller_id,brand_id,time_stamp,action_type with time_stamp
// the day of 2014 as MMDD (1111 = 11 November) and action_type 0..3. Keeps the
// clicks (action_type 0), then applies `filters` (as the reference: October 2014,
// the 50,000 most active users, items with at least 20 clicks). Each row's time is
// the start of its day (UTC), so rows of one day share a timestamp; an item's one
// category is the cat_id of its first row left after filtering.
RawLog load_tmall(const std::string& path, const LogFilters& filters);

// Throws DataError ("path: cannot open file: ...") when `path` cannot be read, as a
// loader would: to check every file of a run before loading any of them.
void check_readable_file(const std::string& path);

}  // namespace crbench
