// `crbench speedup --config GRID`: runs a grid (without a results file) with 1
// thread and then with N, and prints the wall times and the speed-up; the jobs'
// results must be identical both ways (docs/protocol.md, "Seeds and determinism"), which it checks.
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "bench/cli/command_line.hpp"
#include "bench/cli/commands.hpp"
#include "bench/grid_config.hpp"
#include "bench/grid_runner.hpp"
#include "bench/grid_streams.hpp"
#include "core/errors.hpp"

namespace crbench::cli {

namespace po = boost::program_options;

namespace {

double run_seconds(const std::vector<GridStream>& streams, int threads, GridRunReport& report) {
  GridRunOptions options;
  options.threads = threads;
  options.quiet = true;
  const auto start = std::chrono::steady_clock::now();
  report = run_grid(streams, options);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool same_results(const GridRunReport& a, const GridRunReport& b) {
  if (a.results.size() != b.results.size()) return false;
  for (std::size_t j = 0; j < a.results.size(); ++j) {
    const JobResult& x = a.results[j].result;
    const JobResult& y = b.results[j].result;
    if (x.ok != y.ok || x.periods.size() != y.periods.size()) return false;
    for (std::size_t p = 0; p < x.periods.size(); ++p)
      if (x.periods[p].metrics.auc != y.periods[p].metrics.auc ||
          x.periods[p].metrics.log_loss != y.periods[p].metrics.log_loss)
        return false;
  }
  return true;
}

}  // namespace

int speedup_command(const std::vector<std::string>& args) {
  std::string config;
  int threads = 2;
  po::options_description opts("crbench speedup options");
  opts.add_options()("help,h", "show this help")("config", po::value(&config),
                                                 "grid config (see bench/grids/speedup.ini)")(
      "threads", po::value(&threads)->default_value(2), "threads of the parallel run");
  po::variables_map vm;
  store_arguments(args, opts, vm);
  if (vm.count("help")) {
    std::cout << "usage: crbench speedup --config GRID.ini [--threads N]\n\n" << opts;
    return kExitOk;
  }
  po::notify(vm);
  if (config.empty()) throw UsageError("--config: no grid config given");
  if (threads < 2 || threads > 1024) throw UsageError("--threads must be in [2, 1024]");
  const LoadedGrid grid = load_grid(read_grid_config(config), true);
  GridRunReport one, many;
  const double t1 = run_seconds(grid.streams, 1, one);
  const double tn = run_seconds(grid.streams, threads, many);
  std::printf("jobs %zu\n1 thread   %.3f s\n%d threads  %.3f s\nspeed-up   %.3f\n", one.total, t1,
              threads, tn, t1 / tn);
  if (!same_results(one, many)) {
    std::fprintf(stderr, "crbench speedup: results differ between 1 and %d threads\n", threads);
    return kExitJobsFailed;
  }
  std::printf("results identical with 1 and %d threads\n", threads);
  return one.failed + many.failed > 0 ? kExitJobsFailed : kExitOk;
}

}  // namespace crbench::cli
