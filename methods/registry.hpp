// The method registry: every method registers itself from its own source file
// with a name, a description, its declared hyper-parameters (a parameter struct,
// core/params.hpp) and a factory (after xgboost's registries). A method spec
// string such as "bu(w=5)" names an entry and overrides some hyper-parameters;
// the canonical spec lists every hyper-parameter and parses back to the same method.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <type_traits>

#include "core/params.hpp"
#include "core/registry.hpp"
#include "methods/method.hpp"

namespace crbench {

struct MethodEntry {
  std::string name;
  std::string description;
  ParamSchema params;  // the declarations, with this entry's defaults
  std::function<std::unique_ptr<Method>(const ParamValues&)> factory;
  // Non-empty: this entry is another name for that entry (same method, same
  // hyper-parameters and defaults): its specs resolve, canonically, to the
  // target's, so both names give one job. `methods = all` skips it.
  std::string alias_of = {};
  // Serves only on streams with ground-truth click probabilities (simulated):
  // `methods = all` leaves it out elsewhere.
  bool needs_ground_truth = false;
};

// An entry whose hyper-parameters are the declared struct P, `defaults` its
// values when a spec does not set them; `make` builds the method from them.
template <class P>
MethodEntry method_entry(
    std::string name, std::string description, P defaults,
    std::type_identity_t<std::function<std::unique_ptr<Method>(const P&)>> make) {
  return MethodEntry{std::move(name), std::move(description), ParamSchema(std::move(defaults)),
                     [make](const ParamValues& v) { return make(v.get<P>()); }};
}
// An entry without hyper-parameters.
MethodEntry method_entry(std::string name, std::string description,
                         std::function<std::unique_ptr<Method>()> make);
// Another name for `target`.
MethodEntry alias_entry(std::string name, std::string target);

class MethodRegistry : public Registry<MethodEntry> {
 public:
  MethodRegistry() : Registry<MethodEntry>("method") {}
  static MethodRegistry& global();

  // Resolves a spec; an alias resolves to its target (entry and canonical spec).
  // UsageError for bad syntax, an unknown name or a bad hyper-parameter value.
  Resolved resolve(const std::string& spec_text) const;
  std::string canonical(const std::string& spec_text) const { return resolve(spec_text).canonical; }
  std::unique_ptr<Method> create(const std::string& spec_text) const;
};

}  // namespace crbench

// CRBENCH_REGISTER_METHOD(method_entry(...)); at namespace scope in the method's file.
#define CRBENCH_REGISTER_METHOD(...)                                                 \
  [[maybe_unused]] static const bool CRBENCH_CONCAT(crbench_registered_, __LINE__) = \
      ::crbench::MethodRegistry::global().add(__VA_ARGS__)
