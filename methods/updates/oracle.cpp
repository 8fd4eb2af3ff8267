// The oracle: serves the ground-truth click probability of every sample, which
// only a simulated stream has. It is the best any method can do in expectation,
// so leaderboards on simulated streams report each method's regret against it.
// In full-ranking evaluation it ranks by the world's ground truth for every
// (user, item) pair, the ideal ranking (a ranking regret).
#include "core/errors.hpp"
#include "methods/registry.hpp"

namespace crbench {
namespace {

// Ranks by the world's probability that the user clicks the item during the
// period (sim/ground_truth.hpp says why not by the click probability alone).
class GroundTruthRanking final : public CandidateScorer {
 public:
  GroundTruthRanking(std::unique_ptr<const GroundTruthPeriod> truth,
                     std::vector<std::int32_t> items)
      : CandidateScorer(std::move(items)), truth_(std::move(truth)) {}
  void score(const UserState& state, std::span<float> out) const override {
    truth_->period_click_probability(state.user, items(), out);
  }

 private:
  std::unique_ptr<const GroundTruthPeriod> truth_;
};

class TrueProbabilityScorer final : public Scorer {
 public:
  void score(const FeatureView& stream, std::span<const RowIndex> rows,
             std::span<float> out) const override {
    for (std::size_t k = 0; k < rows.size(); ++k) out[k] = stream.true_probability[rows[k]];
  }
  std::unique_ptr<CandidateScorer> candidate_scorer(
      const FeatureView& stream, int period, std::vector<std::int32_t> items) const override {
    if (!stream.ground_truth)
      throw UsageError(
          "the oracle's full ranking needs the simulated world of '" + stream.meta.name +
          "' (streams simulated in memory with --scenario carry it; a simulated log read back "
          "from a file has only the probabilities of its samples)");
    return std::make_unique<GroundTruthRanking>(stream.ground_truth->period(period),
                                                std::move(items));
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
