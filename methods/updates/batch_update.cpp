// BU-w, sliding-window batch update (docs/methods/updates.md): the warm-started
// model is trained one epoch over the last w periods D_{t-w+1..t}.
#include <algorithm>

#include "methods/registry.hpp"
#include "methods/updates/model_update_method.hpp"

namespace crbench {
namespace {

struct BatchUpdateParams : UpdateOverrides {
  int w = 3;

  static void declare(ParamDecls<BatchUpdateParams>& d) {
    d.field("w", &BatchUpdateParams::w).range(1, 1000).describe("window length in periods");
    UpdateOverrides::declare(d);
  }
};

class BatchUpdate final : public ModelUpdateMethod {
 public:
  explicit BatchUpdate(const BatchUpdateParams& p) : ModelUpdateMethod(p), window_(p.w) {}

 private:
  void update(const Period& d_t, MethodContext& ctx) override {
    const int first = std::max(0, d_t.index - window_ + 1);
    train_on(ctx.window->rows(first, d_t.index), {}, d_t, ctx);
  }

  int window_;
};

MethodEntry batch_update_entry(const std::string& name, int default_window) {
  return method_entry(name,
                      "sliding-window batch update: warm-started, one pass over the last w periods",
                      BatchUpdateParams{{}, default_window},
                      [](const BatchUpdateParams& p) { return std::make_unique<BatchUpdate>(p); });
}

CRBENCH_REGISTER_METHOD(batch_update_entry("bu-3", 3));
CRBENCH_REGISTER_METHOD(batch_update_entry("bu-5", 5));
CRBENCH_REGISTER_METHOD(batch_update_entry("bu-7", 7));
// `bu` is the generic name (bu(w=5) reads naturally); it is bu-3, spec and job.
CRBENCH_REGISTER_METHOD(alias_entry("bu", "bu-3"));

}  // namespace
}  // namespace crbench
