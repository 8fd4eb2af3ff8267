// What a results file says about a simulated stream, read back from the stream
// description in its config column: the scenario, its parameters (with their
// defaults) and the periods where its drift starts and ends, computed by the
// simulator itself from the recorded spec. Results rows do not carry the drift
// periods; the spec determines them, so the leaderboard derives them here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crbench {

struct ScenarioParameter {
  std::string name;
  std::string value;          // as recorded
  std::string default_value;  // the scenario's default in this crbench ("" if unknown)
  std::string description;
};

// A drift window in 1-based periods, inclusive (start == end: a drift point such
// as a sudden drift's t0 or a recurring concept's switch).
struct DriftWindow {
  int start = 0;
  int end = 0;
};

struct ScenarioInfo {
  bool simulated = false;        // the source names a registered scenario
  std::string spec;              // the recorded spec, "sudden(periods=31,...,t0=16,share=1)"
  std::string name;              // "sudden"
  std::uint64_t world_seed = 0;  // of a fixed world
  // Replicate worlds ("worlds=replicate"): each job seed simulated its own world
  // (world seed = job seed), so there is no one world seed.
  bool replicate_worlds = false;
  std::vector<ScenarioParameter> parameters;  // in the recorded order
  std::vector<DriftWindow> drift;             // sorted by start
  // Why parameters or drift are missing (e.g. a spec written by an older crbench
  // that no longer parses); empty when all is there.
  std::string note;
};

// From a stream description "name=...;source=SPEC seed=N;labelling=..." (or
// "source=SPEC worlds=replicate ..."): a real log's source is a file path and
// gives simulated = false.
ScenarioInfo scenario_of_stream(const std::string& stream_description);

}  // namespace crbench
