// Method registry: declarations, spec parsing, validation and canonical specs.
#include "methods/registry.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>

#include "datasets/errors.hpp"

namespace crbench {

namespace {

std::string format_number(double v) {
  std::ostringstream out;
  out.precision(10);
  out << v;
  return out.str();
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

}  // namespace

double HyperParams::get(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) throw std::logic_error("hyper-parameter '" + name + "' not declared");
  return it->second;
}

MethodSpec MethodSpec::parse(const std::string& text) {
  MethodSpec spec;
  const auto open = text.find('(');
  spec.name = trim(text.substr(0, open));
  if (spec.name.empty()) throw UsageError("method spec '" + text + "': missing method name");
  if (open == std::string::npos) return spec;
  if (text.back() != ')') throw UsageError("method spec '" + text + "': missing ')'");
  std::stringstream body(text.substr(open + 1, text.size() - open - 2));
  std::string item;
  while (std::getline(body, item, ',')) {
    if (trim(item).empty()) continue;
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw UsageError("method spec '" + text + "': '" + trim(item) + "' is not name=value");
    const std::string key = trim(item.substr(0, eq));
    const std::string value = trim(item.substr(eq + 1));
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !std::isfinite(v))
      throw UsageError("method spec '" + text + "': value of '" + key + "' is not a number");
    if (!spec.overrides.emplace(key, v).second)
      throw UsageError("method spec '" + text + "': '" + key + "' given twice");
  }
  return spec;
}

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
  const MethodEntry& entry = find(spec.name);
  HyperParams params;
  for (const HyperParam& p : entry.params) params.set(p.name, p.default_value);
  for (const auto& [key, value] : spec.overrides) {
    const HyperParam* decl = nullptr;
    for (const HyperParam& p : entry.params)
      if (p.name == key) decl = &p;
    if (decl == nullptr) {
      std::string known;
      for (const HyperParam& p : entry.params) known += (known.empty() ? "" : ", ") + p.name;
      throw UsageError("method '" + spec.name + "' has no hyper-parameter '" + key +
                       "' (it has: " + (known.empty() ? "none" : known) + ")");
    }
    if (value < decl->lower || value > decl->upper)
      throw UsageError("method '" + spec.name + "': " + key + "=" + format_number(value) +
                       " is out of range [" + format_number(decl->lower) + ", " +
                       format_number(decl->upper) + "]");
    if (decl->integer && value != std::floor(value))
      throw UsageError("method '" + spec.name + "': " + key + " must be a whole number");
    params.set(key, value);
  }
  return params;
}

std::string MethodRegistry::canonical(const std::string& name, const HyperParams& params) const {
  const MethodEntry& entry = find(name);
  if (entry.params.empty()) return name;
  std::string out = name + "(";
  for (std::size_t i = 0; i < entry.params.size(); ++i) {
    if (i > 0) out += ",";
    out += entry.params[i].name + "=" + format_number(params.get(entry.params[i].name));
  }
  return out + ")";
}

std::unique_ptr<Method> MethodRegistry::create(const std::string& spec_text) const {
  const MethodSpec spec = MethodSpec::parse(spec_text);
  return find(spec.name).factory(resolve(spec));
}

}  // namespace crbench
