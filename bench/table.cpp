// Table -> CSV and JSON records.
#include "bench/table.hpp"

#include <stdexcept>

#include "bench/json.hpp"
#include "bench/leaderboard_table.hpp"
#include "bench/results.hpp"

namespace crbench {

void Table::add(std::vector<Cell> row) {
  if (row.size() != columns.size())
    throw std::logic_error("Table::add: a row of " + std::to_string(row.size()) + " cells for " +
                           std::to_string(columns.size()) + " columns");
  rows.push_back(std::move(row));
}

std::string Table::csv() const {
  std::string out;
  for (std::size_t c = 0; c < columns.size(); ++c) out += (c ? "," : "") + csv_field(columns[c]);
  out += '\n';
  for (const std::vector<Cell>& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c) out += ',';
      const Cell& cell = row[c];
      if (const auto* i = std::get_if<std::int64_t>(&cell)) out += std::to_string(*i);
      if (const auto* d = std::get_if<double>(&cell)) out += csv_number(*d);
      if (const auto* s = std::get_if<std::string>(&cell)) out += csv_field(*s);
    }
    out += '\n';
  }
  return out;
}

std::string Table::json() const {
  Json records = Json::array();
  for (const std::vector<Cell>& row : rows) {
    Json record = Json::object();
    for (std::size_t c = 0; c < row.size(); ++c) {
      const Cell& cell = row[c];
      Json value;
      if (const auto* i = std::get_if<std::int64_t>(&cell)) value = Json(*i);
      if (const auto* d = std::get_if<double>(&cell)) value = Json(*d);
      if (const auto* s = std::get_if<std::string>(&cell)) value = Json(*s);
      record.set(columns[c], std::move(value));
    }
    records.push(std::move(record));
  }
  return records.dump();
}

}  // namespace crbench
