// `crbench tune`: each method family's update learning rate and epochs chosen on
// validation data (other worlds of the scenario; a log's pre-training periods),
// written into a copy of the grid (bench/tune.hpp).
#include <boost/program_options.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "bench/cli/commands.hpp"
#include "bench/stream_options.hpp"
#include "bench/tune.hpp"
#include "core/errors.hpp"

namespace crbench::cli {

namespace po = boost::program_options;

namespace {

template <class T>
std::vector<T> parse_list(const std::string& text, const char* option) {
  std::vector<T> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item.empty()) continue;
    std::size_t used = 0;
    double v = 0.0;
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || !(v > 0.0) || (std::is_integral_v<T> && v != static_cast<T>(v)))
      throw UsageError(std::string("--") + option + ": '" + item + "' is not a positive " +
                       (std::is_integral_v<T> ? "whole number" : "number"));
    out.push_back(static_cast<T>(v));
  }
  if (out.empty()) throw UsageError(std::string("--") + option + ": no value given");
  return out;
}

}  // namespace

int tune_command(const std::vector<std::string>& args) {
  std::string config, out, lrs = "0.001,0.003,0.01,0.03", epochs = "1,2", seeds = "1001,1002,1003";
  TuneOptions options;
  po::options_description opts("crbench tune options");
  opts.add_options()("help,h", "show this help")("config", po::value(&config),
                                                 "the grid to tune (bench/grids/*.ini)")(
      "out", po::value(&out), "where to write the tuned grid")(
      "lrs", po::value(&lrs)->default_value(lrs), "candidate update learning rates")(
      "epochs", po::value(&epochs)->default_value(epochs),
      "candidate epochs per update (methods with their own epochs)")(
      "validation-seeds", po::value(&seeds)->default_value(seeds),
      "simulated streams: the validation worlds' seeds (never a test world)")(
      "threads", po::value(&options.threads)->default_value(0), "worker threads (0: all cores)")(
      "results", po::value(&options.results_path), "append the validation jobs' rows to this file")(
      "quiet", po::bool_switch(&options.quiet), "no per-job lines");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).run(), vm);
  if (vm.count("help")) {
    std::cout << "usage: crbench tune --config GRID.ini --out TUNED.ini [options]\n"
                 "For every stream of the grid and every method with its own update learning "
                 "rate (and epochs), runs each candidate on validation data only (other worlds "
                 "of the scenario; a log's pre-training periods) and writes the grid with the "
                 "best by mean AUC.\n\n"
              << opts;
    return kExitOk;
  }
  po::notify(vm);
  if (config.empty()) throw UsageError("--config: no grid given");
  if (out.empty()) throw UsageError("--out: no output file given");
  options.lrs = parse_list<float>(lrs, "lrs");
  options.epochs = parse_list<int>(epochs, "epochs");
  options.validation_seeds = parse_seed_list(seeds);
  if (options.validation_seeds.empty()) throw UsageError("--validation-seeds: no seed given");
  std::ifstream in(config);
  if (!in) throw DataError(config, 0, "cannot open the grid config");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());

  const std::vector<TunedStream> tuned = tune_grid(read_grid_config(config), options);
  std::string command = "crbench tune --config " + config + " --out " + out + " --lrs " + lrs +
                        " --epochs " + epochs + " --validation-seeds " + seeds;
  std::ofstream file(out);
  if (!file) throw DataError(out, 0, "cannot open for writing");
  file << tuned_grid_text(text, tuned, command);
  if (!file.flush()) throw DataError(out, 0, "writing failed");
  for (const TunedStream& ts : tuned)
    for (const TunedMethod& tm : ts.tuned)
      std::printf("%s: %s -> %s\n", ts.name.c_str(), tm.spec.c_str(), tm.chosen.c_str());
  std::fprintf(stderr, "wrote %s\n", out.c_str());
  return kExitOk;
}

}  // namespace crbench::cli
