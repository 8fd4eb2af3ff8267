// Method registry: entries without parameters, aliases, and creation from specs.
#include "methods/registry.hpp"

namespace crbench {

MethodRegistry& MethodRegistry::global() {
  static MethodRegistry registry;
  return registry;
}

MethodEntry method_entry(std::string name, std::string description,
                         std::function<std::unique_ptr<Method>()> make) {
  return method_entry<NoParams>(std::move(name), std::move(description), NoParams{},
                                [make](const NoParams&) { return make(); });
}

MethodEntry alias_entry(std::string name, std::string target) {
  MethodEntry entry;
  entry.name = std::move(name);
  entry.description = "another name for " + target;
  entry.alias_of = std::move(target);
  return entry;
}

MethodRegistry::Resolved MethodRegistry::resolve(const std::string& spec_text) const {
  const Spec spec = Spec::parse(spec_text);
  const MethodEntry& named = find(spec.name);
  if (named.alias_of.empty()) return resolve_as(named, spec.args, "method '" + spec.name + "'");
  // The alias's arguments go to its target, whose name the canonical spec
  // carries, so that "bu(w=5)" and "bu-3(w=5)" are one method and one job.
  return resolve_as(find(named.alias_of), spec.args,
                    "method '" + spec.name + "' (" + named.alias_of + ")");
}

std::unique_ptr<Method> MethodRegistry::create(const std::string& spec_text) const {
  const Resolved r = resolve(spec_text);
  return r.entry->factory(r.values);
}

}  // namespace crbench
