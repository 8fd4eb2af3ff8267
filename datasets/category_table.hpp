// Dense category ids in order of first appearance, as the loaders assign them
// (RawLog::category_names is the id -> name table). Private to datasets/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace crbench::internal {

class CategoryTable {
 public:
  // Ids are appended to `names`, which must outlive the table.
  explicit CategoryTable(std::vector<std::string>& names) : names_(names) {
    for (std::size_t i = 0; i < names_.size(); ++i) {
      ids_.emplace(names_[i], static_cast<std::int32_t>(i));
    }
  }

  // The id of `name`, creating the next one on first sight.
  std::int32_t id_of(std::string_view name) {
    key_.assign(name);  // reused buffer: no allocation per lookup once it is large enough
    const auto it = ids_.find(key_);
    if (it != ids_.end()) return it->second;
    const auto id = static_cast<std::int32_t>(names_.size());
    ids_.emplace(key_, id);
    names_.push_back(key_);
    return id;
  }

 private:
  std::vector<std::string>& names_;
  std::unordered_map<std::string, std::int32_t> ids_;
  std::string key_;
};

// Appends `id` unless `ids` already holds it (category lists are short, so a
// linear scan beats a set).
inline void add_unique(std::vector<std::int32_t>& ids, std::int32_t id) {
  for (const std::int32_t existing : ids) {
    if (existing == id) return;
  }
  ids.push_back(id);
}

}  // namespace crbench::internal
