// Results rows grouped into boards: a board holds the jobs that share their whole
// configuration but the method and the seed (stream description with its
// parameters, protocol settings), so that a leaderboard row pools seeds of one
// setting and nothing else. Boards of one stream that differ in a setting are
// labelled by what differs.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bench/protocol.hpp"
#include "bench/results.hpp"

namespace crbench {

// The parts of a results row's config column (JobConfig::canonical()).
struct ParsedConfig {
  std::string stream;    // stream description
  std::string protocol;  // protocol settings
  std::string method;    // canonical method spec
  std::uint64_t seed = 0;
};
// Throws std::invalid_argument when `config` is not
// "stream{...};protocol{...};method=...;seed=N".
ParsedConfig parse_config(const std::string& config);

// Splits at `separator` outside parentheses and braces ("a(x;y);b" -> "a(x;y)", "b").
std::vector<std::string> split_top_level(const std::string& text, char separator);

// A board's setting "stream{S};protocol{P}" as its two descriptions {S, P}.
std::pair<std::string, std::string> split_setting(const std::string& setting);

// The value of `key` in a description "k1=v1;k2=v2" ("" when absent).
std::string setting_value(const std::string& description, const std::string& key);

// A setting flattened to (key, value) leaves, keys as paths:
// "source=sudden(t0=16,share=1) seed=1;history=30" gives source=sudden,
// source.t0=16, source.share=1, source.seed=1, history=30; "update=batch=256/lr=0.001"
// gives update.batch=256, update.lr=0.001. Keys are prefixed by `prefix`.
std::vector<std::pair<std::string, std::string>> flatten_setting(const std::string& text,
                                                                 const std::string& prefix = "");

// For settings (each a flattened list), the label of each: "key=value" of the keys
// whose values are not the same in all of them, joined by ','; a key is shown by
// its last component ("t0") unless two differing keys share it, then by its path
// without the stream/protocol prefix ("update.batch"). Empty labels when all agree.
std::vector<std::string> difference_labels(
    const std::vector<std::vector<std::pair<std::string, std::string>>>& settings);

struct Board {
  std::string stream;           // results' stream column
  std::string variant;          // results' variant column: swept stream parameters ("" if none)
  std::string label;            // what sets it apart from the stream's other boards ("" if alone)
  std::string setting;          // "stream{...};protocol{...}": everything the jobs share
  std::vector<JobResult> jobs;  // ordered by (method, seed)
  // The stream's drift windows, 1-based inclusive ("16-16;24-24"; "" for real logs
  // and files written before the column existed).
  std::string drift_windows;
  // "stream" or "stream label": how tables and messages name the board.
  std::string name() const { return label.empty() ? stream : stream + " " + label; }
};

struct StreamResults {
  std::string stream;
  std::vector<Board> boards;  // in sweep order (numeric values of the variant)
  // The stream's boards differ in more than its swept parameters: the results
  // files mix setups (e.g. two batch sizes). Each setting still has its own board.
  bool mixed = false;
};

// Reads results files (concatenated shards, reruns): a job hash seen again in a
// later file or block replaces the earlier one. Streams in name order.
// Throws UsageError without files, DataError (naming the file and job) for a
// row whose config column cannot be read. Job blocks without a summary row are
// left out and, with `incomplete`, listed there (read_results).
std::vector<StreamResults> collect_results(const std::vector<std::string>& paths,
                                           std::vector<IncompleteJob>* incomplete = nullptr);

// Variant labels in sweep order: numerically by their values ("rate=3" < "rate=12").
std::vector<std::string> sort_variants(std::vector<std::string> variants);

}  // namespace crbench
