// config_from_scenario: the world a scenario's entry builds from its parameters.
#include "sim/world_config.hpp"

#include <utility>

#include "sim/drift.hpp"

namespace crbench::sim::internal {

WorldConfig config_from_scenario(const Scenario& scenario) {
  // Re-validate: a Scenario may have been assembled by hand rather than parsed.
  const Scenario s = parse_scenario(scenario.canonical());
  return scenario_registry().find(s.name).world(s.params);
}

}  // namespace crbench::sim::internal

namespace crbench::sim {

WorldParams world_params(const Scenario& scenario) {
  return internal::config_from_scenario(scenario);
}

void drift_windows(const Scenario& scenario, std::vector<int>& starts, std::vector<int>& ends) {
  internal::DriftWindows w = internal::drift_windows(internal::config_from_scenario(scenario));
  starts = std::move(w.start);
  ends = std::move(w.end);
}

}  // namespace crbench::sim
