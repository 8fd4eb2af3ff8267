// The oracle: serves the ground-truth click probability of every sample, which
// only a simulated stream has. It is the best any method can do in expectation,
// so leaderboards on simulated streams report each method's regret against it.
#include "core/errors.hpp"
#include "methods/registry.hpp"

namespace crbench {
namespace {

class TrueProbabilityScorer final : public Scorer {
 public:
  void score(const FeatureView& stream, std::span<const RowIndex> rows,
             std::span<float> out) const override {
    for (std::size_t k = 0; k < rows.size(); ++k) out[k] = stream.true_probability[rows[k]];
  }
};

class Oracle final : public Method {
 public:
  void start(const PretrainedModel&, const MethodContext& ctx) override {
    if (!ctx.stream().has_true_probability())
      throw UsageError(
          "method 'oracle' needs a simulated stream with ground-truth click "
          "probabilities; '" +
          ctx.stream().meta.name + "' has none");
  }
  const Scorer& serving() const override { return scorer_; }
  std::size_t parameter_count() const override { return 0; }

 private:
  void update(const Period&, MethodContext&) override {}

  TrueProbabilityScorer scorer_;
};

MethodEntry oracle_entry() {
  MethodEntry entry = method_entry(
      "oracle", "serves the simulator's ground-truth click probabilities (regret reference)",
      [] { return std::make_unique<Oracle>(); });
  entry.needs_ground_truth = true;
  return entry;
}

CRBENCH_REGISTER_METHOD(oracle_entry());

}  // namespace
}  // namespace crbench
