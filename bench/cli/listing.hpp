// Shared pieces of the listing commands (methods, datasets, scenarios): a --help
// that takes no other option, and the one format for declared parameters.
#pragma once

#include <string>
#include <vector>

#include "core/param_spec.hpp"

namespace crbench::cli {

// Parses args that may only be --help; prints `text` and the option list and
// returns true when --help was given. Unknown options throw (one message, exit 1).
bool wants_help(const std::vector<std::string>& args, const std::string& text);

// "    name  default D  range [lo, hi] integer  description", one line each.
void print_params(const std::vector<ParamDecl>& params);

}  // namespace crbench::cli
