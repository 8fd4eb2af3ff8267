// `crbench simulate` (write a simulated stream to CSV) and `crbench scenarios`
// (the scenario catalogue with every parameter's default, range and meaning).
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "bench/cli/commands.hpp"
#include "bench/cli/listing.hpp"
#include "bench/cli/scenario_option.hpp"
#include "bench/declared_options.hpp"
#include "core/stopwatch.hpp"
#include "sim/simulator.hpp"

namespace crbench::cli {

namespace po = boost::program_options;

namespace {

// The world seed, declared so that it is checked like every seed option ("-1" is
// refused, not wrapped to 2^64 - 1).
struct SimulateOptions {
  std::uint64_t seed = 1;
  static void declare(ParamDecls<SimulateOptions>& d) {
    d.field("seed", &SimulateOptions::seed).describe("world seed");
  }
};

}  // namespace

int simulate_command(const std::vector<std::string>& args) {
  std::string spec, out;
  std::vector<std::string> params;
  SimulateOptions options;
  po::options_description opts("crbench simulate options");
  opts.add_options()("help,h", "show this help")(
      "scenario", po::value(&spec), "scenario spec, e.g. sudden or 'sudden(t0=15,share=0.5)'")(
      "param", po::value(&params)->composing(), "override a scenario parameter: key=value")(
      "out", po::value(&out), "output CSV (user,item,timestamp,label,probability,category)");
  add_declared_options(opts, options);
  const std::uint64_t& seed = options.seed;
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).run(), vm);
  if (vm.count("help")) {
    std::cout << "usage: crbench simulate --scenario SPEC [--param k=v ...] --seed S --out FILE\n"
              << "Read it back with: crbench run --dataset csv --data FILE --label-col label "
                 "--category-col category --probability-col probability --periods T\n\n"
              << opts;
    return kExitOk;
  }
  po::notify(vm);
  if (out.empty()) throw UsageError("--out: no output file given");
  const sim::Scenario scenario = scenario_from_options(spec, params);
  const Stopwatch watch;
  sim::write_simulated_csv(scenario, seed, out);
  std::fprintf(stderr, "wrote %s: %s, seed %llu, in %.2f s\n", out.c_str(),
               scenario.canonical().c_str(), static_cast<unsigned long long>(seed),
               watch.wall_seconds());
  return kExitOk;
}

int scenarios_command(const std::vector<std::string>& args) {
  if (wants_help(args,
                 "usage: crbench scenarios\nLists the simulator's scenarios and parameters "
                 "(times in periods, counted from 1)."))
    return kExitOk;
  for (const sim::ScenarioEntry* s : sim::scenario_registry().entries()) {
    std::printf("%-17s %s\n", s->name.c_str(), s->description.c_str());
    print_params(s->params.info());
  }
  return kExitOk;
}

}  // namespace crbench::cli
