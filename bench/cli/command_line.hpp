// Parsing a subcommand's arguments strictly. Boost.Program_options drops words
// that no option takes (`--seeds 1 2` ran seed 1 only; `--methods iu, bu-3` ran
// iu only): here they are positional arguments the command asked for, or an
// error naming the word and the option before it. Unknown options get a "did
// you mean" from the command's own option names.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace crbench::cli {

struct ParsedArguments {
  boost::program_options::parsed_options options{nullptr};
  std::vector<std::string> positional;  // the words no option took, in order
};

// Parses `args` against `opts`. At most `max_positional` words may be
// positional (`what` names them in the error, e.g. "results files");
// UsageError for more, and for an unknown option.
ParsedArguments parse_arguments(const std::vector<std::string>& args,
                                const boost::program_options::options_description& opts,
                                std::size_t max_positional = 0, const std::string& what = "");

// Parses and stores into `vm` (the common case); returns the positional words.
std::vector<std::string> store_arguments(const std::vector<std::string>& args,
                                         const boost::program_options::options_description& opts,
                                         boost::program_options::variables_map& vm,
                                         std::size_t max_positional = 0,
                                         const std::string& what = "");

}  // namespace crbench::cli
