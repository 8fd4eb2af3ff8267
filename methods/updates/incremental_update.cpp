// IU, incremental update (docs/methods/updates.md): the model warm-started from the
// previous period is trained one epoch on the newly arrived period only.
#include "methods/registry.hpp"
#include "methods/updates/model_update_method.hpp"

namespace crbench {
namespace {

class IncrementalUpdate final : public ModelUpdateMethod {
  void update(const Period& d_t, MethodContext& ctx) override {
    train_on(d_t.rows(), {}, d_t, ctx);
  }
};

CRBENCH_REGISTER_METHOD(
    method_entry("iu", "incremental update: warm-started, one pass over the new period D_t",
                 [] { return std::make_unique<IncrementalUpdate>(); }));

}  // namespace
}  // namespace crbench
