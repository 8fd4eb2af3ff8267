// The results file (docs/results.md): one CSV row per test period and one
// summary row per job, each carrying the job's full configuration and its hash.
// Rows of a job are appended and flushed together when the job ends, so a killed
// run loses only the jobs that were running.
#pragma once

#include <cstdint>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "bench/protocol.hpp"

namespace crbench {

// Everything that determines a job's result, as one canonical string.
struct JobConfig {
  std::string stream_name;  // short name for the results' stream column
  // The swept stream parameters of this job's stream ("rate=3"), empty when the
  // stream is not swept; the leaderboard plots metrics against it.
  std::string variant;
  std::string stream;    // stream description (name, source, labelling, periods)
  std::string protocol;  // protocol settings
  std::string method;    // canonical method spec
  std::uint64_t seed = 0;
  // The stream's drift windows, 1-based inclusive ("16-16;24-24"; empty for real
  // logs): written on every row for plots' drift markers, not part of the hash
  // (the stream description already determines them).
  std::string drift_windows = {};
  std::string canonical() const;
  std::string hash() const;  // 16 hex digits of FNV-1a 64 over canonical()
};

std::string describe_stream(const Stream& stream);
// The same from the parts it uses (for streams made per seed, described before any is).
std::string describe_stream(const StreamMetadata& meta, std::size_t samples, int history);
// A stream's drift windows as JobConfig::drift_windows writes them.
std::string drift_windows_text(const StreamMetadata& meta);
// The protocol settings as results rows carry them; the ranking evaluation
// appears only when it is on, so that other jobs keep their hashes.
std::string describe_protocol(const ProtocolSettings& settings);

// A period's ranking metrics as the results' `ranking` cell:
// "recall@10=0.1;...;mrr=0.05;users=40;eligible_users=40;positives=310;
// new_item_positives=2;repeat_positives=0;candidates=8000"; "" when not
// evaluated. Its time is a column of its own (ranking_s), so that the cell,
// like the metric columns, does not depend on the machine. parse_ranking_cell
// reads it back (std::invalid_argument when malformed).
std::string ranking_cell(const RankingResult& ranking);
RankingResult parse_ranking_cell(const std::string& cell);

class ResultsWriter {
 public:
  // Opens (creating with a header when new or empty) for appending; throws
  // DataError when the file cannot be written or has a foreign header. Lines
  // after the last summary row (a job block cut short by a kill) are truncated
  // away, so the file holds whole job blocks only. A file written by an earlier
  // crbench, whose header is the current one's start, is first rewritten with
  // the current header, its rows padded with empty cells.
  explicit ResultsWriter(const std::string& path);
  ~ResultsWriter();
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;
  // Appends the job's rows with one write(2) on an O_APPEND descriptor, so a
  // kill leaves either the whole block or (rarely) a tail cut at the end of
  // the file, which the next open removes. Thread-safe.
  void write(const JobConfig& config, const JobResult& result);
  // Hashes of jobs whose summary row says ok (to skip on a rerun).
  const std::set<std::string>& finished() const { return finished_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::mutex mutex_;
  std::set<std::string> finished_;
};

// The job rows a results file holds, as the writer wrote them.
struct ResultsRow {
  std::vector<std::string> fields;  // in results_header() order
  const std::string& at(const std::string& column) const;
};
// A job block without its summary row (a run killed while writing, an edited
// file): left out of what read_results returns, and reported.
struct IncompleteJob {
  std::string path;
  std::size_t line = 0;  // of the block's first row
  std::string hash;
  std::size_t rows = 0;  // rows read (0: a last line cut short)
};

// Reads a results file: DataError ("path:line: column auc: "abc" is not a number
// in [0, 1]") on a foreign header, a short row or a value the writer cannot have
// written. A file of an older crbench that lacks a column added since reads that
// column as empty. When a job hash has several blocks (a failed job rerun,
// overlapping shards), only its last complete block (ending in its summary row) is
// kept; incomplete blocks are left out and, with `incomplete`, listed there.
std::vector<ResultsRow> read_results(const std::string& path,
                                     std::vector<IncompleteJob>* incomplete = nullptr);
// Index of a column in results_header() (std::out_of_range for unknown names).
std::size_t results_column(const std::string& name);
// Splits one CSV line into fields, honouring RFC 4180 quotes.
std::vector<std::string> split_csv_line(const std::string& line);

// What a period row's error column says of a period with one label class.
inline constexpr const char* kUnscorableNote = "one label class: AUC and GAUC undefined";

// The CSV header, in column order.
const std::string& results_header();

// Quotes a CSV field when it holds a comma, quote or newline (RFC 4180).
std::string csv_field(const std::string& value);

}  // namespace crbench
