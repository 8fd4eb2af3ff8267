// The scenario a command line names: a spec ("sudden(t0=15)") plus any number of
// --param key=value overrides, merged into one spec the simulator validates.
#pragma once

#include <string>
#include <vector>

#include "core/errors.hpp"
#include "sim/scenario.hpp"

namespace crbench::cli {

inline sim::Scenario scenario_from_options(const std::string& spec,
                                           const std::vector<std::string>& params) {
  if (spec.empty()) throw UsageError("--scenario: no scenario given (see crbench scenarios)");
  std::string text = spec;
  if (!params.empty()) {
    std::string extra;
    for (const std::string& p : params) {
      if (p.find('=') == std::string::npos)
        throw UsageError("--param '" + p + "' is not key=value");
      extra += (extra.empty() ? "" : ",") + p;
    }
    text = text.back() == ')' ? text.substr(0, text.size() - 1) + "," + extra + ")"
                              : text + "(" + extra + ")";
  }
  return sim::parse_scenario(text);
}

}  // namespace crbench::cli
