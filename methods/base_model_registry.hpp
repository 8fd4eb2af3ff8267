// Base models by name (emb-mlp, mf, apg, ...), so that the protocol's shared
// pre-trained model and the methods that bring their own model (apg, sml-mf) are
// built from a spec string such as "apg(k_div=4,p_mult=4)". Each base model
// registers itself from its own source file, like the methods do.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/param_spec.hpp"
#include "methods/base_model.hpp"
#include "methods/base_models/emb_mlp.hpp"

namespace crbench {

struct BaseModelEntry {
  std::string name;
  std::string description;
  std::vector<ParamDecl> params;
  // The stream's shape, the protocol's embedding/hidden settings (models built on
  // the reference Emb&MLP follow them), the resolved parameters and the init seed.
  std::function<std::unique_ptr<BaseModel>(const StreamShape&, const EmbMlpConfig&,
                                           const ParamValues&, std::uint64_t seed)>
      factory;
};

class BaseModelRegistry {
 public:
  static BaseModelRegistry& global();
  bool add(BaseModelEntry entry);
  // Throws UsageError listing the registered names.
  const BaseModelEntry& find(const std::string& name) const;
  std::vector<const BaseModelEntry*> entries() const;  // sorted by name
  // Parses and validates a spec; UsageError names the base model and the parameter.
  std::string canonical(const std::string& spec_text) const;
  std::unique_ptr<BaseModel> create(const std::string& spec_text, const StreamShape& shape,
                                    const EmbMlpConfig& config, std::uint64_t seed) const;

 private:
  std::map<std::string, BaseModelEntry> entries_;
};

}  // namespace crbench

// CRBENCH_REGISTER_BASE_MODEL(BaseModelEntry{...}); at namespace scope in the model's file.
#define CRBENCH_REGISTER_BASE_MODEL(...)                                             \
  [[maybe_unused]] static const bool CRBENCH_CONCAT(crbench_base_model_, __LINE__) = \
      ::crbench::BaseModelRegistry::global().add(__VA_ARGS__)
