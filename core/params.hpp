// Parameters declared once, on the typed field they set (after xgboost's and
// dmlc's DMLC_DECLARE_FIELD). A parameter struct keeps its defaults as member
// initialisers and declares each field's spec name, range or named choices and
// meaning in a static declare():
//
//   struct BatchUpdateParams {
//     int w = 3;
//     static void declare(ParamDecls<BatchUpdateParams>& d) {
//       d.field("w", &BatchUpdateParams::w).range(1, 1000).describe("window length in periods");
//     }
//   };
//
// Parsing and validation of spec arguments, the canonical spec that parses back
// to the same values, the listings of `crbench methods` / `crbench scenarios`,
// --help text and run-option checks all come from that declaration
// (declarations_of<P>()). Field types: int, float, double, bool (written 0 or 1),
// std::uint64_t (seeds: digits only, no sign), enums (written as the names of
// their declared choices), std::vector<int> (widths written 20-10) and
// std::string (checked by a declared check).
#pragma once

#include <any>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/quoting.hpp"
#include "core/spec.hpp"

namespace crbench {

// What listings, --help and error messages show of one declared parameter.
struct ParamInfo {
  std::string name;
  std::string description;
  std::string default_text;  // the default as a spec writes it
  std::string allowed;       // "whole number in [1, 1000]", "one of linear, uniform", ...
  // The declared inclusive bounds of a number (or of each width), if any.
  bool has_range = false;
  double lower = 0.0;
  double upper = 0.0;
};

// A number as specs print it: the shortest of up to 10 significant digits.
std::string format_number(double value);

namespace params_detail {

// The checks and text form of one field type. parse() returns "" when `text`
// is a valid value (stored in `out`), else what is wrong ("is not a number", "is
// out of range [0, 1]"); check() does the same for a value already set.
struct NumericRule {
  bool has_range = false;
  double lower = 0.0;
  double upper = 0.0;
  std::string check(double value) const;
  std::string range_text() const;
};

std::string parse_real(const std::string& text, const NumericRule& rule, double& out);
std::string parse_float(const std::string& text, const NumericRule& rule, float& out);
std::string parse_whole(const std::string& text, const NumericRule& rule, int& out);
std::string parse_flag(const std::string& text, bool& out);
std::string parse_seed(const std::string& text, std::uint64_t& out);
std::string parse_widths(const std::string& text, const NumericRule& rule, std::vector<int>& out);
std::string print_float(float value);
std::string print_widths(const std::vector<int>& widths);

template <class T>
struct FieldRule {
  NumericRule numeric;
  std::vector<std::pair<std::string, T>> choices;  // enums
  std::function<std::string(const T&)> check;      // optional: "" when fine
  bool has_unset = false;  // the canonical spec leaves the field out at `unset`
  T unset{};

  std::string parse(const std::string& text, T& out) const;
  std::string validate(const T& value) const;
  std::string print(const T& value) const;
  std::string allowed() const;
};

[[noreturn]] void throw_usage(const std::string& owner, const std::string& what);
[[noreturn]] void throw_unknown(const std::string& owner, const std::string& key,
                                const std::vector<std::string>& known);

template <class T>
inline constexpr bool kSupported =
    std::is_same_v<T, int> || std::is_same_v<T, float> || std::is_same_v<T, double> ||
    std::is_same_v<T, bool> || std::is_same_v<T, std::uint64_t> || std::is_enum_v<T> ||
    std::is_same_v<T, std::vector<int>> || std::is_same_v<T, std::string>;

}  // namespace params_detail

// One declared field, for chaining: d.field(...).range(lo, hi).describe(...).
template <class T>
class FieldDecl {
 public:
  FieldDecl(std::shared_ptr<params_detail::FieldRule<T>> rule, std::string* description)
      : rule_(std::move(rule)), description_(description) {}
  // Inclusive bounds of a number, or of every width.
  FieldDecl& range(double lower, double upper) {
    rule_->numeric = {true, lower, upper};
    return *this;
  }
  // A named value of an enum field; the names are what specs write.
  FieldDecl& choice(std::string name, T value) {
    rule_->choices.emplace_back(std::move(name), value);
    return *this;
  }
  FieldDecl& describe(std::string text) {
    *description_ = std::move(text);
    return *this;
  }
  // A check of its own (e.g. a text field that must name a registered thing):
  // returns "" when the value is fine, else what is wrong with it.
  FieldDecl& check(std::function<std::string(const T&)> rule) {
    rule_->check = std::move(rule);
    return *this;
  }
  // The field's "not set" value: canonical specs leave the field out while it has
  // it (so a field added later keeps every earlier spec's text and job hash).
  FieldDecl& unset_at(T value) {
    rule_->has_unset = true;
    rule_->unset = std::move(value);
    return *this;
  }

