// Stream loading and method/seed expansion for a grid.
#include "bench/grid_streams.hpp"

#include <cstdio>

#include "core/errors.hpp"

namespace crbench {

LoadedGrid load_grid(const std::vector<GridStreamSpec>& specs, bool quiet) {
  LoadedGrid grid;
  for (const GridStreamSpec& spec : specs) {
    grid.owned.push_back(std::make_unique<Stream>(load_grid_stream(spec)));
    const Stream& s = *grid.owned.back();
    GridStream gs{spec.name.empty() ? s.meta.name : spec.name,
                  spec.variant,
                  &s,
                  spec.options.protocol,
                  expand_methods(spec.options.methods, s.has_true_probability()),
                  parse_seed_list(spec.options.seeds)};
    if (gs.seeds.empty()) throw UsageError("--seeds: no seed given for " + gs.name);
    if (!quiet)
      std::fprintf(stderr, "%s%s%s: %zu samples, %d users, %d items, %d categories, %d periods\n",
                   gs.name.c_str(), gs.variant.empty() ? "" : " ", gs.variant.c_str(),
                   s.num_samples(), s.num_users, s.num_items, s.num_categories, s.num_periods());
    grid.streams.push_back(std::move(gs));
  }
  return grid;
}

}  // namespace crbench
