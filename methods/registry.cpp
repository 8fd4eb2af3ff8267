// Method registry: declarations, spec parsing, validation and canonical specs.
#include "methods/registry.hpp"

#include "core/errors.hpp"

namespace crbench {

MethodRegistry& MethodRegistry::global() {
  static MethodRegistry registry;
  return registry;
}

bool MethodRegistry::add(MethodEntry entry) {
  const std::string name = entry.name;
  if (!entries_.emplace(name, std::move(entry)).second)
    throw std::logic_error("method '" + name + "' registered twice");
  return true;
}

const MethodEntry& MethodRegistry::find(const std::string& name) const {
  const auto it = entries_.find(name);
  if (it != entries_.end()) return it->second;
  std::string known;
  for (const auto& [n, e] : entries_) known += (known.empty() ? "" : ", ") + n;
  throw UsageError("unknown method '" + name + "'; registered methods: " + known);
}

std::vector<const MethodEntry*> MethodRegistry::entries() const {
  std::vector<const MethodEntry*> out;
  for (const auto& [n, e] : entries_) out.push_back(&e);
  return out;
}

HyperParams MethodRegistry::resolve(const MethodSpec& spec) const {
  return resolve_params("method '" + spec.name + "'", find(spec.name).params, spec.overrides);
}

std::string MethodRegistry::canonical(const std::string& name, const HyperParams& params) const {
  return canonical_spec(name, find(name).params, params);
}

std::unique_ptr<Method> MethodRegistry::create(const std::string& spec_text) const {
  const MethodSpec spec = MethodSpec::parse(spec_text);
  return find(spec.name).factory(resolve(spec));
}

}  // namespace crbench
