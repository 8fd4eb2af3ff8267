// Spec parsing, validation against declarations, and canonical specs.
#include "core/param_spec.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "core/errors.hpp"

namespace crbench {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

}  // namespace

std::string format_number(double v) {
  std::ostringstream out;
  out.precision(10);
  out << v;
  return out.str();
}

double ParamValues::get(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) throw std::logic_error("parameter '" + name + "' not declared");
  return it->second;
}

Spec Spec::parse(const std::string& text) {
  Spec spec;
  const auto open = text.find('(');
  spec.name = trim(text.substr(0, open));
  if (spec.name.empty()) throw UsageError("spec '" + text + "': missing name");
  if (open == std::string::npos) return spec;
  if (text.back() != ')') throw UsageError("spec '" + text + "': missing ')'");
  std::stringstream body(text.substr(open + 1, text.size() - open - 2));
  std::string item;
  while (std::getline(body, item, ',')) {
    if (trim(item).empty()) continue;
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw UsageError("spec '" + text + "': '" + trim(item) + "' is not name=value");
    const std::string key = trim(item.substr(0, eq));
    const std::string value = trim(item.substr(eq + 1));
    char* end = nullptr;
    const double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !std::isfinite(v))
      throw UsageError("spec '" + text + "': value of '" + key + "' is not a number");
    if (!spec.overrides.emplace(key, v).second)
      throw UsageError("spec '" + text + "': '" + key + "' given twice");
  }
  return spec;
}

ParamValues resolve_params(const std::string& owner, const std::vector<ParamDecl>& decls,
                           const std::map<std::string, double>& overrides) {
  ParamValues values;
  for (const ParamDecl& d : decls) values.set(d.name, d.default_value);
  for (const auto& [key, value] : overrides) {
    const ParamDecl* decl = nullptr;
    for (const ParamDecl& d : decls)
      if (d.name == key) decl = &d;
    if (decl == nullptr) {
      std::string known;
      for (const ParamDecl& d : decls) known += (known.empty() ? "" : ", ") + d.name;
      throw UsageError(owner + " has no parameter '" + key +
                       "' (it has: " + (known.empty() ? "none" : known) + ")");
    }
    if (value < decl->lower || value > decl->upper)
      throw UsageError(owner + ": " + key + "=" + format_number(value) + " is out of range [" +
                       format_number(decl->lower) + ", " + format_number(decl->upper) + "]");
    if (decl->integer && value != std::floor(value))
      throw UsageError(owner + ": " + key + " must be a whole number");
    values.set(key, value);
  }
  return values;
}

std::string canonical_spec(const std::string& name, const std::vector<ParamDecl>& decls,
                           const ParamValues& values) {
  if (decls.empty()) return name;
  std::string out = name + "(";
  for (std::size_t i = 0; i < decls.size(); ++i) {
    if (i > 0) out += ",";
    out += decls[i].name + "=" + format_number(values.get(decls[i].name));
  }
  return out + ")";
}

}  // namespace crbench
