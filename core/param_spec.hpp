// Declared numeric parameters and "name(key=value,...)" spec strings, shared by
// the method registry and the simulator's scenarios: the declaration (default,
// bounds, description) is the one source of validation, help text and the
// canonical spec that parses back to the same configuration.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace crbench {

struct ParamDecl {
  std::string name;
  double default_value = 0.0;
  double lower = 0.0;
  double upper = 0.0;
  bool integer = false;
  std::string description;
};

// Resolved values of declared parameters.
class ParamValues {
 public:
  double get(const std::string& name) const;
  int get_int(const std::string& name) const { return static_cast<int>(get(name)); }
  void set(const std::string& name, double value) { values_[name] = value; }
  const std::map<std::string, double>& values() const { return values_; }

 private:
  std::map<std::string, double> values_;
};

struct Spec {
  std::string name;
  std::map<std::string, double> overrides;
  // "name(a=1,b=0.5)"; throws UsageError naming the spec on bad syntax.
  static Spec parse(const std::string& text);
};

// Defaults overridden by `overrides`, each checked against its declaration;
// `owner` ("method 'bu'", "scenario 'sudden'") starts every UsageError message.
ParamValues resolve_params(const std::string& owner, const std::vector<ParamDecl>& decls,
                           const std::map<std::string, double>& overrides);

// "name(p1=v1,p2=v2)" with every declared parameter in declaration order; just
// "name" when nothing is declared.
std::string canonical_spec(const std::string& name, const std::vector<ParamDecl>& decls,
                           const ParamValues& values);

// A number as specs and results print it: shortest form that reads back exactly.
std::string format_number(double value);

}  // namespace crbench

// Unique static names for the self-registration macros.
#define CRBENCH_CONCAT_INNER(a, b) a##b
#define CRBENCH_CONCAT(a, b) CRBENCH_CONCAT_INNER(a, b)
