// Simulator: draws each period's samples from the prepared world (activity and
// exposure by alias tables, a Bernoulli click at the ground-truth probability),
// and assembles whole logs and streams. A period's draws come from a generator
// seeded by (seed, period) alone, and one period is generated on one thread, so
// the bytes never depend on the number of threads.
#include "sim/simulator.hpp"

#include <stdexcept>
#include <unordered_map>

#include "datasets/stream_builder.hpp"
#include "sim/drift.hpp"
#include "sim/ground_truth.hpp"
#include "sim/rng.hpp"
#include "sim/simulator_state.hpp"

namespace crbench::sim {

void SimulatedPeriod::clear() {
  user.clear();
  item.clear();
  timestamp.clear();
  label.clear();
  probability.clear();
  concept_id.clear();
  realised_probability.clear();
}

Simulator::World::World(const internal::WorldConfig& config, std::uint64_t world_seed)
    : model(config, world_seed), seed(world_seed) {
  item_categories.resize(static_cast<std::size_t>(model.total_items()));
  for (std::int32_t i = 0; i < model.total_items(); ++i)
    item_categories[static_cast<std::size_t>(i)] = {model.item_category(i)};
  for (int k = 0; k < config.categories; ++k) category_names.push_back("c" + std::to_string(k));
  const internal::DriftWindows windows = internal::drift_windows(config);
  drift_start = windows.start;
  drift_end = windows.end;
}

Simulator::Simulator(const Scenario& scenario, std::uint64_t seed)
    : world_(std::make_unique<World>(internal::config_from_scenario(scenario), seed)) {}
Simulator::~Simulator() = default;
Simulator::Simulator(Simulator&&) noexcept = default;
Simulator& Simulator::operator=(Simulator&&) noexcept = default;

int Simulator::num_periods() const { return world_->model.config().periods; }
int Simulator::periods_generated() const { return world_->next; }

void Simulator::next_period(SimulatedPeriod& out) {
  World& w = *world_;
  const internal::WorldConfig& c = w.model.config();
  if (w.next >= c.periods) throw std::logic_error("Simulator: all periods already generated");
  const int t = w.next;
  w.model.prepare(t, w.state);
  const internal::PeriodState& st = w.state;

  const auto n = static_cast<std::size_t>(c.samples_per_period);
  out.user.resize(n);
  out.item.resize(n);
  out.timestamp.resize(n);
  out.label.resize(n);
  out.probability.resize(n);
  out.concept_id.resize(n);
  out.realised_probability.resize(n);
  internal::Rng rng(derive_seed(w.seed, "sim.period", static_cast<std::uint64_t>(t)));
  // One tick per sample: strictly increasing, and period t starts at t * n + 1.
  const std::int64_t first_tick = static_cast<std::int64_t>(t) * static_cast<std::int64_t>(n) + 1;
  const bool draws = st.draws_concept();
  const double share = st.share_new;
  for (std::size_t j = 0; j < n; ++j) {
    const std::uint32_t uk = st.user_alias.sample(rng);
    const std::uint32_t ik = st.item_alias.sample(rng);
    // Two concepts mixed (gradual, seasonal): this sample's click follows the new
    // one with probability share(t); its ground truth is the mixture, which is all
    // a model of (user, item, period) can know.
    const bool drew_new = draws && uniform_unit(rng) < share;
    double p = 0.0, realised = 0.0;
    st.outcome(uk, ik, drew_new, p, realised, out.concept_id[j]);
    out.user[j] = st.live_users[uk];
    out.item[j] = st.live_items[ik];
    out.timestamp[j] = first_tick + static_cast<std::int64_t>(j);
    out.label[j] = uniform_unit(rng) < realised ? 1.0f : 0.0f;
    out.probability[j] = static_cast<float>(p);
    out.realised_probability[j] = static_cast<float>(realised);
  }
  ++w.next;
}

const std::vector<std::vector<std::int32_t>>& Simulator::item_categories() const {
  return world_->item_categories;
}
const std::vector<std::string>& Simulator::category_names() const { return world_->category_names; }
const std::vector<int>& Simulator::drift_start_periods() const { return world_->drift_start; }
const std::vector<int>& Simulator::drift_end_periods() const { return world_->drift_end; }
void Simulator::describe(StreamMetadata& meta) const {
  meta.drift_start_periods = world_->drift_start;
  meta.drift_end_periods = world_->drift_end;
  meta.catalogue_size = world_->model.catalogue_sizes();
}

namespace {

RawLog log_of(Simulator& sim, const Scenario& scenario, std::uint64_t seed) {
  RawLog log;
  log.name = "sim-" + scenario.name;
  log.source = scenario.canonical() + " seed=" + std::to_string(seed);
  SimulatedPeriod period;
  // Category ids numbered in order of first appearance, as the CSV loader numbers
  // the names it reads, so the in-memory and round-tripped streams are identical.
  std::unordered_map<std::int32_t, std::int32_t> category_id;
  for (int t = 0; t < sim.num_periods(); ++t) {
    sim.next_period(period);
    log.user.insert(log.user.end(), period.user.begin(), period.user.end());
    log.item.insert(log.item.end(), period.item.begin(), period.item.end());
    log.timestamp.insert(log.timestamp.end(), period.timestamp.begin(), period.timestamp.end());
    log.value.insert(log.value.end(), period.label.begin(), period.label.end());
    log.true_probability.insert(log.true_probability.end(), period.probability.begin(),
                                period.probability.end());
    for (const std::int64_t item : period.item) {
      if (log.item_categories.count(item) != 0) continue;
      std::vector<std::int32_t> ids;
      for (const std::int32_t c : sim.item_categories()[static_cast<std::size_t>(item)]) {
        const auto [it, added] =
            category_id.emplace(c, static_cast<std::int32_t>(log.category_names.size()));
        if (added) log.category_names.push_back(sim.category_names()[static_cast<std::size_t>(c)]);
        ids.push_back(it->second);
      }
      log.item_categories.emplace(item, std::move(ids));
    }
  }
  return log;
}

}  // namespace

RawLog simulate_log(const Scenario& scenario, std::uint64_t seed) {
  Simulator sim(scenario, seed);
  return log_of(sim, scenario, seed);
}

Stream simulate_stream(const Scenario& scenario, std::uint64_t seed, int max_history) {
  Simulator sim(scenario, seed);
  const RawLog log = log_of(sim, scenario, seed);
  StreamOptions options;
  options.label_rule = LabelRule::kGivenLabel;
  options.period_rule = PeriodRule::kEqualCount;
  options.num_periods = sim.num_periods();
  options.max_history = max_history;
  Stream stream = build_stream(log, options, options.num_periods);
  sim.describe(stream.meta);
  stream.ground_truth = world_ground_truth(scenario, seed, stream);
  return stream;
}

}  // namespace crbench::sim
