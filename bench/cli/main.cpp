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
#include "core/suggest.hpp"
#include "core/version.hpp"

namespace {

constexpr const char* kUsage =
    "crbench: benchmark and simulation suite for continual recommendation\n"
    "\n"
    "usage: crbench <command> [options]   (crbench <command> --help for its options)\n"
    "       crbench --version\n"
    "\n"
    "commands:\n"
    "  run        run update methods through the test-then-train protocol on a dataset\n"
    "             or a grid config (streams x methods x hyper-parameters x seeds)\n"
    "  leaderboard  per-stream leaderboards (Markdown, CSV, JSON, HTML with plots) and a\n"
    "             ranking across streams from results\n"
    "  compare    what moved, method by method, between two results files\n"
    "  speedup    parallel speed-up of a grid: N threads against 1\n"
    "  tune       choose each method's update learning rate and epochs on validation data\n"
    "             (other worlds; a log's pre-training periods) and write them into a grid\n"
    "  methods    list registered methods with their hyper-parameters and defaults\n"
    "  base-models list base models (--base-model of run)\n"
    "  datasets   list supported dataset formats\n"
    "  simulate   write a simulated stream with drift (and ground truth) to CSV\n"
    "  scenarios  list the simulator's scenarios and their parameters\n";

struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>&);
};
constexpr Command kCommands[] = {{"run", crbench::cli::run_command},
                                 {"leaderboard", crbench::cli::leaderboard_command},
                                 {"compare", crbench::cli::compare_command},
                                 {"speedup", crbench::cli::speedup_command},
                                 {"tune", crbench::cli::tune_command},
                                 {"methods", crbench::cli::methods_command},
                                 {"base-models", crbench::cli::base_models_command},
                                 {"datasets", crbench::cli::datasets_command},
                                 {"simulate", crbench::cli::simulate_command},
                                 {"scenarios", crbench::cli::scenarios_command}};

}  // namespace

int main(int argc, char** argv) {
  using namespace crbench;
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" ||
      std::string(argv[1]) == "help") {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? cli::kExitBadInput : cli::kExitOk;
  }
  if (std::string(argv[1]) == "--version" || std::string(argv[1]) == "version") {
    std::printf("%s\n", crbench_version_line().c_str());
    return cli::kExitOk;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  try {
    // CRBENCH_SIMD (core/simd_level.hpp) is read here, so that a bad value is
    // an error before any job starts rather than a failure inside one.
    simd_level();
    for (const Command& c : kCommands)
      if (command == c.name) return c.run(args);
    std::vector<std::string> names;
    for (const Command& c : kCommands) names.push_back(c.name);
    std::fprintf(stderr, "crbench: unknown command '%s'%s\n\n%s", command.c_str(),
                 did_you_mean(command, names).c_str(), kUsage);
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
