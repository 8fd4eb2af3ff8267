// Simulated streams per seed, with one description for all of them.
#include "bench/simulated_stream.hpp"

#include "bench/results.hpp"
#include "core/params.hpp"
#include "sim/scenario_params.hpp"
#include "sim/simulator.hpp"

namespace crbench {

std::string SimulatedStreamSpec::source() const {
  std::string out = scenario.canonical();
  out += worlds == WorldMode::kFixed ? " seed=" + std::to_string(fixed_seed) : " worlds=replicate";
  if (closed_loop())
    out += " closed_loop=" + format_number(loop.share) +
           " candidates=" + std::to_string(loop.candidates);
  return out;
}

int SimulatedStreamSpec::periods() const { return sim::world_params(scenario).periods; }

std::string SimulatedStreamSpec::description() const {
  const sim::WorldParams world = sim::world_params(scenario);
  StreamMetadata meta;
  meta.name = "sim-" + scenario.name;
  meta.source = source();
  meta.labelling = "given-label";
  meta.period_rule = "equal-count:" + std::to_string(world.periods);
  return describe_stream(
      meta,
      static_cast<std::size_t>(world.periods) * static_cast<std::size_t>(world.samples_per_period),
      history);
}

std::string SimulatedStreamSpec::drift_windows_text() const {
  StreamMetadata meta;
  sim::drift_windows(scenario, meta.drift_start_periods, meta.drift_end_periods);
  return crbench::drift_windows_text(meta);
}

Stream SimulatedStreamSpec::open_stream(std::uint64_t job_seed) const {
  Stream s = sim::simulate_stream(scenario, world_seed(job_seed), history);
  s.meta.source = source();
  return s;
}

std::unique_ptr<sim::ClosedLoopStream> SimulatedStreamSpec::closed_loop_prefix(
    std::uint64_t job_seed, int open_periods) const {
  auto prefix = std::make_unique<sim::ClosedLoopStream>(scenario, world_seed(job_seed), history,
                                                        loop, open_periods);
  prefix->set_source(source());
  return prefix;
}

}  // namespace crbench
