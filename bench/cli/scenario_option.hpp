// The scenario a command line names: a spec ("sudden(t0=15)") plus any number of
// --param key=value overrides, merged into one spec the simulator validates.
#pragma once

#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/spec.hpp"
#include "sim/scenario.hpp"

namespace crbench::cli {

inline sim::Scenario scenario_from_options(const std::string& spec,
                                           const std::vector<std::string>& params) {
  if (spec.empty()) throw UsageError("--scenario: no scenario given (see crbench scenarios)");
  return sim::parse_scenario(with_extra_args(spec, params, "--param"));
}

}  // namespace crbench::cli
