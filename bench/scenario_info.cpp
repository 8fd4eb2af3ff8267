// Stream description -> scenario, parameters and drift periods.
#include "bench/scenario_info.hpp"

#include <algorithm>
#include <stdexcept>

#include "bench/boards.hpp"
#include "core/spec.hpp"
#include "sim/simulator.hpp"

namespace crbench {

ScenarioInfo scenario_of_stream(const std::string& stream_description) {
  ScenarioInfo info;
  // "sudden(t0=16,share=1) seed=1": the spec, then the world seed.
  const std::string source = setting_value(stream_description, "source");
  const std::size_t close = source.rfind(')');
  const std::string spec =
      close == std::string::npos ? source.substr(0, source.find(' ')) : source.substr(0, close + 1);
  const std::string name = spec_name(spec);
  const auto& registry = sim::scenario_registry();
  const auto entries = registry.entries();
  if (name.empty() || std::none_of(entries.begin(), entries.end(),
                                   [&](const sim::ScenarioEntry* e) { return e->name == name; }))
    return info;
  info.simulated = true;
  info.spec = spec;
  info.name = name;
  info.replicate_worlds = source.find(" worlds=replicate", spec.size()) != std::string::npos;
  const std::size_t seed_at = source.find(" seed=", spec.size());
  if (seed_at != std::string::npos) {
    try {
      info.world_seed = std::stoull(source.substr(seed_at + 6));
    } catch (const std::exception&) {
      info.note = "the world seed in '" + source + "' is not a number";
    }
  }
  const sim::ScenarioEntry& entry = registry.find(name);
  try {
    for (const SpecArg& arg : Spec::parse(spec).args) {
      ScenarioParameter p{arg.key, arg.value, "", ""};
      for (const ParamInfo& declared : entry.params.info())
        if (declared.name == arg.key)
          p.default_value = declared.default_text, p.description = declared.description;
      info.parameters.push_back(std::move(p));
    }
    // The simulator's own schedule: a world is set up (cheap next to a run) but
    // no period is generated.
    const sim::Simulator simulator(sim::parse_scenario(spec), info.world_seed);
    const std::vector<int>& start = simulator.drift_start_periods();
    const std::vector<int>& end = simulator.drift_end_periods();
    for (std::size_t i = 0; i < start.size() && i < end.size(); ++i)
      info.drift.push_back({start[i] + 1, end[i] + 1});
  } catch (const std::exception& e) {
    info.note = "the recorded scenario does not parse with this crbench (" + std::string(e.what()) +
                "): its drift periods are not shown";
  }
  return info;
}

}  // namespace crbench