 private:
  std::shared_ptr<params_detail::FieldRule<T>> rule_;
  std::string* description_;
};

// The declarations of a parameter struct P: its fields in spec order, and checks
// across fields.
template <class P>
class ParamDecls {
 public:
  // Declares P's field `member` (a member of P or of a base of P) under `name`.
  template <class T, class Owner>
  FieldDecl<T> field(std::string name, T Owner::*member) {
    static_assert(std::is_base_of_v<Owner, P>, "the field must be a member of P or of its base");
    static_assert(params_detail::kSupported<T>, "unsupported parameter type");
    T P::*m = member;
    auto rule = std::make_shared<params_detail::FieldRule<T>>();
    for (const Field& f : fields_)
      if (f.name == name) throw std::logic_error("parameter '" + name + "' declared twice");
    fields_.push_back(Field{
        name, std::make_unique<std::string>(), [rule, m](const P& p) { return rule->print(p.*m); },
        [rule, m](P& p, const std::string& text) { return rule->parse(text, p.*m); },
        [rule, m](const P& p) { return rule->validate(p.*m); }, [rule] { return rule->allowed(); },
        [rule, m](const P& p) { return rule->has_unset && p.*m == rule->unset; },
        [rule] { return rule->numeric; }});
    return FieldDecl<T>(rule, fields_.back().description.get());
  }

  // A rule across fields, checked after every parse: returns "" when `p` is
  // fine, else what is wrong ("categories=30 exceeds items=20").
  void check(std::function<std::string(const P&)> rule) { checks_.push_back(std::move(rule)); }

  std::size_t size() const { return fields_.size(); }

  // `values` with the spec's arguments applied and every check run. UsageError
  // messages start with `owner` ("method 'bu'", "scenario 'sudden'").
  P resolve(const std::string& owner, const std::vector<SpecArg>& args, P values) const {
    for (const SpecArg& arg : args) set(values, arg.key, arg.value, owner);
    check_across(values, owner);
    return values;
  }
  // Sets one field from its text; an empty owner writes the key as a
  // command-line option ("--batch-size=0 is out of range [1, 1048576]").
  void set(P& values, const std::string& key, const std::string& text,
           const std::string& owner) const {
    const Field& f = find(key, owner);
    const std::string problem = f.parse(values, text);
    if (!problem.empty()) fail(owner, key + "=" + excerpt(text) + " " + problem);
  }
  // Checks every field and rule of a struct filled in by code.
  void validate(const P& values, const std::string& owner) const {
    for (const Field& f : fields_) {
      const std::string problem = f.validate(values);
      if (!problem.empty()) fail(owner, f.name + "=" + f.print(values) + " " + problem);
    }
    check_across(values, owner);
  }
  // Every field as key=value, in declaration order (but those at their unset value).
  std::vector<SpecArg> args(const P& values) const {
    std::vector<SpecArg> out;
    for (const Field& f : fields_)
      if (!f.is_unset(values)) out.push_back({f.name, f.print(values)});
    return out;
  }
  std::vector<ParamInfo> info(const P& defaults) const {
    std::vector<ParamInfo> out;
    for (const Field& f : fields_) {
      const params_detail::NumericRule range = f.range();
      out.push_back({f.name, *f.description, f.print(defaults), f.allowed(), range.has_range,
                     range.lower, range.upper});
    }
    return out;
  }

 private:
  struct Field {
    std::string name;
    std::unique_ptr<std::string> description;  // stable while FieldDecl chains
    std::function<std::string(const P&)> print;
    std::function<std::string(P&, const std::string&)> parse;
    std::function<std::string(const P&)> validate;
    std::function<std::string()> allowed;
    std::function<bool(const P&)> is_unset;
    std::function<params_detail::NumericRule()> range;
  };

  [[noreturn]] static void fail(const std::string& owner, const std::string& what);

  const Field& find(const std::string& key, const std::string& owner) const {
    for (const Field& f : fields_)
      if (f.name == key) return f;
    std::vector<std::string> known;
    for (const Field& f : fields_) known.push_back(f.name);
    params_detail::throw_unknown(owner, key, known);
  }
  void check_across(const P& values, const std::string& owner) const {
    for (const auto& rule : checks_) {
      const std::string problem = rule(values);
      if (!problem.empty()) fail(owner, problem);
    }
  }

  std::vector<Field> fields_;
  std::vector<std::function<std::string(const P&)>> checks_;
};

// P's declarations, built once from P::declare.
template <class P>
const ParamDecls<P>& declarations_of() {
  static const ParamDecls<P> decls = [] {
    ParamDecls<P> d;
    P::declare(d);
    return d;
  }();
  return decls;
}

// The parameters of something without any.
struct NoParams {
  static void declare(ParamDecls<NoParams>&) {}
};

// Resolved parameters of some declared struct: the struct itself (for the
// factory that knows its type) and its canonical arguments (for everyone else).
class ParamValues {
 public:
  ParamValues() = default;
  template <class P>
  requires(!std::is_same_v<P, ParamValues>) explicit ParamValues(P values)
      : args_(declarations_of<P>().args(values)), value_(std::move(values)) {}
  template <class P>
  const P& get() const {
    return std::any_cast<const P&>(value_);
  }
  const std::vector<SpecArg>& args() const { return args_; }

