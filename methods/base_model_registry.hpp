// Base models by name (emb-mlp, mf, apg, ...), so that the protocol's shared
// pre-trained model and the methods that bring their own model are built from a
// spec string such as "apg(k_div=4,p_mult=4)". Each base model registers itself
// from its own source file, like the methods do, with its declared parameters.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>

#include "core/params.hpp"
#include "core/registry.hpp"
#include "methods/base_model.hpp"

namespace crbench {

struct BaseModelEntry {
  std::string name;
  std::string description;
  ParamSchema params;  // the declarations, with this entry's defaults
  // The stream's shape, the resolved parameters and the init seed.
  std::function<std::unique_ptr<BaseModel>(const StreamShape&, const ParamValues&,
                                           std::uint64_t seed)>
      factory;
};

// An entry whose parameters are the declared struct P, with `defaults`.
template <class P>
BaseModelEntry base_model_entry(
    std::string name, std::string description, P defaults,
    std::type_identity_t<
        std::function<std::unique_ptr<BaseModel>(const StreamShape&, const P&, std::uint64_t)>>
        make) {
  return BaseModelEntry{std::move(name), std::move(description), ParamSchema(std::move(defaults)),
                        [make](const StreamShape& shape, const ParamValues& v, std::uint64_t seed) {
                          return make(shape, v.get<P>(), seed);
                        }};
}

// An entry for a Model built as Model(shape, parameters, seed).
template <class Model, class P>
BaseModelEntry base_model_entry(std::string name, std::string description, P defaults) {
  return base_model_entry<P>(std::move(name), std::move(description), std::move(defaults),
                             [](const StreamShape& shape, const P& p, std::uint64_t seed) {
                               return std::make_unique<Model>(shape, p, seed);
                             });
}

class BaseModelRegistry : public Registry<BaseModelEntry> {
 public:
  BaseModelRegistry() : Registry<BaseModelEntry>("base model") {}
  static BaseModelRegistry& global();
  // UsageError naming the base model and the parameter for a bad spec.
  std::unique_ptr<BaseModel> create(const std::string& spec_text, const StreamShape& shape,
                                    std::uint64_t seed) const;
};

}  // namespace crbench

// CRBENCH_REGISTER_BASE_MODEL(base_model_entry(...)); at namespace scope in the model's file.
#define CRBENCH_REGISTER_BASE_MODEL(...)                                             \
  [[maybe_unused]] static const bool CRBENCH_CONCAT(crbench_base_model_, __LINE__) = \
      ::crbench::BaseModelRegistry::global().add(__VA_ARGS__)
