// Shared pieces of the listing commands (methods, datasets, scenarios): a --help
// that takes no other option, and the one format for declared parameters.
#pragma once

#include <string>
#include <vector>

#include "core/params.hpp"

namespace crbench::cli {

// Parses args that may only be --help (and, with `filters`, words to filter a
// listing by, stored there); prints `text` and the option list and returns true
// when --help was given. Unknown options and stray words throw (exit 1).
bool wants_help(const std::vector<std::string>& args, const std::string& text,
                std::vector<std::string>* filters = nullptr);

// The names containing one of `filters` (all of them without filters);
// UsageError, with the closest names, when none does. `kind`: "method".
std::vector<std::string> filter_names(const std::vector<std::string>& names,
                                      const std::vector<std::string>& filters,
                                      const std::string& kind);

// Per declared parameter "    name = default   description", and below it what
// the value may be (range or choices).
void print_params(const std::vector<ParamInfo>& params);

}  // namespace crbench::cli
