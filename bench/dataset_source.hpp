// How the CLI names a dataset: format, files, labelling and period rule, turned
// into a Stream by the datasets/ loaders.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "datasets/loaders.hpp"
#include "datasets/stream_builder.hpp"

namespace crbench {

// The row filters of a paper's preparation (datasets/log_filters.hpp) are a base,
// so that they are declared options like the others; they are applied after
// loading and before labelling (tmall: the day range while reading).
struct DatasetOptions : LogFilters {
  std::string format = "movielens";  // movielens | csv | sobazaar | tmall
  std::string path;                  // ratings file or interaction CSV
  std::string genres;                // movielens genres file (optional)
  CsvColumns columns;                // csv only
  std::string labels;                // rating | given | implicit; empty: format's default
  float rating_threshold = 4.0f;
  int periods = 31;
  std::string period_unit = "count";     // count | day | week | month
  std::string drop_leftover = "newest";  // count: drop the n mod T newest | oldest rows
  int history = 30;
  std::uint64_t negative_seed = 1;

  // The options with a range or a fixed set of values (the file and column names
  // have none): their checks, defaults and --help text (bench/dataset_source.cpp).
  static void declare(ParamDecls<DatasetOptions>& d);
};

// Throws UsageError for bad option values and DataError for bad files.
Stream load_dataset(const DatasetOptions& options, int min_periods);

// Documented formats and their default training settings, for `crbench datasets`.
struct DatasetFormatInfo {
  std::string name;
  std::string description;
};
std::vector<DatasetFormatInfo> dataset_formats();

}  // namespace crbench
