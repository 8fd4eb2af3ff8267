// IU, incremental update (docs/methods/updates.md): the model warm-started from the
// previous period is trained one epoch on the newly arrived period only.
#include "methods/registry.hpp"
#include "methods/updates/model_update_method.hpp"

namespace crbench {
namespace {

struct IncrementalUpdateParams : UpdateOverrides {
  static void declare(ParamDecls<IncrementalUpdateParams>& d) { UpdateOverrides::declare(d); }
};

class IncrementalUpdate final : public ModelUpdateMethod {
 public:
  explicit IncrementalUpdate(const IncrementalUpdateParams& p) : ModelUpdateMethod(p) {}

 private:
  void update(const Period& d_t, MethodContext& ctx) override {
    train_on(d_t.rows(), {}, d_t, ctx);
  }
};

CRBENCH_REGISTER_METHOD(method_entry(
    "iu", "incremental update: warm-started, one pass over the new period D_t",
    IncrementalUpdateParams{},
    [](const IncrementalUpdateParams& p) { return std::make_unique<IncrementalUpdate>(p); }));

}  // namespace
}  // namespace crbench
