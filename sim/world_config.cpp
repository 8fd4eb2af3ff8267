// config_from_scenario: the world a scenario's entry builds from its parameters.
#include "sim/world_config.hpp"

namespace crbench::sim::internal {

WorldConfig config_from_scenario(const Scenario& scenario) {
  // Re-validate: a Scenario may have been assembled by hand rather than parsed.
  const Scenario s = parse_scenario(scenario.canonical());
  return scenario_registry().find(s.name).world(s.params);
}

}  // namespace crbench::sim::internal
