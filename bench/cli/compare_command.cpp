// `crbench compare A.csv B.csv`: what moved, method by method, between two
// results files (two commits, two machines), refusing to compare boards whose
// settings differ unless asked (bench/compare.hpp).
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "bench/cli/command_line.hpp"
#include "bench/cli/commands.hpp"
#include "bench/compare.hpp"
#include "bench/run_info.hpp"
#include "core/errors.hpp"

namespace crbench::cli {

namespace po = boost::program_options;

namespace {

// "results.csv (crbench 0.1.0, commit abc, on CPU X, 2 threads, 2026-12-01)".
std::string describe(const std::string& path) {
  const std::vector<RunInfo> runs = read_run_info(path);
  if (runs.empty()) return path + " (no run-info file)";
  const RunInfo& r = runs.back();
  std::string out = path + " (crbench " + r.crbench_version + ", commit " + r.git_commit + ", " +
                    r.build_type + " build, on " + r.cpu_model + ", " + std::to_string(r.threads) +
                    " threads, " + r.started_utc;
  if (runs.size() > 1) out += "; the last of " + std::to_string(runs.size()) + " runs";
  return out + ")";
}

}  // namespace

int compare_command(const std::vector<std::string>& args) {
  std::string format = "md";
  bool allow = false;
  po::options_description opts("crbench compare options");
  opts.add_options()("help,h", "show this help")(
      "format", po::value(&format)->default_value(format),
      "md (a table per board) or csv (one row per board and method)")(
      "allow-different-settings", po::bool_switch(&allow),
      "compare boards of a stream whose settings differ (labelled) instead of refusing");
  po::variables_map vm;
  const std::vector<std::string> files = store_arguments(args, opts, vm, 2, "results files");
  if (vm.count("help")) {
    std::cout << "usage: crbench compare A.csv B.csv [--format md|csv] "
                 "[--allow-different-settings]\n"
                 "Shows, method by method, how mean AUC, log loss and update time moved from "
                 "results file A to B (boards matched by their settings; means over the seeds "
                 "both ran).\n\n"
              << opts;
    return kExitOk;
  }
  po::notify(vm);
  if (files.size() != 2) throw UsageError("give two results files: crbench compare A.csv B.csv");
  if (format != "md" && format != "csv")
    throw UsageError("--format: '" + format + "' is not md or csv");
  const ResultsComparison c =
      compare_results(collect_results({files[0]}), collect_results({files[1]}), allow);
  for (const std::string& d : c.setting_differences)
    std::fprintf(stderr, "crbench compare: warning: settings differ: %s\n", d.c_str());
  if (format == "csv") {
    std::fputs(comparison_table(c).csv().c_str(), stdout);
  } else {
    std::fputs(comparison_markdown(c, describe(files[0]), describe(files[1])).c_str(), stdout);
  }
  if (c.boards.empty()) {
    std::fprintf(stderr, "crbench compare: no board is in both files\n");
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace crbench::cli
