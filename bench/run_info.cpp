// Run-info rows: collecting the machine's facts, writing and reading the sidecar.
#include "bench/run_info.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include "bench/leaderboard_table.hpp"
#include "bench/results.hpp"
#include "core/errors.hpp"
#include "core/version.hpp"

namespace crbench {

namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) != 0) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) break;
    const std::size_t begin = line.find_first_not_of(' ', colon + 1);
    return begin == std::string::npos ? "unknown" : line.substr(begin);
  }
  return "unknown";
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::size_t whole(const std::string& text, const std::string& path, std::size_t line) {
  try {
    std::size_t used = 0;
    const unsigned long long v = std::stoull(text, &used);
    if (used == text.size()) return static_cast<std::size_t>(v);
  } catch (const std::exception&) {
  }
  throw DataError(path, line, "'" + text + "' is not a whole number");
}

}  // namespace

const std::string& run_info_header() {
  static const std::string header =
      "started_utc,wall_s,crbench_version,git_commit,build_type,cpu_model,hardware_threads,"
      "threads,shard,jobs_run,jobs_skipped,jobs_failed,command";
  return header;
}

RunInfo current_run_info() {
  RunInfo info;
  info.started_utc = utc_now();
  info.crbench_version = crbench_version();
  info.git_commit = crbench_git_commit();
  info.build_type = crbench_build_type();
  info.cpu_model = cpu_model();
  info.hardware_threads = static_cast<int>(std::thread::hardware_concurrency());
  return info;
}

std::string run_info_path(const std::string& results_path) {
  const std::string suffix = ".csv";
  const bool csv =
      results_path.size() > suffix.size() &&
      results_path.compare(results_path.size() - suffix.size(), suffix.size(), suffix) == 0;
  return (csv ? results_path.substr(0, results_path.size() - suffix.size()) : results_path) +
         ".runs.csv";
}

void append_run_info(const std::string& results_path, const RunInfo& i) {
  const std::string path = run_info_path(results_path);
  const bool fresh = !std::filesystem::exists(path) || std::filesystem::file_size(path) == 0;
  std::ofstream out(path, std::ios::app);
  if (fresh) out << run_info_header() << '\n';
  out << csv_field(i.started_utc) << ',' << csv_number(i.wall_seconds) << ','
      << csv_field(i.crbench_version) << ',' << csv_field(i.git_commit) << ','
      << csv_field(i.build_type) << ',' << csv_field(i.cpu_model) << ',' << i.hardware_threads
      << ',' << i.threads << ',' << csv_field(i.shard) << ',' << i.jobs_run << ',' << i.jobs_skipped
      << ',' << i.jobs_failed << ',' << csv_field(i.command) << '\n';
  out.close();
  if (!out) throw DataError(path, 0, "cannot write the run-info file");
}

std::vector<RunInfo> read_run_info(const std::string& results_path) {
  const std::string path = run_info_path(results_path);
  std::vector<RunInfo> rows;
  std::ifstream in(path);
  if (!in) return rows;
  std::string line;
  if (!std::getline(in, line) || line != run_info_header())
    throw DataError(path, 1, "not a crbench run-info file (unexpected header)");
  const std::size_t columns = split_csv_line(run_info_header()).size();
  for (std::size_t n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    const std::vector<std::string> f = split_csv_line(line);
    if (f.size() != columns)
      throw DataError(
          path, n,
          "expected " + std::to_string(columns) + " fields, found " + std::to_string(f.size()));
    RunInfo i;
    i.started_utc = f[0];
    try {
      i.wall_seconds = f[1].empty() ? 0.0 : std::stod(f[1]);
    } catch (const std::exception&) {
      throw DataError(path, n, "wall_s '" + f[1] + "' is not a number");
    }
    i.crbench_version = f[2];
    i.git_commit = f[3];
    i.build_type = f[4];
    i.cpu_model = f[5];
    i.hardware_threads = static_cast<int>(whole(f[6], path, n));
    i.threads = static_cast<int>(whole(f[7], path, n));
    i.shard = f[8];
    i.jobs_run = whole(f[9], path, n);
    i.jobs_skipped = whole(f[10], path, n);
    i.jobs_failed = whole(f[11], path, n);
    i.command = f[12];
    rows.push_back(std::move(i));
  }
  return rows;
}

}  // namespace crbench
