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
    // Said even when quiet: these periods' AUC is missing from every table.
    for (const int p : unscorable_test_periods(s, gs.protocol))
      std::fprintf(stderr,
                   "crbench: warning: %s%s%s: test period %d has only %s labels: its AUC is "
                   "undefined, and it is left out of the AUC means and tests\n",
                   gs.name.c_str(), gs.variant.empty() ? "" : " ", gs.variant.c_str(), p + 1,
                   s.label[s.period_begin(p)] == 1.0f ? "positive" : "negative");
    if (!quiet)
      std::fprintf(stderr, "%s%s%s: %zu samples, %d users, %d items, %d categories, %d periods\n",
                   gs.name.c_str(), gs.variant.empty() ? "" : " ", gs.variant.c_str(),
                   s.num_samples(), s.num_users, s.num_items, s.num_categories, s.num_periods());
    grid.streams.push_back(std::move(gs));
  }
  return grid;
}

}  // namespace crbench
