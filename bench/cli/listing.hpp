// Shared pieces of the listing commands (methods, datasets, scenarios): a --help
// that takes no other option, and the one format for declared parameters.
#pragma once

#include <string>
#include <vector>

#include "core/params.hpp"

namespace crbench::cli {

// Parses args that may only be --help; prints `text` and the option list and
// returns true when --help was given. Unknown options throw (one message, exit 1).
bool wants_help(const std::vector<std::string>& args, const std::string& text);

// Per declared parameter "    name = default   description", and below it what
// the value may be (range or choices).
void print_params(const std::vector<ParamInfo>& params);

}  // namespace crbench::cli
