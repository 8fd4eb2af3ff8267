// Parsing, printing, splitting and sweeping of spec strings.
#include "core/spec.hpp"

#include "core/errors.hpp"
#include "core/quoting.hpp"

namespace crbench {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// Splits at `separator` (no nesting: the argument list of one spec).
std::vector<std::string> split_flat(const std::string& text, char separator) {
  std::vector<std::string> out(1);
  for (const char c : text) {
    if (c == separator) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace

Spec Spec::parse(const std::string& text) {
  Spec spec;
  const auto open = text.find('(');
  spec.name = trim(text.substr(0, open));
  const std::string shown = excerpt(text);
  if (spec.name.empty()) throw UsageError("spec '" + shown + "': missing name");
  if (spec.name.find(')') != std::string::npos)
    throw UsageError("spec '" + shown + "': ')' without '('");
  if (open == std::string::npos) return spec;
  const std::string rest = trim(text.substr(open));
  if (rest.back() != ')') throw UsageError("spec '" + shown + "': missing ')'");
  const std::string body = rest.substr(1, rest.size() - 2);
  if (body.find_first_of("()") != std::string::npos)
    throw UsageError("spec '" + shown + "': parentheses inside the arguments");
  for (const std::string& raw : split_flat(body, ',')) {
    const std::string item = trim(raw);
    if (item.empty()) continue;
    const auto eq = item.find('=');
    if (eq == std::string::npos)
      throw UsageError("spec '" + shown + "': '" + item + "' is not name=value");
    SpecArg arg{trim(item.substr(0, eq)), trim(item.substr(eq + 1))};
    if (arg.key.empty()) throw UsageError("spec '" + shown + "': '" + item + "' has no name");
    if (arg.value.empty())
      throw UsageError("spec '" + shown + "': '" + arg.key + "' has an empty value");
    for (const SpecArg& seen : spec.args)
      if (seen.key == arg.key)
        throw UsageError("spec '" + shown + "': '" + arg.key + "' given twice");
    spec.args.push_back(std::move(arg));
  }
  return spec;
}

std::string Spec::text() const {
  if (args.empty()) return name;
  std::string out = name + "(";
  for (std::size_t i = 0; i < args.size(); ++i)
    out += (i > 0 ? "," : "") + args[i].key + "=" + args[i].value;
  return out + ")";
}

std::vector<std::string> split_spec_list(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  for (const char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else if (c != ' ') {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

std::vector<SpecAlternative> expand_alternatives(const std::string& spec) {
  const std::size_t open = spec.find('(');
  if (spec.find('|') == std::string::npos || open == std::string::npos || spec.back() != ')')
    return {{spec, ""}};
  const std::string name = spec.substr(0, open);
  std::string body;
  for (const char c : spec.substr(open + 1, spec.size() - open - 2))
    if (c != ' ') body += c;
  std::vector<SpecAlternative> out{{"", ""}};  // (arguments so far, label)
  for (const std::string& arg : split_flat(body, ',')) {
    const std::size_t eq = arg.find('=');
    const std::vector<std::string> values = eq == std::string::npos
                                                ? std::vector<std::string>{arg}
                                                : split_flat(arg.substr(eq + 1), '|');
    for (const std::string& v : values)
      if (v.empty())
        throw UsageError("'" + excerpt(spec) + "': empty alternative in '" + excerpt(arg) + "'");
    // A grid of thousands of one spec's variants is a slip (or a flood of '|'),
    // not a plan: refuse before building the product.
    if (out.size() * values.size() > kMaxAlternatives)
      throw UsageError("'" + excerpt(spec) + "': more than " + std::to_string(kMaxAlternatives) +
                       " combinations of alternatives");
    std::vector<SpecAlternative> next;
    for (const auto& [done, label] : out) {
      for (const std::string& v : values) {
        const std::string item = eq == std::string::npos ? arg : arg.substr(0, eq + 1) + v;
        std::string l = label;
        if (values.size() > 1) l += (l.empty() ? "" : ",") + item;
        next.push_back({done + (done.empty() ? "" : ",") + item, l});
      }
    }
    out = std::move(next);
  }
  for (SpecAlternative& a : out) a.spec = name + "(" + a.spec + ")";
  return out;
}

std::string with_extra_args(const std::string& spec, const std::vector<std::string>& items,
                            const std::string& option) {
  if (items.empty()) return spec;
  std::string extra;
  for (const std::string& item : items) {
    if (item.find('=') == std::string::npos)
      throw UsageError(option + " '" + excerpt(item) + "' is not key=value");
    extra += (extra.empty() ? "" : ",") + item;
  }
  return !spec.empty() && spec.back() == ')' ? spec.substr(0, spec.size() - 1) + "," + extra + ")"
                                             : spec + "(" + extra + ")";
}

std::string spec_name(const std::string& spec_text) {
  return spec_text.substr(0, spec_text.find('('));
}

}  // namespace crbench
