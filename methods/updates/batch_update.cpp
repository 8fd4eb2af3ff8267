// BU-w, sliding-window batch update (docs/methods/updates.md): the warm-started
// model is trained one epoch over the last w periods D_{t-w+1..t}.
#include <algorithm>

#include "methods/registry.hpp"
#include "methods/updates/model_update_method.hpp"

namespace crbench {
namespace {

class BatchUpdate final : public ModelUpdateMethod {
 public:
  explicit BatchUpdate(int window) : window_(window) {}
  void observe(const Period& d_t, MethodContext& ctx) override {
    cost_ = {};
    const int first = std::max(0, d_t.index - window_ + 1);
    train_on(ctx.window->rows(first, d_t.index), {}, d_t, ctx);
  }

 private:
  int window_;
};

MethodEntry batch_update_entry(const std::string& name, int default_window,
                               const std::string& alias_of = {}) {
  return MethodEntry{
      name,
      "sliding-window batch update: warm-started, one pass over the last w periods",
      {{"w", static_cast<double>(default_window), 1, 1000, true, "window length in periods"}},
      [](const HyperParams& p) { return std::make_unique<BatchUpdate>(p.get_int("w")); },
      alias_of};
}

// `bu` is the generic name (bu(w=5) reads naturally); with its default it is bu-3.
CRBENCH_REGISTER_METHOD(batch_update_entry("bu", 3, "bu-3"));
CRBENCH_REGISTER_METHOD(batch_update_entry("bu-3", 3));
CRBENCH_REGISTER_METHOD(batch_update_entry("bu-5", 5));
CRBENCH_REGISTER_METHOD(batch_update_entry("bu-7", 7));

}  // namespace
}  // namespace crbench
