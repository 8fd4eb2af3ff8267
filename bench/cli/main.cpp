// crbench: the command-line entry point. Dispatches to subcommands and turns
// every bad-input exception into one message and a non-zero exit.
#include <boost/program_options/errors.hpp>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "bench/cli/commands.hpp"
#include "core/errors.hpp"
#include "core/simd_level.hpp"

namespace {

constexpr const char* kUsage =
    "crbench: benchmark and simulation suite for continual recommendation\n"
    "\n"
    "usage: crbench <command> [options]   (crbench <command> --help for its options)\n"
    "\n"
    "commands:\n"
    "  run        run update methods through the test-then-train protocol on a dataset\n"
    "             or a grid config (streams x methods x hyper-parameters x seeds)\n"
    "  leaderboard  per-stream leaderboards (Markdown, CSV, HTML with plots) and a ranking\n"
    "             across streams from results\n"
    "  speedup    parallel speed-up of a grid: N threads against 1\n"
    "  methods    list registered methods with their hyper-parameters and defaults\n"
    "  base-models list base models (--base-model of run)\n"
    "  datasets   list supported dataset formats\n"
    "  simulate   write a simulated stream with drift (and ground truth) to CSV\n"
    "  scenarios  list the simulator's scenarios and their parameters\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace crbench;
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" ||
      std::string(argv[1]) == "help") {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? cli::kExitBadInput : cli::kExitOk;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    // CRBENCH_SIMD (core/simd_level.hpp) is read here, so that a bad value is
    // an error before any job starts rather than a failure inside one.
    simd_level();
    if (command == "run") return cli::run_command(args);
    if (command == "leaderboard") return cli::leaderboard_command(args);
    if (command == "speedup") return cli::speedup_command(args);
    if (command == "methods") return cli::methods_command(args);
    if (command == "base-models") return cli::base_models_command(args);
    if (command == "datasets") return cli::datasets_command(args);
    if (command == "simulate") return cli::simulate_command(args);
    if (command == "scenarios") return cli::scenarios_command(args);
    std::fprintf(stderr, "crbench: unknown command '%s'\n\n%s", command.c_str(), kUsage);
    return cli::kExitBadInput;
  } catch (const boost::program_options::error& e) {
    std::fprintf(stderr, "crbench %s: %s\n", command.c_str(), e.what());
  } catch (const UsageError& e) {
    std::fprintf(stderr, "crbench %s: %s\n", command.c_str(), e.what());
  } catch (const DataError& e) {
    std::fprintf(stderr, "crbench %s: %s\n", command.c_str(), e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crbench %s: error: %s\n", command.c_str(), e.what());
  }
  return cli::kExitBadInput;
}
