// "Did you mean ...?" for misspelt names (methods, scenarios, parameters,
// options, commands): the one edit-distance helper every message uses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crbench {

// Optimal-string-alignment distance: insertions, deletions, substitutions and
// swaps of two adjacent characters each cost 1 ("stationry" -> "stationary" is 1,
// "iu" -> "ui" is 1). Case-sensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidates closest to `word` (ignoring case), if close enough to be a
// plausible misspelling: at most max(1, |word| / 3) edits, so a short word gets
// one edit. Ties are all returned, in the candidates' order.
std::vector<std::string> closest_names(std::string_view word,
                                       const std::vector<std::string>& candidates);

// " (did you mean 'stationary'?)", " (did you mean 'bu-3' or 'bu-5'?)", or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace crbench
