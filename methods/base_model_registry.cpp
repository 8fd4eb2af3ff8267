// Base-model registry: lookup, spec validation, construction; and the entry of
// the reference Emb&MLP, which has no parameters beyond the protocol's
// embedding and hidden-layer settings.
#include "methods/base_model_registry.hpp"

#include "core/errors.hpp"

namespace crbench {

BaseModelRegistry& BaseModelRegistry::global() {
  static BaseModelRegistry registry;
  return registry;
}

bool BaseModelRegistry::add(BaseModelEntry entry) {
  const std::string name = entry.name;
  if (!entries_.emplace(name, std::move(entry)).second)
    throw std::logic_error("base model '" + name + "' registered twice");
  return true;
}

const BaseModelEntry& BaseModelRegistry::find(const std::string& name) const {
  const auto it = entries_.find(name);
  if (it != entries_.end()) return it->second;
  std::string known;
  for (const auto& [n, e] : entries_) known += (known.empty() ? "" : ", ") + n;
  throw UsageError("unknown base model '" + name + "'; registered base models: " + known);
}

std::vector<const BaseModelEntry*> BaseModelRegistry::entries() const {
  std::vector<const BaseModelEntry*> out;
  for (const auto& [n, e] : entries_) out.push_back(&e);
  return out;
}

std::string BaseModelRegistry::canonical(const std::string& spec_text) const {
  const Spec spec = Spec::parse(spec_text);
  const BaseModelEntry& entry = find(spec.name);
  return canonical_spec(
      spec.name, entry.params,
      resolve_params("base model '" + spec.name + "'", entry.params, spec.overrides));
}

std::unique_ptr<BaseModel> BaseModelRegistry::create(const std::string& spec_text,
                                                     const StreamShape& shape,
                                                     const EmbMlpConfig& config,
                                                     std::uint64_t seed) const {
  const Spec spec = Spec::parse(spec_text);
  const BaseModelEntry& entry = find(spec.name);
  return entry.factory(
      shape, config, resolve_params("base model '" + spec.name + "'", entry.params, spec.overrides),
      seed);
}

namespace {
CRBENCH_REGISTER_BASE_MODEL(BaseModelEntry{
    "emb-mlp",
    "reference Embedding&MLP: user/item/category embeddings, history mean, ReLU MLP",
    {},
    [](const StreamShape& shape, const EmbMlpConfig& config, const ParamValues&,
       std::uint64_t seed) { return std::make_unique<EmbMlp>(shape, config, seed); }});
}  // namespace

}  // namespace crbench
