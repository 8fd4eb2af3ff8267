// The options that describe one stream and how it is benchmarked: the dataset
// (or simulator scenario), the protocol settings, the methods and the seeds.
// `crbench run` reads them from its command line, and a grid config reads them
// from its top level and each [stream.NAME] section, with the same names,
// defaults and range checks.
#pragma once

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/dataset_source.hpp"
#include "bench/protocol.hpp"
#include "core/params.hpp"

namespace crbench {

struct StreamRunOptions {
  DatasetOptions data;
  ProtocolSettings protocol;
  std::string methods = "iu";
  std::string seeds = "1";
  std::string scenario;              // simulated stream: scenario spec (instead of data.path)
  std::vector<std::string> params;   // scenario parameter overrides key=value
  std::string worlds = "replicate";  // replicate: world seed = job seed; fixed: stream_seed
  std::uint64_t stream_seed = 1;     // seed of the one world (worlds = fixed)
  bool stream_seed_given = false;    // --stream-seed was given (it needs worlds = fixed)
  double closed_loop = 0.0;          // share of impressions the served model chooses
  int loop_candidates = 20;          // items it ranks for each of them
  int keep_periods = 0;              // use only the first N periods (0: all)
  std::string separator = ",";

  // Its own options with a range (the dataset's and the protocol's are declared
  // on DatasetOptions and ProtocolSettings).
  static void declare(ParamDecls<StreamRunOptions>& d);
};

// The option groups, bound to `o` (po::value(&o.field)); the protocol's options
// are made from its declarations and set `o.protocol` at po::notify, range-checked.
boost::program_options::options_description stream_option_groups(StreamRunOptions& o);

// Range checks and derived settings after po::notify (UsageError naming the option).
void finish_stream_options(StreamRunOptions& o);

// The simulated stream the options name (scenario given, validated).
struct SimulatedStreamSpec;
SimulatedStreamSpec simulated_stream_spec(const StreamRunOptions& o);

// "1,2,3" -> seeds (UsageError for anything but non-negative whole numbers; the
// same rule as every single seed option).
std::vector<std::uint64_t> parse_seed_list(const std::string& text);

}  // namespace crbench
