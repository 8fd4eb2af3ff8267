// The results file (DESIGN.md "Results"): one CSV row per test period and one
// summary row per job, each carrying the job's full configuration and its hash.
// Rows of a job are appended and flushed together when the job ends, so a killed
// run loses only the jobs that were running.
#pragma once

#include <cstdint>
#include <fstream>
#include <mutex>
#include <set>
#include <string>

#include "bench/protocol.hpp"

namespace crbench {

// Everything that determines a job's result, as one canonical string.
struct JobConfig {
  std::string stream_name;  // short name for the results' stream column
  std::string stream;       // stream description (name, source, labelling, periods)
  std::string protocol;     // protocol settings
  std::string method;       // canonical method spec
  std::uint64_t seed = 0;
  std::string canonical() const;
  std::string hash() const;  // 16 hex digits of FNV-1a 64 over canonical()
};

std::string describe_stream(const Stream& stream);
std::string describe_protocol(const ProtocolSettings& settings);

class ResultsWriter {
 public:
  // Opens (creating with a header when new or empty) for appending; throws
  // DataError when the file cannot be written or has a foreign header.
  explicit ResultsWriter(const std::string& path);
  void write(const JobConfig& config, const JobResult& result);  // thread-safe
  // Hashes of jobs whose summary row says ok (to skip on a rerun).
  const std::set<std::string>& finished() const { return finished_; }

 private:
  std::string path_;
  std::ofstream out_;
  std::mutex mutex_;
  std::set<std::string> finished_;
};

// The CSV header, in column order.
const std::string& results_header();

// Quotes a CSV field when it holds a comma, quote or newline (RFC 4180).
std::string csv_field(const std::string& value);

}  // namespace crbench
