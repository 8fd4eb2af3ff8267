// load_interaction_csv: a generic interaction log in CSV with a header row, its
// columns found by name (Sobazaar, Tmall or a user's own export after renaming
// nothing but the mapping).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/errors.hpp"
#include "core/quoting.hpp"
#include "datasets/category_table.hpp"
#include "datasets/civil_date.hpp"
#include "datasets/field_parsing.hpp"
#include "datasets/loaders.hpp"
#include "datasets/text_file.hpp"

namespace crbench {
namespace {

using internal::TextFile;

// Turns the values of one id column into int64 ids. Numeric ids are kept as they are
// (they are what prediction output must echo); a column whose first value is not an
// integer is taken as text and its strings numbered densely from 0 in order of first
// appearance (a map, not a hash, so that distinct strings never share an id).
class IdColumn {
 public:
  // `as_text`: every value is a label, numbered in order of first appearance, even
  // when it looks like a number (hashed ids that may be negative or too long).
  IdColumn(std::string what, bool as_text)
      : what_(std::move(what)), mode_(as_text ? Mode::kText : Mode::kUndecided) {}

  std::int64_t id_of(std::string_view field, const TextFile& file) {
    field = internal::trim(field);
    std::int64_t id = 0;
    if (mode_ == Mode::kUndecided) {
      mode_ = internal::parse_int64(field, id) ? Mode::kNumeric : Mode::kText;
    }
    if (mode_ == Mode::kNumeric) {
      if (!internal::parse_int64(field, id)) {
        file.fail("non-numeric " + what_ + " " + quoted_text(field) +
                  " in a column whose first value is numeric");
      }
      if (id < 0) file.fail("negative " + what_ + " " + std::to_string(id));
      return id;
    }
    if (field.empty()) file.fail("empty " + what_);
    key_.assign(field);  // reused buffer: no allocation per row once it is large enough
    const auto it = ids_.find(key_);
    if (it != ids_.end()) return it->second;
    id = static_cast<std::int64_t>(ids_.size());
    ids_.emplace(key_, id);
    return id;
  }

 private:
  enum class Mode { kUndecided, kNumeric, kText };
  std::string what_;
  Mode mode_;
  std::unordered_map<std::string, std::int64_t> ids_;
  std::string key_;
};

void check_columns(const CsvColumns& columns) {
  if (columns.user.empty() || columns.item.empty() || columns.timestamp.empty()) {
    throw UsageError("the user, item and timestamp column names must not be empty");
  }
  if (columns.separator == '"' || columns.separator == '\n' || columns.separator == '\0') {
    throw UsageError("invalid CSV separator");
  }
}

}  // namespace

RawLog load_interaction_csv(const std::string& path, const CsvColumns& columns) {
  check_columns(columns);
  RawLog log;
  log.name = std::filesystem::path(path).stem().string();
  log.source = path;
  log.rows_path = path;

  TextFile file(path);
  char* header_text = file.next_line();
  if (header_text == nullptr) throw DataError(path, 0, "empty file: no header row");
  std::vector<std::string_view> fields;
  if (!internal::split_quoted_fields(header_text, columns.separator, fields)) {
    file.fail("malformed header: unbalanced double quotes");
  }
  const std::size_t num_fields = fields.size();
  const std::size_t user_col = internal::find_column(fields, columns.user, file);
  const std::size_t item_col = internal::find_column(fields, columns.item, file);
  const std::size_t time_col = internal::find_column(fields, columns.timestamp, file);
  const bool has_label = !columns.label.empty();
  const bool has_category = !columns.category.empty();
  const std::size_t label_col = has_label ? internal::find_column(fields, columns.label, file) : 0;
  const std::size_t category_col =
      has_category ? internal::find_column(fields, columns.category, file) : 0;
  const bool has_probability = !columns.probability.empty();
  const std::size_t probability_col =
      has_probability ? internal::find_column(fields, columns.probability, file) : 0;

  IdColumn users("user id", columns.ids_as_text);
  IdColumn items("item id", columns.ids_as_text);
  internal::CategoryTable categories(log.category_names);
  std::unordered_set<std::int64_t> items_with_category_row;
  while (char* text = file.next_line()) {
    if (!internal::split_quoted_fields(text, columns.separator, fields)) {
      file.fail("malformed line: unbalanced double quotes");
    }
    if (fields.size() != num_fields) {
      file.fail("malformed line: expected " + std::to_string(num_fields) +
                " fields as in the header, found " + std::to_string(fields.size()));
    }
    const std::int64_t user = users.id_of(fields[user_col], file);
    const std::int64_t item = items.id_of(fields[item_col], file);
    std::int64_t timestamp = 0;
    if (columns.time_format == TimeFormat::kIso8601) {
      const std::string_view text = internal::trim(fields[time_col]);
      if (std::string problem = parse_iso_datetime(text, timestamp); !problem.empty())
        file.fail("timestamp " + quoted_text(text) + " in column " +
                  quoted_text(columns.timestamp) + " " + problem);
    } else if (!internal::parse_int64(fields[time_col], timestamp)) {
      file.fail("non-numeric timestamp " + quoted_text(fields[time_col]) + " in column " +
                quoted_text(columns.timestamp));
    }
    if (std::string problem = internal::timestamp_problem(timestamp); !problem.empty())
      file.fail(problem);
    if (has_label) {
      float value = 0;
      if (!internal::parse_float(fields[label_col], value)) {
        file.fail("non-numeric label " + quoted_text(fields[label_col]) + " in column " +
                  quoted_text(columns.label));
      }
      log.value.push_back(value);
    }
    if (has_probability) {
      float p = 0;
      if (!internal::parse_float(fields[probability_col], p) || !(p >= 0.0f && p <= 1.0f)) {
        file.fail("probability " + quoted_text(fields[probability_col]) + " in column " +
                  quoted_text(columns.probability) + " is not a number in [0, 1]");
      }
      log.true_probability.push_back(p);
    }
    // An item's categories come from its first row; later rows that disagree are
    // ignored (and not even parsed, which keeps long logs fast).
    if (has_category && items_with_category_row.insert(item).second) {
      std::vector<std::int32_t> ids;
      std::string_view list = fields[category_col];
      while (!list.empty()) {
        const std::size_t cut = list.find(columns.category_separator);
        const std::string_view name = internal::trim(list.substr(0, cut));
        if (!name.empty()) internal::add_unique(ids, categories.id_of(name));
        if (cut == std::string_view::npos) break;
        list.remove_prefix(cut + 1);
      }
      if (!ids.empty()) log.item_categories.emplace(item, std::move(ids));
    }
    log.lines.note(log.user.size(), file.line());
    log.user.push_back(user);
    log.item.push_back(item);
    log.timestamp.push_back(timestamp);
  }
  if (log.user.empty()) throw DataError(path, 0, "empty file: no data rows");
  return log;
}

}  // namespace crbench
