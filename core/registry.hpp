// Named entries with declared parameters (methods, base models, scenarios), found
// by name and resolved from spec strings: one registry for every kind. An Entry
// has at least `std::string name` and `ParamSchema params` (core/params.hpp).
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "core/params.hpp"
#include "core/quoting.hpp"
#include "core/spec.hpp"
#include "core/suggest.hpp"

namespace crbench {

template <class Entry>
class Registry {
 public:
  // `kind` names the entries in messages: "method" -> "unknown method 'x';
  // registered methods: ...".
  explicit Registry(std::string kind) : kind_(std::move(kind)) {}

  // Returns true so that it can initialise a static (the self-registration macros).
  bool add(Entry entry) {
    const std::string name = entry.name;
    if (!entries_.emplace(name, std::move(entry)).second)
      throw std::logic_error(kind_ + " '" + name + "' registered twice");
    return true;
  }

  // Throws UsageError with the closest names ("did you mean") and the registered ones.
  const Entry& find(const std::string& name) const {
    const auto it = entries_.find(name);
    if (it != entries_.end()) return it->second;
    std::string known;
    std::vector<std::string> names;
    for (const auto& [n, e] : entries_)
      known += (known.empty() ? "" : ", ") + n, names.push_back(n);
    throw UsageError("unknown " + kind_ + " '" + excerpt(name) + "'" + did_you_mean(name, names) +
                     "; registered " + kind_ + "s: " + known);
  }

  std::vector<const Entry*> entries() const {  // sorted by name
    std::vector<const Entry*> out;
    for (const auto& [n, e] : entries_) out.push_back(&e);
    return out;
  }

  // A spec resolved against its entry: the entry, the parameter values and the
  // canonical spec (every parameter, declaration order), which parses back to
  // the same values.
  struct Resolved {
    const Entry* entry = nullptr;
    ParamValues values;
    std::string canonical;
  };
  // UsageError for bad syntax, an unknown name or a bad parameter value.
  Resolved resolve(const std::string& spec_text) const {
    const Spec spec = Spec::parse(spec_text);
    return resolve_as(find(spec.name), spec.args, kind_ + " '" + spec.name + "'");
  }
  std::string canonical(const std::string& spec_text) const { return resolve(spec_text).canonical; }

 protected:
  // `args` applied to `entry`'s defaults; UsageError messages start with `owner`.
  Resolved resolve_as(const Entry& entry, const std::vector<SpecArg>& args,
                      const std::string& owner) const {
    Resolved r{&entry, entry.params.resolve(owner, args), ""};
    r.canonical = Spec{entry.name, r.values.args()}.text();
    return r;
  }

 private:
  std::string kind_;
  std::map<std::string, Entry> entries_;
};

}  // namespace crbench

// Unique static names for the self-registration macros.
#define CRBENCH_CONCAT_INNER(a, b) a##b
#define CRBENCH_CONCAT(a, b) CRBENCH_CONCAT_INNER(a, b)
