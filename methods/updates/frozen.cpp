// The no-update floor: serves the pre-trained model unchanged for every period.
// Every continual method exists to beat it.
#include "methods/registry.hpp"

namespace crbench {
namespace {

class Frozen final : public Method {
 public:
  void start(const PretrainedModel& pretrained, const MethodContext&) override {
    model_ = pretrained.state.model->clone();
  }
  const Scorer& serving() const override { return *model_; }
  std::size_t parameter_count() const override { return model_->parameter_count(); }

 private:
  void update(const Period&, MethodContext&) override {}

  std::unique_ptr<BaseModel> model_;
};

CRBENCH_REGISTER_METHOD(method_entry("frozen",
                                     "the pre-trained model served unchanged (no-update floor)",
                                     [] { return std::make_unique<Frozen>(); }));

}  // namespace
}  // namespace crbench
