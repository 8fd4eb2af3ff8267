// IncCTR, incremental update with knowledge distillation (docs/methods/incctr.md):
// the previous model's predictions on the newly arrived D_t are soft labels, and
// the model is trained one pass on D_t against (1-λ)·BCE(y) + λ·BCE(y_soft).
#include <cstddef>
#include <vector>

#include "core/stopwatch.hpp"
#include "methods/registry.hpp"
#include "methods/updates/model_update_method.hpp"

namespace crbench {
namespace {

struct IncCtrParams : UpdateOverrides {
  double lambda = 0.2;

  static void declare(ParamDecls<IncCtrParams>& d) {
    d.field("lambda", &IncCtrParams::lambda)
        .range(0, 1)
        .describe("weight of the soft-label (previous model) BCE term; 0 is plain iu");
    UpdateOverrides::declare(d);
  }
};

class IncCtr final : public ModelUpdateMethod {
 public:
  explicit IncCtr(const IncCtrParams& p)
      : ModelUpdateMethod(p), lambda_(static_cast<float>(p.lambda)) {}

 private:
  void update(const Period& d_t, MethodContext& ctx) override {
    const Stopwatch distill;
    const LabelledView s = ctx.stream();
    const std::vector<RowIndex> rows = d_t.rows();
    // Soft labels: the model served for D_t (the previous period's) scores D_t
    // before it is updated.
    std::vector<float> targets(rows.size());
    state_.model->score(s, rows, targets);
    // BCE(p, y) = -[y log p + (1-y) log(1-p)] is affine in the target y, so
    // (1-λ)·BCE(p, y) + λ·BCE(p, y_soft) = BCE(p, (1-λ)·y + λ·y_soft) exactly:
    // training on the mixed target is training on the distillation loss.
    for (std::size_t k = 0; k < rows.size(); ++k) {
      targets[k] = (1.0f - lambda_) * s.label[rows[k]] + lambda_ * targets[k];
    }
    const double distill_seconds = distill.wall_seconds();
    train_on(rows, targets, d_t, ctx);
    cost_.other_seconds = distill_seconds;
  }

  float lambda_;
};

CRBENCH_REGISTER_METHOD(method_entry(
    "incctr", "IncCTR: incremental update distilled from the previous model's predictions on D_t",
    IncCtrParams{}, [](const IncCtrParams& p) { return std::make_unique<IncCtr>(p); }));

}  // namespace
}  // namespace crbench
