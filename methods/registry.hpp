// The method registry: every method registers itself from its own source file
// with a name, a description, its hyper-parameters (default, bounds, meaning)
// and a factory (after xgboost's registries). A method spec string such as
// "bu(w=5)" names an entry and overrides some hyper-parameters; the canonical
// spec lists every hyper-parameter and parses back to the same method.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/param_spec.hpp"
#include "methods/method.hpp"

namespace crbench {

// A method's hyper-parameters are declared parameters (core/param_spec.hpp).
using HyperParam = ParamDecl;
using HyperParams = ParamValues;
using MethodSpec = Spec;

struct MethodEntry {
  std::string name;
  std::string description;
  std::vector<HyperParam> params;
  std::function<std::unique_ptr<Method>(const HyperParams&)> factory;
  // Non-empty: this entry is another name for that entry (same method, same
  // hyper-parameters and defaults). It works by name, but `methods = all` and the
  // method contract tests skip it, so that a grid does not run the method twice.
  std::string alias_of = {};
};

class MethodRegistry {
 public:
  static MethodRegistry& global();

  // Returns true so that it can initialise a static (see CRBENCH_REGISTER_METHOD).
  bool add(MethodEntry entry);
  // Throws UsageError listing the registered names.
  const MethodEntry& find(const std::string& name) const;
  std::vector<const MethodEntry*> entries() const;  // sorted by name, aliases included

  // Validates the overrides against the declarations (unknown name, out of
  // bounds, non-integer for an integer parameter: UsageError naming both).
  HyperParams resolve(const MethodSpec& spec) const;
  // "name(p1=v1,p2=v2)" with every hyper-parameter, in declaration order ("name"
  // alone for a method without hyper-parameters).
  std::string canonical(const std::string& name, const HyperParams& params) const;
  std::unique_ptr<Method> create(const std::string& spec_text) const;

 private:
  std::map<std::string, MethodEntry> entries_;
};

}  // namespace crbench

// CRBENCH_REGISTER_METHOD(MethodEntry{...}); at namespace scope in the method's file.
#define CRBENCH_REGISTER_METHOD(...)                                                 \
  [[maybe_unused]] static const bool CRBENCH_CONCAT(crbench_registered_, __LINE__) = \
      ::crbench::MethodRegistry::global().add(__VA_ARGS__)
