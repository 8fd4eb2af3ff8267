// `crbench leaderboard`: results files -> per stream settings.json and, as
// --format asks, leaderboard.md, leaderboard.csv + per_period.csv,
// leaderboard.json + per_period.json and leaderboard.html with plots (made by a
// matplotlib script); across streams ranking.md, ranking.csv,
// critical_difference.svg and, for the HTML, index.html.
#include <sys/wait.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "bench/cli/command_line.hpp"
#include "bench/cli/commands.hpp"
#include "bench/cross_stream.hpp"
#include "bench/leaderboard.hpp"
#include "bench/leaderboard_settings.hpp"
#include "core/errors.hpp"
#include "core/spec.hpp"
#include "core/suggest.hpp"

namespace crbench::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  out.close();
  if (!out) throw DataError(path.string(), 0, "cannot write the file");
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// An explicit --baseline must name a method on some board (a typo would
// otherwise silently give a leaderboard without tests); the default may be
// absent, and each board then says so.
void check_baseline(const std::vector<StreamResults>& streams, const std::string& baseline,
                    bool explicit_choice) {
  std::vector<std::string> missing;
  std::set<std::string> methods;
  std::size_t boards = 0;
  for (const StreamResults& s : streams)
    for (const Board& b : s.boards) {
      ++boards;
      std::vector<std::string> specs;
      for (const JobResult& j : b.jobs) specs.push_back(j.method), methods.insert(j.method);
      if (resolve_baseline(specs, baseline).empty()) missing.push_back(b.name());
    }
  if (missing.empty()) return;
  if (explicit_choice && missing.size() == boards) {
    std::string list;
    for (const std::string& m : methods) list += (list.empty() ? "" : ", ") + m;
    throw UsageError("--baseline " + baseline + ": no board has this method (methods: " + list +
                     ")");
  }
  std::string list;
  for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
  std::fprintf(stderr,
               "crbench leaderboard: warning: the baseline %s is not on %zu of %zu boards (%s): "
               "no paired tests there\n",
               baseline.c_str(), missing.size(), boards, list.c_str());
}

// The formats --format names (each value may be a comma-separated list).
std::set<std::string> parse_formats(const std::vector<std::string>& values) {
  const std::vector<std::string> known = {"md", "csv", "json", "html"};
  std::set<std::string> formats;
  for (const std::string& value : values)
    for (const std::string& f : split_spec_list(value)) {
      if (std::find(known.begin(), known.end(), f) == known.end())
        throw UsageError("--format: unknown format '" + f + "'" + did_you_mean(f, known) +
                         " (known: md, csv, json, html)");
      formats.insert(f);
    }
  if (formats.empty()) throw UsageError("--format: no format given (md, csv, json, html)");
  return formats;
}

}  // namespace

