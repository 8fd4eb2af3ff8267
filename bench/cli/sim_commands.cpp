// `crbench simulate` (write a simulated stream to CSV) and `crbench scenarios`
// (the scenario catalogue with every parameter's default, range and meaning).
#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "bench/cli/command_line.hpp"
#include "bench/cli/commands.hpp"
#include "bench/cli/listing.hpp"
#include "bench/cli/scenario_option.hpp"
#include "bench/declared_options.hpp"
#include "core/stopwatch.hpp"
#include "sim/scenario_params.hpp"
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
      "out", po::value(&out),
      "output CSV (user,item,timestamp,label,probability,category,concept,realised_probability)");
  add_declared_options(opts, options);
  const std::uint64_t& seed = options.seed;
  po::variables_map vm;
  store_arguments(args, opts, vm);
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
  std::vector<std::string> filters;
  if (wants_help(args,
                 "usage: crbench scenarios [WORD...]\nLists the simulator's scenarios and "
                 "parameters (times in periods, counted from 1): the world parameters every "
                 "scenario shares once, then each scenario's own; with words, only the "
                 "scenarios whose name contains one of them.",
                 &filters))
    return kExitOk;
  // The world's parameters, printed once; a scenario lists one of them again
  // only when its default differs from the world's.
  const std::vector<ParamInfo> world = declarations_of<sim::WorldParams>().info(sim::WorldParams{});
  std::printf(
      "world parameters (every scenario has them; defaults as below unless a scenario "
      "says otherwise):\n");
  print_params(world);
  std::vector<std::string> names;
  for (const sim::ScenarioEntry* s : sim::scenario_registry().entries()) names.push_back(s->name);
  for (const std::string& name : filter_names(names, filters, "scenario")) {
    const sim::ScenarioEntry& s = sim::scenario_registry().find(name);
    std::printf("\n%-17s %s\n", s.name.c_str(), s.description.c_str());
    std::vector<ParamInfo> own;
    for (ParamInfo p : s.params.info()) {
      const auto w = std::find_if(world.begin(), world.end(),
                                  [&](const ParamInfo& x) { return x.name == p.name; });
      if (w != world.end() && w->default_text == p.default_text) continue;
      if (w != world.end()) p.description += " (world default " + w->default_text + ")";
      own.push_back(std::move(p));
    }
    if (own.empty()) std::printf("    (the world parameters only)\n");
    print_params(own);
  }
  return kExitOk;
}

}  // namespace crbench::cli
