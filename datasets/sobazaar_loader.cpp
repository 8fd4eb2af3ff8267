// load_sobazaar: the Sobazaar log as distributed, read through the generic
// interaction CSV reader with its column names and time format.
#include "datasets/loaders.hpp"

namespace crbench {

RawLog load_sobazaar(const std::string& path) {
  CsvColumns columns;
  columns.user = "UserID";
  columns.item = "ItemID";
  columns.timestamp = "Timestamp";
  columns.time_format = TimeFormat::kIso8601;
  // The ids are hashes: labels, whatever characters they happen to hold.
  columns.ids_as_text = true;
  RawLog log = load_interaction_csv(path, columns);
  log.name = "sobazaar";
  return log;
}

}  // namespace crbench
