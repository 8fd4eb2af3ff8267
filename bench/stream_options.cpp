// Declarations and checks of the per-stream options (shared by the command line
// and grid configs, so both accept exactly the same keys).
#include "bench/stream_options.hpp"

#include <boost/program_options.hpp>
#include <sstream>

#include "bench/declared_options.hpp"
#include "bench/simulated_stream.hpp"
#include "core/errors.hpp"
#include "core/params.hpp"

namespace crbench {

namespace po = boost::program_options;

void StreamRunOptions::declare(ParamDecls<StreamRunOptions>& d) {
  d.field("keep-periods", &StreamRunOptions::keep_periods)
      .range(0, 1e6)
      .describe(
          "use only the first N periods (0: all); for choosing settings on pre-training data");
  d.field("worlds", &StreamRunOptions::worlds)
      .check([](const std::string& w) -> std::string {
        return w == "replicate" || w == "fixed" ? "" : "is not replicate or fixed";
      })
      .describe(
          "replicate: every job seed simulates its own world (world seed = job seed), so seeds "
          "are replicate worlds; fixed: one world (--stream-seed) for every seed");
  d.field("closed-loop", &StreamRunOptions::closed_loop)
      .range(0, 1)
      .describe(
          "closed-loop exposure: share of the impressions of each online period chosen by the "
          "served model (0: open loop)");
  d.field("loop-candidates", &StreamRunOptions::loop_candidates)
      .range(1, 100000)
      .describe(
          "closed loop: items drawn from the world's exposure that the served model ranks for "
          "each impression it chooses (the top one is shown)");
  d.field("separator", &StreamRunOptions::separator)
      .check([](const std::string& s) -> std::string {
        return s.size() == 1 ? "" : "is not one character";
      })
      .describe("csv: field separator");
}

std::vector<std::uint64_t> parse_seed_list(const std::string& text) {
  std::vector<std::uint64_t> seeds;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (item.empty()) continue;
    std::uint64_t v = 0;
    const std::string problem = params_detail::parse_seed(item, v);
    if (!problem.empty()) throw UsageError("--seeds: '" + excerpt(item) + "' " + problem);
    seeds.push_back(v);
  }
  return seeds;
}

po::options_description stream_option_groups(StreamRunOptions& o) {
  DatasetOptions& data = o.data;
  po::options_description jobs("methods and seeds");
  jobs.add_options()("methods", po::value(&o.methods)->default_value("iu"),
                     "comma-separated method specs, e.g. iu,bu-3,spmf(ratio=1) (see crbench "
                     "methods); 'all' = every registered method; 'bu(w=3|5|7)' = one job per "
                     "value")("seeds", po::value(&o.seeds)->default_value("1"),
                              "comma-separated seeds");

  po::options_description dataset("dataset");
  dataset.add_options()("data", po::value(&data.path), "ratings / interaction file")(
      "genres", po::value(&data.genres), "movielens genres file (u.item, movies.dat, movies.csv)")(
      "user-col", po::value(&data.columns.user)->default_value("user"), "csv: user id column")(
      "item-col", po::value(&data.columns.item)->default_value("item"), "csv: item id column")(
      "time-col", po::value(&data.columns.timestamp)->default_value("timestamp"),
      "csv: timestamp column (Unix seconds)")("label-col", po::value(&data.columns.label),
                                              "csv: label or rating column (optional)")(
      "category-col", po::value(&data.columns.category), "csv: category column (optional)")(
      "probability-col", po::value(&data.columns.probability),
      "csv: ground-truth probability column (simulated logs)");
  add_declared_options(dataset, data);
  add_declared_options(dataset, o);

  po::options_description simulated("simulated stream (instead of --data)");
  simulated.add_options()(
      "scenario", po::value(&o.scenario),
      "simulator scenario spec, e.g. 'sudden(t0=15)' (see crbench scenarios); in a grid "
      "'incremental(rate=0|6|12)' sweeps a parameter")("param", po::value(&o.params)->composing(),
                                                       "scenario parameter override: key=value")(
      "stream-seed", po::value<std::string>()->notifier([&o](const std::string& text) {
        const std::string problem = params_detail::parse_seed(text, o.stream_seed);
        if (!problem.empty()) throw UsageError("--stream-seed=" + excerpt(text) + " " + problem);
        o.stream_seed_given = true;
      }),
      "seed of the one world of --worlds fixed (default 1)");

  po::options_description protocol("protocol and base model training");
  add_declared_options(protocol, o.protocol);

  po::options_description all;
  all.add(jobs).add(dataset).add(simulated).add(protocol);
  return all;
}

void finish_stream_options(StreamRunOptions& o) {
  declarations_of<StreamRunOptions>().validate(o, "");
  o.data.columns.separator = o.separator[0];
  if (!o.scenario.empty() && !o.data.path.empty())
    throw UsageError("--scenario and --data name two streams; give one");
  if (o.stream_seed_given && o.worlds != "fixed")
    throw UsageError(
        "--stream-seed fixes one world for every job seed: give --worlds fixed with it (with "
        "replicate worlds, the default, each job seed is its world's seed)");
  if (o.scenario.empty() && (o.closed_loop > 0.0 || o.stream_seed_given))
    throw UsageError(std::string(o.closed_loop > 0.0 ? "--closed-loop" : "--stream-seed") +
                     " applies to simulated streams only (--scenario)");
}

SimulatedStreamSpec simulated_stream_spec(const StreamRunOptions& o) {
  SimulatedStreamSpec spec;
  spec.scenario = sim::parse_scenario(o.scenario);
  spec.worlds = o.worlds == "fixed" ? WorldMode::kFixed : WorldMode::kReplicate;
  spec.fixed_seed = o.stream_seed;
  spec.history = o.data.history;
  spec.loop.share = o.closed_loop;
  spec.loop.candidates = o.loop_candidates;
  return spec;
}

}  // namespace crbench