int leaderboard_command(const std::vector<std::string>& args) {
  std::vector<std::string> results, format_values;
  // Debian's interpreter first: python3-matplotlib/-pandas install there, and a
  // python3 earlier on PATH (pyenv, venv) may lack them.
  std::string out_dir, script = CRBENCH_PLOT_SCRIPT,
                       python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
  std::string baseline = kDefaultBaseline;
  bool no_html = false;
  po::options_description opts("crbench leaderboard options");
  opts.add_options()("help,h", "show this help")(
      "results", po::value(&results)->multitoken()->composing(),
      "results CSV file(s) of crbench run (shards may be given together; also as plain "
      "arguments)")("out", po::value(&out_dir),
                    "output directory (a subdirectory per stream when several)")(
      "format", po::value(&format_values)->multitoken()->composing(),
      "what to write, any of md, csv, json, html (comma-separated or repeated; default all): "
      "leaderboard.md, leaderboard.csv + per_period.csv, leaderboard.json + per_period.json "
      "(records: pandas.read_json reads them), leaderboard.html (+ index.html for several "
      "streams; implies csv)")(
      "baseline", po::value(&baseline)->default_value(baseline),
      "the method every other is tested against (a spec, or a registry name that names one "
      "spec on a board)")("no-html", po::bool_switch(&no_html),
                          "leave out leaderboard.html (same as a --format without html)")(
      "plot-script", po::value(&script)->default_value(script),
      "the matplotlib script that writes leaderboard.html")(
      "python", po::value(&python)->default_value(python),
      "the Python interpreter (with matplotlib and pandas)");
  po::variables_map vm;
  const std::vector<std::string> files = store_arguments(args, opts, vm, args.size(), "files");
  if (vm.count("help")) {
    std::cout
        << "usage: crbench leaderboard --results FILE... --out DIR [--format md,csv,json,html]"
           "\n\n"
        << opts;
    return kExitOk;
  }
  po::notify(vm);
  results.insert(results.end(), files.begin(), files.end());
  std::set<std::string> formats = parse_formats(
      format_values.empty() ? std::vector<std::string>{"md,csv,json,html"} : format_values);
  if (no_html) formats.erase("html");
  if (formats.empty()) throw UsageError("--no-html leaves no format to write");
  const bool html = formats.count("html") > 0;
  const bool csv = formats.count("csv") > 0 || html;  // the page is made from the CSV files
  if (out_dir.empty()) throw UsageError("--out: no output directory given");
  std::vector<IncompleteJob> incomplete;
  const std::vector<StreamResults> streams = collect_results(results, &incomplete);
  // Jobs cut short are left out, and said to be.
  for (const IncompleteJob& j : incomplete)
    std::fprintf(stderr,
                 "crbench leaderboard: warning: %s:%zu: job %s has no summary row (%s); it is "
                 "left out\n",
                 j.path.c_str(), j.line, j.hash.c_str(),
                 j.rows == 0 ? "a last line cut short" : "a run killed while writing it?");
  if (streams.empty()) throw UsageError("--results: the files hold no finished job");
  check_baseline(streams, baseline, !vm["baseline"].defaulted());
  std::vector<ResultsSource> sources;
  for (const std::string& path : results) sources.push_back({path, read_run_info(path)});

  std::vector<fs::path> dirs;
  for (const StreamResults& s : streams) {
    const fs::path dir = streams.size() == 1 ? fs::path(out_dir) : fs::path(out_dir) / s.stream;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw DataError(dir.string(), 0, "cannot create the directory: " + ec.message());
    std::string written = "settings.json";
    write_file(dir / "settings.json", leaderboard_settings(s, baseline, sources).dump());
    if (formats.count("md")) {
      write_file(dir / "leaderboard.md", leaderboard_md(s, baseline));
      written += ", leaderboard.md";
    }
    if (csv || formats.count("json")) {
      const Table board = leaderboard_table(s, baseline), periods = per_period_table(s);
      if (csv) {
        write_file(dir / "leaderboard.csv", board.csv());
        write_file(dir / "per_period.csv", periods.csv());
        written += ", leaderboard.csv, per_period.csv";
      }
      if (formats.count("json")) {
        write_file(dir / "leaderboard.json", board.json());
        write_file(dir / "per_period.json", periods.json());
        written += ", leaderboard.json, per_period.json";
      }
    }
    std::fprintf(stderr, "wrote %s/{%s}\n", dir.string().c_str(), written.c_str());
    if (s.mixed)
      std::fprintf(stderr,
                   "crbench leaderboard: warning: the results mix %zu settings of stream %s; "
                   "each has its own board (see %s/leaderboard.md)\n",
                   s.boards.size(), s.stream.c_str(), dir.string().c_str());
    dirs.push_back(dir);
  }
  const CrossStreamRanking ranking = rank_across_boards(streams, baseline);
  if (ranking.valid || !ranking.excluded.empty()) {
    if (formats.count("md"))
      write_file(fs::path(out_dir) / "ranking.md", ranking_markdown(ranking));
    if (csv) write_file(fs::path(out_dir) / "ranking.csv", ranking_csv(ranking));
    if (ranking.valid) {
      write_file(fs::path(out_dir) / "critical_difference.svg", ranking_svg(ranking));
      std::fprintf(stderr, "wrote %s/ranking.{md,csv} and critical_difference.svg\n",
                   out_dir.c_str());
    } else {
      std::fprintf(stderr, "wrote %s/ranking.md: no ranking across streams (%s)\n", out_dir.c_str(),
                   ranking.why_not.c_str());
    }
  }
  if (!html) return kExitOk;
  std::string cmd = shell_quote(python) + " " + shell_quote(script);
  if (streams.size() > 1) cmd += " --index " + shell_quote(out_dir);
  for (const fs::path& dir : dirs) cmd += " " + shell_quote(dir.string());
  const int status = std::system(cmd.c_str());
  const int code = status == -1 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code == 127) {
    std::fprintf(stderr,
                 "crbench leaderboard: '%s' not found: leaderboard.html needs Python 3 with "
                 "matplotlib and pandas (Debian: python3-matplotlib python3-pandas); the "
                 "Markdown and CSV files are written\n",
                 python.c_str());
    return kExitBadInput;
  }
  if (code != 0) {
    std::fprintf(stderr,
                 "crbench leaderboard: %s failed (exit %d); the Markdown and CSV files are "
                 "written\n",
                 script.c_str(), code);
    return kExitBadInput;
  }
  return kExitOk;
}

}  // namespace crbench::cli
