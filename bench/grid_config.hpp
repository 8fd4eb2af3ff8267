// Grid configs (docs/running.md; bench/grids/*.ini documents the format): an INI
// file whose top level holds settings shared by every stream (methods, seeds,
// protocol) and whose [stream.NAME] sections each name a dataset or a simulator
// scenario and may override any shared setting. Values may hold alternatives
// "a|b|c" inside a spec's parentheses, e.g. methods = bu(w=3|5|7) or
// scenario = incremental(rate=0|6|12) (core/spec.hpp): the grid is the product of
// streams x alternatives x methods x seeds.
#pragma once

#include <boost/program_options/parsers.hpp>
#include <string>
#include <vector>

#include "bench/stream_options.hpp"
#include "datasets/stream.hpp"

namespace crbench {

// One stream of a grid, after expanding scenario alternatives.
struct GridStreamSpec {
  std::string name;          // the section's NAME
  std::string variant;       // the chosen alternatives, "rate=6" (empty: no sweep)
  StreamRunOptions options;  // scenario holds one alternative, merged with --param
};

// True when the INI file (bench/ini_file.hpp) has at least one [stream.NAME] section.
bool is_grid_config(const std::string& path);

// A plain option file (no sections) for `crbench run --config`: its settings as
// options of `desc`, each checked on its own. UsageError / DataError name the
// file and line of a bad setting, and the file when it is empty.
boost::program_options::parsed_options read_option_file(
    const std::string& path, const boost::program_options::options_description& desc);

// Checks one per-stream setting on its own, as if it were the only one given: its
// option's declared range or choices, a method list against the registry, a seed
// list, a --param item. Throws UsageError (or a Boost.Program_options error for an
// unknown key or a value its option cannot hold).
void check_stream_setting(const std::string& key, const std::string& value);

// Reads a grid config and checks all of it before any data is loaded: every
// setting on its own (its range, method and seed lists), then each stream's
// settings together (scenario, data files readable). `overrides` (options given
// on the command line) take precedence over a section's keys, which take
// precedence over the top level. UsageError / DataError messages name the file,
// the line, the [stream.NAME] section and quote what was written.
std::vector<GridStreamSpec> read_grid_config(
    const std::string& path, const std::vector<boost::program_options::option>& overrides = {});

// The streams one option set names: itself, or one per combination of
// alternatives in its scenario spec and --param values (validated).
std::vector<GridStreamSpec> expand_stream(const std::string& name, const StreamRunOptions& options);

// Loads (or simulates) the stream a spec names; UsageError / DataError on bad input.
Stream load_grid_stream(const GridStreamSpec& spec);

// The method specs of a stream: its method list with `all` replaced by every
// registered method except aliases (MethodEntry::alias_of) and, when the stream
// has no ground-truth probabilities, the methods that need them (the oracle), and
// alternatives expanded (core/spec.hpp); validated against the registry. Specs
// with the same canonical spec appear once.
std::vector<std::string> expand_methods(const std::string& methods_text, bool has_ground_truth);

}  // namespace crbench
