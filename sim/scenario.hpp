// The simulator's named scenarios (stationary, sudden, gradual, incremental,
// recurring, popularity-shift, churn, mixed, groups, user-rates, item-drift,
// seasonal) and their declared parameters
// (sim/scenario_params.hpp). A scenario spec "sudden(t0=15,share=0.5)" names one
// and overrides parameters; its canonical form lists every parameter and parses
// back to the same world.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "core/registry.hpp"

namespace crbench::sim {

namespace internal {
struct WorldConfig;
}

struct ScenarioEntry {
  std::string name;
  std::string description;  // one line for `crbench scenarios`
  ParamSchema params;       // world parameters first, then the drift's own
  // The world the resolved parameters describe.
  std::function<internal::WorldConfig(const ParamValues&)> world;
};

// Every scenario, by name.
const Registry<ScenarioEntry>& scenario_registry();

struct Scenario {
  std::string name;
  ParamValues params;
  std::string canonical() const;  // every parameter, parses back to the same scenario
};

// Parses and validates a spec (UsageError naming the scenario and parameter).
Scenario parse_scenario(const std::string& spec_text);

}  // namespace crbench::sim
