// methods/updates/my_method.cpp: what it is, and the paper it comes from.
#include "methods/registry.hpp"
#include "methods/updates/model_update_method.hpp"

namespace crbench {
namespace {

// Hyper-parameters: defaults here; names, ranges and meanings declared once.
struct MyParams {
  double ratio = 0.5;
  static void declare(ParamDecls<MyParams>& d) {
    d.field("ratio", &MyParams::ratio).range(0, 1).describe("share of D_t to train on");
  }
};

class MyMethod final : public ModelUpdateMethod {  // or Method, for other state
 public:
  explicit MyMethod(const MyParams& p) : ratio_(p.ratio) {}

 private:
  // observe() calls this with the period's cost reset; book time in cost_.
  void update(const Period& d_t, MethodContext& ctx) override {
    std::vector<RowIndex> rows = d_t.rows();  // ctx.window->rows(a, b): past periods
    rows.resize(static_cast<std::size_t>(ratio_ * static_cast<double>(rows.size())));
    train_on(rows, {}, d_t, ctx);
  }
  double ratio_;
};

CRBENCH_REGISTER_METHOD(method_entry("my-method", "one line for crbench methods", MyParams{},
                                     [](const MyParams& p) {
                                       return std::make_unique<MyMethod>(p);
                                     }));

}  // namespace
}  // namespace crbench
