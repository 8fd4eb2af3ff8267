// Reservoir replay (docs/methods/replay.md, the sample-based family): each period
// trains on D_t plus replayed past samples. `reservoir` draws past positives
// uniformly; `spmf` (Wang et al.'s SPMF) draws them with probability
// proportional to exp(rank/|R|), rank ordering R by the current model's score
// descending, so that poorly predicted positives come back more often.
//
// Negatives: ratio*|neg(D_t)| drawn uniformly from a second reservoir, of past
// negative samples (same capacity rule), as the ASMG reference's SPMF does, so
// that on explicit logs (MovieLens: label = rating >= 4) the replayed negatives
// are real low ratings rather than invented pairs.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/stopwatch.hpp"
#include "methods/registry.hpp"
#include "methods/updates/model_update_method.hpp"
#include "methods/updates/reservoir.hpp"

namespace crbench {
namespace {

enum class Draw { kUniform, kScoreRanked };

struct ReplayParams : UpdateOverrides {
  double frac = 0.3;
  double ratio = 0.5;
  int capacity = 0;

  static void declare(ParamDecls<ReplayParams>& d) {
    d.field("frac", &ReplayParams::frac)
        .range(0, 1)
        .describe("share of pre-training samples seeding the reservoirs");
    d.field("ratio", &ReplayParams::ratio)
        .range(0, 10)
        .describe("replayed samples per new sample, per label");
    d.field("capacity", &ReplayParams::capacity)
        .range(0, 1e9)
        .describe("reservoir capacity; 0 = the seeded size");
    UpdateOverrides::declare(d);
  }
};

class ReservoirReplay final : public ModelUpdateMethod {
 public:
  ReservoirReplay(Draw draw, const ReplayParams& p)
      : ModelUpdateMethod(p),
        draw_(draw),
        frac_(p.frac),
        ratio_(p.ratio),
        capacity_(static_cast<std::size_t>(p.capacity)) {}

  void start(const PretrainedModel& pretrained, const MethodContext& ctx) override {
    ModelUpdateMethod::start(pretrained, ctx);
    std::mt19937_64 rng(derive_seed(ctx.seed, "reservoir-init"));
    const LabelledView s = ctx.stream();
    std::vector<RowIndex> past_pos, past_neg;
    for (const RowIndex r : ctx.window->rows(0, ctx.window->visible_periods() - 1))
      (s.label[r] > 0.5f ? past_pos : past_neg).push_back(r);
    positives_ = seed_reservoir(past_pos, rng);
    negatives_ = seed_reservoir(past_neg, rng);
  }

 private:
  void update(const Period& d_t, MethodContext& ctx) override {
    const Stopwatch sampling;
    const LabelledView s = ctx.stream();
    std::mt19937_64 rng(
        derive_seed(ctx.seed, "reservoir-draw", static_cast<std::uint64_t>(d_t.index)));
    std::vector<RowIndex> rows = d_t.rows();
    std::size_t new_pos = 0;
    for (const RowIndex r : rows) new_pos += s.label[r] > 0.5f ? 1 : 0;
    const auto want_pos =
        static_cast<std::size_t>(std::round(ratio_ * static_cast<double>(new_pos)));
    const auto want_neg =
        static_cast<std::size_t>(std::round(ratio_ * static_cast<double>(rows.size() - new_pos)));

    const std::vector<RowIndex> replay_pos = draw_ == Draw::kUniform
                                                 ? draw_uniform(positives_->rows(), want_pos, rng)
                                                 : draw_score_ranked(s, want_pos, rng);
    const std::vector<RowIndex> replay_neg = draw_uniform(negatives_->rows(), want_neg, rng);
    rows.insert(rows.end(), replay_pos.begin(), replay_pos.end());
    rows.insert(rows.end(), replay_neg.begin(), replay_neg.end());
    const double sampling_seconds = sampling.wall_seconds();

    train_on(rows, {}, d_t, ctx);

    // D_t joins the reservoirs only after it was trained on, so replay is of the past.
    const Stopwatch bookkeeping;
    for (RowIndex r = d_t.begin; r < d_t.end; ++r)
      (s.label[r] > 0.5f ? *positives_ : *negatives_).offer(r, rng);
    cost_.other_seconds = sampling_seconds + bookkeeping.wall_seconds();
  }

  std::unique_ptr<Reservoir> seed_reservoir(const std::vector<RowIndex>& past,
                                            std::mt19937_64& rng) const {
    auto initial =
        draw_uniform(past, static_cast<std::size_t>(frac_ * static_cast<double>(past.size())), rng);
    const std::size_t capacity =
        capacity_ > 0 ? capacity_ : std::max<std::size_t>(initial.size(), 1);
    if (initial.size() > capacity) initial.resize(capacity);
    return std::make_unique<Reservoir>(std::move(initial), capacity, past.size());
  }

  std::vector<RowIndex> draw_score_ranked(const LabelledView& s, std::size_t count,
                                          std::mt19937_64& rng) const {
    const std::vector<RowIndex>& pool = positives_->rows();
    std::vector<float> scores(pool.size());
    state_.model->score(s, pool, scores);
    std::vector<std::size_t> order(pool.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    std::vector<double> weights(pool.size());
    const double n = static_cast<double>(pool.size());
    for (std::size_t rank = 0; rank < order.size(); ++rank)
      weights[order[rank]] = std::exp(static_cast<double>(rank) / n);
    return draw_weighted(pool, weights, count, rng);
  }

  Draw draw_;
  double frac_;
  double ratio_;
  std::size_t capacity_;
  std::unique_ptr<Reservoir> positives_;
  std::unique_ptr<Reservoir> negatives_;
};

CRBENCH_REGISTER_METHOD(method_entry("reservoir",
                                     "reservoir replay with uniform draws of past samples",
                                     ReplayParams{}, [](const ReplayParams& p) {
                                       return std::make_unique<ReservoirReplay>(Draw::kUniform, p);
                                     }));
CRBENCH_REGISTER_METHOD(
    method_entry("spmf", "reservoir replay drawing poorly scored past positives more (SPMF)",
                 ReplayParams{}, [](const ReplayParams& p) {
                   return std::make_unique<ReservoirReplay>(Draw::kScoreRanked, p);
                 }));

}  // namespace
}  // namespace crbench