 private:
  std::vector<SpecArg> args_;
  std::any value_;
};

// A parameter struct together with the defaults of one registry entry, behind
// an interface that does not depend on the struct's type: what registries hold.
class ParamSchema {
 public:
  ParamSchema() : ParamSchema(NoParams{}) {}
  template <class P>
  requires(!std::is_same_v<P, ParamSchema>) explicit ParamSchema(P defaults)
      : info_(declarations_of<P>().info(defaults)),
        resolve_([defaults](const std::string& owner, const std::vector<SpecArg>& args) {
          return ParamValues(declarations_of<P>().resolve(owner, args, defaults));
        }) {}

  const std::vector<ParamInfo>& info() const { return info_; }
  // The defaults overridden by `args`; UsageError messages start with `owner`.
  ParamValues resolve(const std::string& owner, const std::vector<SpecArg>& args) const {
    return resolve_(owner, args);
  }

 private:
  std::vector<ParamInfo> info_;
  std::function<ParamValues(const std::string&, const std::vector<SpecArg>&)> resolve_;
};

// ---- implementation details ----

template <class P>
void ParamDecls<P>::fail(const std::string& owner, const std::string& what) {
  params_detail::throw_usage(owner, what);
}

namespace params_detail {

template <class T>
std::string FieldRule<T>::parse(const std::string& text, T& out) const {
  std::string problem;
  T value{};
  if constexpr (std::is_same_v<T, int>) {
    problem = parse_whole(text, numeric, value);
  } else if constexpr (std::is_same_v<T, float>) {
    problem = parse_float(text, numeric, value);
  } else if constexpr (std::is_same_v<T, double>) {
    problem = parse_real(text, numeric, value);
  } else if constexpr (std::is_same_v<T, bool>) {
    problem = parse_flag(text, value);
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    problem = parse_seed(text, value);
  } else if constexpr (std::is_same_v<T, std::vector<int>>) {
    problem = parse_widths(text, numeric, value);
  } else if constexpr (std::is_same_v<T, std::string>) {
    value = text;
  } else {
    bool found = false;
    for (const auto& [name, v] : choices) {
      if (name == text) {
        value = v;
        found = true;
      }
    }
    if (!found) problem = "is not " + allowed();
  }
  if (problem.empty() && check) problem = check(value);
  if (problem.empty()) out = std::move(value);
  return problem;
}

template <class T>
std::string FieldRule<T>::validate(const T& value) const {
  std::string problem;
  if constexpr (std::is_same_v<T, int> || std::is_same_v<T, float> || std::is_same_v<T, double>) {
    problem = numeric.check(static_cast<double>(value));
  } else if constexpr (std::is_same_v<T, std::vector<int>>) {
    if (value.empty()) problem = "needs at least one width";
    for (const int w : value)
      if (problem.empty()) problem = numeric.check(w);
  } else if constexpr (std::is_enum_v<T>) {
    bool found = false;
    for (const auto& choice : choices) found = found || choice.second == value;
    if (!found) problem = "is not " + allowed();
  }
  if (problem.empty() && check) problem = check(value);
  return problem;
}

template <class T>
std::string FieldRule<T>::print(const T& value) const {
  if constexpr (std::is_same_v<T, int> || std::is_same_v<T, double>) {
    return format_number(static_cast<double>(value));
  } else if constexpr (std::is_same_v<T, float>) {
    return print_float(value);
  } else if constexpr (std::is_same_v<T, bool>) {
    return value ? "1" : "0";
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    return std::to_string(value);
  } else if constexpr (std::is_same_v<T, std::vector<int>>) {
    return print_widths(value);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return value;
  } else {
    for (const auto& [name, v] : choices)
      if (v == value) return name;
    return "<undeclared choice " + std::to_string(static_cast<long long>(value)) + ">";
  }
}

template <class T>
std::string FieldRule<T>::allowed() const {
  const std::string range = numeric.has_range ? " in" + numeric.range_text() : "";
  if constexpr (std::is_same_v<T, int>) {
    return "whole number" + range;
  } else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    return "number" + range;
  } else if constexpr (std::is_same_v<T, bool>) {
    return "0 or 1";
  } else if constexpr (std::is_same_v<T, std::uint64_t>) {
    return "non-negative whole number";
  } else if constexpr (std::is_same_v<T, std::vector<int>>) {
    return "widths such as 20-10, each" + range;
  } else if constexpr (std::is_same_v<T, std::string>) {
    return "";  // what a text must be is its check's business
  } else {
    std::string out;
    for (const auto& choice : choices) out += (out.empty() ? "one of " : ", ") + choice.first;
    return out;
  }
}

}  // namespace params_detail

}  // namespace crbench
