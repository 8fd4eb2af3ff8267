// The simulator's named scenarios (stationary, sudden, gradual, incremental,
// recurring, popularity-shift, churn, mixed, groups) and their declared parameters. A
// scenario spec "sudden(t0=15,share=0.5)" names one and overrides parameters;
// its canonical form lists every parameter and parses back to the same world.
#pragma once

#include <string>
#include <vector>

#include "core/param_spec.hpp"

namespace crbench::sim {

struct ScenarioInfo {
  std::string name;
  std::string description;        // one line for `crbench scenarios`
  std::vector<ParamDecl> params;  // world parameters first, then the drift's own
};

// Every scenario, in a fixed order.
const std::vector<ScenarioInfo>& scenario_catalog();
// Throws UsageError listing the scenario names.
const ScenarioInfo& find_scenario(const std::string& name);

struct Scenario {
  std::string name;
  ParamValues params;
  std::string canonical() const;  // every parameter, parses back to the same scenario
};

// Parses and validates a spec (UsageError naming the scenario and parameter).
Scenario parse_scenario(const std::string& spec_text);

}  // namespace crbench::sim
