// methods/updates/my_method.cpp: what it is, and the paper it comes from.
#include "methods/registry.hpp"
#include "methods/updates/model_update_method.hpp"

namespace crbench {
namespace {

// Hyper-parameters: defaults here; names, ranges and meanings declared once.
struct MyParams {
  double ratio = 0.5;
  static void declare(ParamDecls<MyParams>& d) {
    d.field("ratio", &MyParams::ratio).range(0, 10).describe("what ratio means");
  }
};

class MyMethod final : public ModelUpdateMethod {  // or Method, for other state
 public:
  explicit MyMethod(const MyParams& p) : ratio_(p.ratio) {}

 private:
  // observe() calls this with the period's cost reset; book time in cost_.
  void update(const Period& d_t, MethodContext& ctx) override {
    train_on(d_t.rows(), {}, d_t, ctx);  // ctx.window->rows(a, b) for past periods
  }
  double ratio_;
};

CRBENCH_REGISTER_METHOD(method_entry("my-method", "one line for crbench methods", MyParams{},
                                     [](const MyParams& p) {
                                       return std::make_unique<MyMethod>(p);
                                     }));

}  // namespace
}  // namespace crbench
