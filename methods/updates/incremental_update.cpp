// IU, incremental update (docs/methods/updates.md): the model warm-started from the
// previous period is trained one epoch on the newly arrived period only.
#include "methods/registry.hpp"
#include "methods/updates/model_update_method.hpp"

namespace crbench {
namespace {

class IncrementalUpdate final : public ModelUpdateMethod {
 public:
  void observe(const Period& d_t, MethodContext& ctx) override {
    cost_ = {};
    train_on(d_t.rows(), {}, d_t, ctx);
  }
};

CRBENCH_REGISTER_METHOD(MethodEntry{
    "iu",
    "incremental update: warm-started, one pass over the new period D_t",
    {},
    [](const HyperParams&) { return std::make_unique<IncrementalUpdate>(); }});

}  // namespace
}  // namespace crbench
