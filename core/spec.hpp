// The spec-string grammar of everything that is named and parameterised
// (methods, base models, scenarios), in one place:
//   spec      = name | name "(" [arg {"," arg}] ")"
//   arg       = key "=" value           (keys distinct; spaces around tokens ignored)
//   list      = spec {"," spec}         (commas inside parentheses do not split)
//   sweep     = key "=" value {"|" value}, inside a spec of a grid: one spec per value
// What a value means (a number, a choice's name, widths such as 20-10) is up to
// the parameter it sets (core/params.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace crbench {

struct SpecArg {
  std::string key;
  std::string value;
  bool operator==(const SpecArg&) const = default;
};

struct Spec {
  std::string name;
  std::vector<SpecArg> args;  // in the order given

  // Throws UsageError naming the spec on bad syntax (missing name or ')', an
  // argument without '=', an empty value, a key given twice).
  static Spec parse(const std::string& text);
  // "name" without arguments, else "name(k1=v1,k2=v2)".
  std::string text() const;
};

// The name of a spec without parsing its arguments: the text before its '('
// ("bu-3(w=3)" -> "bu-3"); for grouping specs read back from results files.
std::string spec_name(const std::string& spec_text);

// Splits "a,b(x=1,y=2),c" at the commas outside parentheses; spaces are dropped
// and empty items skipped.
std::vector<std::string> split_spec_list(const std::string& text);

// One spec of a sweep with its alternatives chosen: the spec, and the label
// naming the swept keys only ("w=5"; empty when nothing is swept).
struct SpecAlternative {
  std::string spec;
  std::string label;
  bool operator==(const SpecAlternative&) const = default;
};
// "bu(w=3|5,x=1)" -> {"bu(w=3,x=1)", "w=3"}, {"bu(w=5,x=1)", "w=5"}; a spec
// without '|' gives itself with an empty label. UsageError for an empty
// alternative or more than kMaxAlternatives combinations.
inline constexpr std::size_t kMaxAlternatives = 1000;
std::vector<SpecAlternative> expand_alternatives(const std::string& spec);

// The spec with key=value items appended to its arguments ("sudden(t0=3)" and
// {"share=0.5"} give "sudden(t0=3,share=0.5)"); `option` names where the items
// came from in the UsageError for an item without '='.
std::string with_extra_args(const std::string& spec, const std::vector<std::string>& items,
                            const std::string& option);

}  // namespace crbench
