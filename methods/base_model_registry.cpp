// Base-model registry: the global instance and construction from specs.
#include "methods/base_model_registry.hpp"

namespace crbench {

BaseModelRegistry& BaseModelRegistry::global() {
  static BaseModelRegistry registry;
  return registry;
}

std::unique_ptr<BaseModel> BaseModelRegistry::create(const std::string& spec_text,
                                                     const StreamShape& shape,
                                                     std::uint64_t seed) const {
  const Resolved r = resolve(spec_text);
  return r.entry->factory(shape, r.values, seed);
}

}  // namespace crbench
