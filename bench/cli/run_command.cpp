// `crbench run`: one stream from the command line (--data or --scenario), or a
// whole grid config (--config FILE with [stream.NAME] sections, see bench/grids/):
// methods x seeds (x swept hyper-parameters) through the protocol on a oneTBB
// arena. Prints each stream's leaderboard table and optionally appends result
// rows. Any option can also come from a plain INI --config (no sections), the
// command line taking precedence.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <set>

#include "bench/cli/command_line.hpp"
#include "bench/cli/commands.hpp"
#include "bench/grid_config.hpp"
#include "bench/grid_runner.hpp"
#include "bench/grid_streams.hpp"
#include "bench/leaderboard_table.hpp"
#include "bench/results.hpp"
#include "bench/run_info.hpp"
#include "core/errors.hpp"
#include "core/stopwatch.hpp"

namespace crbench::cli {

namespace po = boost::program_options;

namespace {

// Prints one stream's settings, leaderboard and per-period table. The settings
// are the results' stream and protocol descriptions, so a run's output says which
// batch size, learning rates and period rule its numbers come from.
void print_stream_tables(const GridStream& gs, const std::vector<JobResult>& results) {
  const int periods = gs.num_periods();
  const int tests = periods - gs.protocol.pretrain_periods - 1;
  const int recorded =
      gs.protocol.recorded_periods == 0 ? tests : std::min(gs.protocol.recorded_periods, tests);
  std::string seeds;
  for (const std::uint64_t s : gs.seeds) seeds += (seeds.empty() ? "" : ",") + std::to_string(s);
  std::printf("## %s%s%s: %d test periods recorded (%d..%d), seeds %s\n\n", gs.name.c_str(),
              gs.variant.empty() ? "" : " ", gs.variant.c_str(), recorded, periods - recorded + 1,
              periods, seeds.c_str());
  std::printf("stream: %s\nprotocol: %s\n\n", gs.description().c_str(),
              describe_protocol(gs.protocol).c_str());
  const BoardSummary board = summarise_board(results);
  std::printf("%s", leaderboard_markdown(board).c_str());
  if (!board.ranking_metrics.empty())
    std::printf("\n### Ranking metrics (full ranking; mean over recorded periods)\n\n%s",
                ranking_markdown(board).c_str());
  std::printf("\n### AUC per test period (mean over seeds; * = recorded in the summary)\n\n%s",
              per_period_markdown(results).c_str());
}

// The command line as a shell would take it back (for the run-info file).
std::string command_text(const std::vector<std::string>& args) {
  std::string out = "crbench run";
  for (const std::string& a : args) {
    const bool plain = !a.empty() && a.find_first_of(" \t'\"\\$`()|;&<>*?") == std::string::npos;
    std::string quoted = "'";
    for (const char c : a) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += " " + (plain ? a : quoted + "'");
  }
  return out;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  RunInfo info = current_run_info();
  info.command = command_text(args);
  const Stopwatch watch;
  GridRunOptions run;
  std::string config_path, shard_text;
  StreamRunOptions stream_options;

  po::options_description general("general");
  general.add_options()("help,h", "show this help")(
      "config", po::value(&config_path),
      "grid config (INI with [stream.NAME] sections, see bench/grids/) or an INI file with any "
      "of these options (key = value)")("threads", po::value(&run.threads)->default_value(0),
                                        "worker threads (0: all cores)")(
      "results", po::value(&run.results_path),
      "append result rows to this CSV file (jobs already in it are skipped)")(
      "shard", po::value(&shard_text),
      "i/N: run only jobs j with j % N == i (0 <= i < N), to spread a grid over machines")(
      "predictions-out", po::value(&run.predictions_path),
      "write every test sample's (method, seed, period, user, item, label, score)")(
      "quiet", po::bool_switch(&run.quiet), "no per-job lines and no progress line on stderr");
  const std::set<std::string> general_keys = {"help",  "config", "threads",        "results",
                                              "shard", "quiet",  "predictions-out"};

  po::options_description all("crbench run options");
  all.add(general).add(stream_option_groups(stream_options));
  po::variables_map vm;
  const po::parsed_options parsed = parse_arguments(args, all).options;
  po::store(parsed, vm);
  if (vm.count("help")) {
    std::cout << "usage: crbench run --config GRID.ini [--threads N] [--shard i/N] [--results "
                 "FILE]\n"
                 "       crbench run --data FILE [--genres FILE] --methods LIST --seeds LIST "
                 "[options]\n\n"
              << all;
    return kExitOk;
  }
  // Method lists, seed lists and --param items given here are checked before any
  // config or data is read (the declared options are checked by po::notify).
  for (const po::option& o : parsed.options)
    if (!general_keys.count(o.string_key) && o.value.size() == 1)
      check_stream_setting(o.string_key, o.value.front());
  const bool grid = vm.count("config") && is_grid_config(vm["config"].as<std::string>());
  if (vm.count("config") && !grid)
    po::store(read_option_file(vm["config"].as<std::string>(), all), vm);
  po::notify(vm);
  if (run.threads < 0 || run.threads > 1024)
    throw UsageError("--threads must be in [0, 1024] (got " + std::to_string(run.threads) + ")");
  if (!shard_text.empty()) parse_shard(shard_text, run.shard_index, run.shard_count);
  run.progress = !run.quiet && ::isatty(STDERR_FILENO);

  std::vector<GridStreamSpec> specs;
  if (grid) {
    std::vector<po::option> overrides;  // stream options given on the command line
    for (const po::option& o : parsed.options)
      if (!general_keys.count(o.string_key)) overrides.push_back(o);
    specs = read_grid_config(config_path, overrides);
  } else {
    finish_stream_options(stream_options);
    specs = expand_stream("", stream_options);
  }

  // Each stream is loaded once and shared read-only by all its jobs.
  const LoadedGrid loaded = load_grid(specs, run.quiet);
  const std::vector<GridStream>& streams = loaded.streams;

  const GridRunReport report = run_grid(streams, run);
  if (!run.results_path.empty()) {
    info.wall_seconds = watch.wall_seconds();
    info.threads = report.threads;
    if (run.shard_count > 1)
      info.shard = std::to_string(run.shard_index) + "/" + std::to_string(run.shard_count);
    info.jobs_run = report.results.size();
    info.jobs_skipped = report.skipped;
    info.jobs_failed = report.failed;
    append_run_info(run.results_path, info);
  }

  for (std::size_t i = 0; i < streams.size(); ++i) {
    std::vector<JobResult> results;
    for (const GridJobResult& r : report.results)
      if (r.stream == i) results.push_back(r.result);
    if (results.empty()) continue;
    if (i > 0) std::printf("\n");
    print_stream_tables(streams[i], results);
  }
  if (run.shard_count > 1)
    std::printf("\nshard %zu/%zu: %zu of %zu job(s)\n", run.shard_index, run.shard_count,
                report.in_shard, report.total);
  if (report.skipped > 0)
    std::printf("\n%zu job(s) skipped: already in %s\n", report.skipped, run.results_path.c_str());
  if (report.failed > 0) {
    std::fprintf(stderr, "crbench run: %zu job(s) failed (see the table and stderr)\n",
                 report.failed);
    return kExitJobsFailed;
  }
  return kExitOk;
}

}  // namespace crbench::cli
