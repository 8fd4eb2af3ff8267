// The closed-loop stream: each period drawn as the open-loop simulator draws it
// (the same generator, seeded by (seed, period), the same draws in the same
// order), except that the impressions the served model chooses replace their
// exposure draw by the model's top-ranked candidate. Those choices use a
// generator of their own, so that with share 0 the samples are exactly the
// open-loop stream's.
#include "sim/closed_loop.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/params.hpp"
#include "core/seeding.hpp"
#include "datasets/history_layout.hpp"
#include "sim/drift.hpp"
#include "sim/rng.hpp"
#include "sim/world.hpp"

namespace crbench::sim {

using internal::PeriodState;
using internal::Rng;
using internal::WorldConfig;
using internal::WorldModel;

ClosedLoopStream::ClosedLoopStream(const Scenario& scenario, std::uint64_t seed, int max_history,
                                   const ClosedLoopSettings& loop, int open_periods)
    : state_(std::make_unique<PeriodState>()), seed_(seed), loop_(loop) {
  const WorldConfig config = internal::config_from_scenario(scenario);
  if (!(loop.share >= 0.0 && loop.share <= 1.0))
    throw std::invalid_argument("closed loop: share must be in [0, 1]");
  if (loop.candidates < 1) throw std::invalid_argument("closed loop: candidates must be >= 1");
  if (open_periods < 1 || open_periods > config.periods)
    throw std::invalid_argument("closed loop: open periods must be in [1, periods]");
  world_ = std::make_shared<const WorldModel>(config, seed);
  const WorldModel& w = *world_;

  Stream& s = stream_;
  s.meta.name = "sim-" + scenario.name;
  s.meta.source = scenario.canonical() + " seed=" + std::to_string(seed) +
                  " closed_loop=" + format_number(loop.share) +
                  " candidates=" + std::to_string(loop.candidates);
  s.meta.labelling = "given-label";
  s.meta.period_rule = "equal-count:" + std::to_string(config.periods);
  const internal::DriftWindows windows = internal::drift_windows(config);
  s.meta.drift_start_periods = windows.start;
  s.meta.drift_end_periods = windows.end;
  s.meta.catalogue_size = w.catalogue_sizes();
  s.max_history = max_history;
  s.num_users = w.total_users();
  s.num_items = w.total_items();
  s.num_categories = config.categories;
  s.raw_user_id.resize(static_cast<std::size_t>(s.num_users));
  s.raw_item_id.resize(static_cast<std::size_t>(s.num_items));
  for (std::int32_t u = 0; u < s.num_users; ++u) s.raw_user_id[static_cast<std::size_t>(u)] = u;
  for (std::int32_t i = 0; i < s.num_items; ++i) {
    s.raw_item_id[static_cast<std::size_t>(i)] = i;
    s.item_category_offset.push_back(static_cast<std::int32_t>(s.item_categories.size()));
    s.item_categories.push_back(w.item_category(i));
  }
  s.item_category_offset.push_back(static_cast<std::int32_t>(s.item_categories.size()));
  s.period_offset.push_back(0);
  for (int t = 0; t < open_periods; ++t) generate(t, nullptr);
}

ClosedLoopStream::~ClosedLoopStream() = default;

ClosedLoopStream::ClosedLoopStream(const ClosedLoopStream& other)
    : world_(other.world_),
      state_(std::make_unique<PeriodState>()),
      seed_(other.seed_),
      loop_(other.loop_),
      stream_(other.stream_) {}

int ClosedLoopStream::total_periods() const { return world_->config().periods; }

void ClosedLoopStream::next_period(const RowScorer& served) {
  if (periods_generated() >= total_periods())
    throw std::logic_error("closed loop: all periods already generated");
  generate(periods_generated(), &served);
}

void ClosedLoopStream::generate(int t, const RowScorer* served) {
  const WorldModel& w = *world_;
  PeriodState& st = *state_;
  w.prepare(t, st);
  Stream& s = stream_;
  const auto n = static_cast<std::size_t>(w.config().samples_per_period);

  // The open-loop simulator's draws, in its order: user, exposure item, concept
  // (while two are mixed), then the uniform the label compares with.
  Rng rng(derive_seed(seed_, "sim.period", static_cast<std::uint64_t>(t)));
  std::vector<std::uint32_t> uk(n), ik(n);
  std::vector<std::uint8_t> drew(n);
  std::vector<double> label_draw(n);
  const bool draws = st.draws_concept();
  for (std::size_t j = 0; j < n; ++j) {
    uk[j] = st.user_alias.sample(rng);
    ik[j] = st.item_alias.sample(rng);
    drew[j] = draws && uniform_unit(rng) < st.share_new;
    label_draw[j] = uniform_unit(rng);
  }
  const std::int64_t first_tick = static_cast<std::int64_t>(t) * static_cast<std::int64_t>(n) + 1;

  if (served != nullptr && loop_.share > 0.0) {
    // Which impressions the model chooses, and their candidates, from a generator
    // of their own (seeded by (seed, period), so the same for every method).
    Rng loop(derive_seed(seed_, "sim.loop", static_cast<std::uint64_t>(t)));
    std::vector<std::size_t> chosen;
    std::vector<std::uint32_t> candidates;
    for (std::size_t j = 0; j < n; ++j) {
      if (!(uniform_unit(loop) < loop_.share)) continue;
      chosen.push_back(j);
      for (int k = 0; k < loop_.candidates; ++k) candidates.push_back(st.item_alias.sample(loop));
    }
    // Candidate rows after the last period: no window shows them, and they are
    // removed before the period's own rows are appended. Their history is the
    // user's positives up to the period's start.
    const std::size_t base = s.num_samples();
    const auto c = static_cast<std::size_t>(loop_.candidates);
    const std::size_t m = chosen.size() * c;
    s.user.resize(base + m);
    s.item.resize(base + m);
    s.timestamp.resize(base + m);
    s.label.resize(base + m, 0.0f);
    s.true_probability.resize(base + m);
    s.history_end.resize(base + m);
    s.history_len.resize(base + m);
    std::vector<RowIndex> rows(m);
    for (std::size_t q = 0; q < chosen.size(); ++q) {
      const std::size_t j = chosen[q];
      const std::int32_t user = st.live_users[uk[j]];
      const auto u = static_cast<std::size_t>(user);
      const std::int64_t end = s.user_positive_offset[u + 1];
      const std::int64_t count = end - s.user_positive_offset[u];
      for (std::size_t k = 0; k < c; ++k) {
        const std::size_t r = base + q * c + k;
        const std::uint32_t item_k = candidates[q * c + k];
        s.user[r] = user;
        s.item[r] = st.live_items[item_k];
        s.timestamp[r] = first_tick + static_cast<std::int64_t>(j);
        s.label[r] = 0.0f;
        s.true_probability[r] = static_cast<float>(st.attainable(uk[j], item_k));
        s.history_end[r] = end;
        s.history_len[r] = static_cast<std::uint8_t>(std::min<std::int64_t>(count, s.max_history));
        rows[q * c + k] = static_cast<RowIndex>(r);
      }
    }
    std::vector<float> scores(m);
    (*served)(s, rows, scores);
    for (std::size_t q = 0; q < chosen.size(); ++q) {
      const float* first = scores.data() + q * c;
      const auto best = static_cast<std::size_t>(std::max_element(first, first + c) - first);
      ik[chosen[q]] = candidates[q * c + best];  // ties: the first drawn
    }
    for (auto* column : {&s.label, &s.true_probability}) column->resize(base);
    s.user.resize(base);
    s.item.resize(base);
    s.timestamp.resize(base);
    s.history_end.resize(base);
    s.history_len.resize(base);
  }

  for (std::size_t j = 0; j < n; ++j) {
    double p = 0.0, realised = 0.0;
    std::uint8_t concept_id = 0;
    st.outcome(uk[j], ik[j], drew[j] != 0, p, realised, concept_id);
    s.user.push_back(st.live_users[uk[j]]);
    s.item.push_back(st.live_items[ik[j]]);
    s.timestamp.push_back(first_tick + static_cast<std::int64_t>(j));
    s.label.push_back(label_draw[j] < realised ? 1.0f : 0.0f);
    s.true_probability.push_back(static_cast<float>(p));
  }
  s.period_offset.push_back(static_cast<RowIndex>(s.num_samples()));
  crbench::internal::lay_out_history(s);
}

}  // namespace crbench::sim
