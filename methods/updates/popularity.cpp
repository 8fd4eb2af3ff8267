// The popularity floor: each item's positive rate over every period seen so far,
// smoothed towards the global positive rate (an additive prior of `smoothing`
// pseudo-samples), so that rarely seen and unseen items get the global rate.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/stopwatch.hpp"
#include "methods/registry.hpp"

namespace crbench {
namespace {

class PopularityScorer final : public Scorer {
 public:
  PopularityScorer(std::size_t num_items, double smoothing)
      : positives_(num_items, 0.0), seen_(num_items, 0.0), smoothing_(smoothing) {}

  void count(const LabelledView& stream, RowIndex begin, RowIndex end) {
    for (RowIndex r = begin; r < end; ++r) {
      const auto i = static_cast<std::size_t>(stream.item[r]);
      positives_[i] += stream.label[r];
      seen_[i] += 1.0;
      total_positives_ += stream.label[r];
      total_seen_ += 1.0;
    }
  }

  void score(const FeatureView& stream, std::span<const RowIndex> rows,
             std::span<float> out) const override {
    for (std::size_t k = 0; k < rows.size(); ++k) out[k] = item_score(stream.item[rows[k]]);
  }
  // Every user gets the same scores: computed once per period.
  std::unique_ptr<CandidateScorer> candidate_scorer(
      const FeatureView&, int, std::vector<std::int32_t> items) const override {
    return std::make_unique<SameForEveryUser>(*this, std::move(items));
  }
  std::size_t parameter_count() const { return 2 * positives_.size(); }

 private:
  float item_score(std::int32_t item) const {
    const double prior = total_seen_ > 0 ? total_positives_ / total_seen_ : 0.5;
    const auto i = static_cast<std::size_t>(item);
    // An item never seen without smoothing gets the global rate: the limit of the
    // smoothed rate as smoothing goes to 0 (0/0 otherwise).
    const double pseudo = seen_[i] + smoothing_;
    return static_cast<float>(pseudo > 0.0 ? (positives_[i] + smoothing_ * prior) / pseudo : prior);
  }

  class SameForEveryUser final : public CandidateScorer {
   public:
    SameForEveryUser(const PopularityScorer& p, std::vector<std::int32_t> items)
        : CandidateScorer(std::move(items)) {
      for (const std::int32_t i : this->items()) {
        if (i < 0 || static_cast<std::size_t>(i) >= p.seen_.size())
          throw std::out_of_range("popularity: item " + std::to_string(i) + " outside the model");
        scores_.push_back(p.item_score(i));
      }
    }
    void score(const UserState&, std::span<float> out) const override {
      if (out.size() != scores_.size())
        throw std::invalid_argument("popularity candidate scorer: wrong output size");
      std::copy(scores_.begin(), scores_.end(), out.begin());
    }

   private:
    std::vector<float> scores_;
  };

  std::vector<double> positives_;
  std::vector<double> seen_;
  double total_positives_ = 0.0;
  double total_seen_ = 0.0;
  double smoothing_;
};

struct PopularityParams {
  double smoothing = 5;

  static void declare(ParamDecls<PopularityParams>& d) {
    d.field("smoothing", &PopularityParams::smoothing)
        .range(0, 1e6)
        .describe("pseudo-samples at the global positive rate");
  }
};

class Popularity final : public Method {
 public:
  explicit Popularity(const PopularityParams& p) : smoothing_(p.smoothing) {}
  void start(const PretrainedModel&, const MethodContext& ctx) override {
    const LabelledView s = ctx.stream();
    scorer_ = std::make_unique<PopularityScorer>(static_cast<std::size_t>(s.num_items), smoothing_);
    const int visible = ctx.window->visible_periods();
    if (visible > 0) {
      const Period first = ctx.window->period(0);
      const Period last = ctx.window->period(visible - 1);
      scorer_->count(s, first.begin, last.end);
    }
  }
  const Scorer& serving() const override { return *scorer_; }
  std::size_t parameter_count() const override { return scorer_->parameter_count(); }

 private:
  void update(const Period& d_t, MethodContext& ctx) override {
    const Stopwatch watch;
    scorer_->count(ctx.stream(), d_t.begin, d_t.end);
    cost_.other_seconds = watch.wall_seconds();
  }

  double smoothing_;
  std::unique_ptr<PopularityScorer> scorer_;
};

CRBENCH_REGISTER_METHOD(method_entry(
    "popularity", "each item's smoothed positive rate over all periods so far (floor)",
    PopularityParams{}, [](const PopularityParams& p) { return std::make_unique<Popularity>(p); }));

}  // namespace
}  // namespace crbench
