// `crbench tune` (docs/running.md, "Choosing settings without peeking"): for
// each stream of a grid, every method that has its own update learning rate
// (and epochs) is run with each candidate setting on validation data only, and
// the best by mean AUC is written into a copy of the grid. Validation data is
// never the test data: for a simulated stream, worlds of the same scenario with
// other seeds (the validation seeds, which must not be test seeds); for a log,
// its pre-training periods (pre-train on the first P - 3, score the next 3).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bench/grid_config.hpp"

namespace crbench {

struct TuneOptions {
  std::vector<float> lrs = {1e-3f, 3e-3f, 1e-2f, 3e-2f};
  std::vector<int> epochs = {1, 2};
  std::vector<std::uint64_t> validation_seeds = {1001, 1002, 1003};
  int threads = 0;
  bool quiet = false;
  std::string results_path;  // the validation jobs' rows (optional)
};

struct TunedMethod {
  std::string spec;    // as the grid gives it
  std::string chosen;  // with the chosen lr (and epochs)
  // Every candidate with its mean validation AUC (NaN when its jobs failed).
  std::vector<std::pair<std::string, double>> candidates;
};

struct TunedStream {
  std::string name;        // the grid section
  std::string validation;  // what the settings were chosen on, in words
  std::vector<TunedMethod> tuned;
  std::vector<std::string> methods;  // the section's method list with the tuned specs in place
};

// UsageError for a swept section (tune each value in a section of its own),
// validation seeds that are test seeds or the fixed world's seed, or a log with
// fewer than 4 pre-training periods.
std::vector<TunedStream> tune_grid(const std::vector<GridStreamSpec>& specs,
                                   const TuneOptions& options);

// The grid file's text with each tuned section's methods replaced (a `methods =`
// line at its end; its earlier `methods` lines dropped) and a comment at the top
// recording `command`, the validation data and every candidate's AUC. A comment
// block from an earlier tuning is replaced.
std::string tuned_grid_text(const std::string& original, const std::vector<TunedStream>& streams,
                            const std::string& command);

// The spec with lr (and epochs, when epochs > 0) set, any earlier values replaced.
std::string spec_with_settings(const std::string& spec, float lr, int epochs);

}  // namespace crbench
