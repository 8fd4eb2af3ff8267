// A grid's streams loaded once (each shared read-only by all its jobs) with
// their expanded method lists and seeds: what run_grid needs.
#pragma once

#include <memory>
#include <vector>

#include "bench/grid_config.hpp"
#include "bench/grid_runner.hpp"

namespace crbench {

struct LoadedGrid {
  std::vector<std::unique_ptr<Stream>> owned;
  std::vector<GridStream> streams;  // point into `owned`
};

// Loads every spec's stream; an empty spec name takes the stream's own name.
// Prints one line per stream on stderr unless quiet.
LoadedGrid load_grid(const std::vector<GridStreamSpec>& specs, bool quiet);

}  // namespace crbench
