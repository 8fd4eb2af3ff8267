// Stream loading and method/seed expansion for a grid.
#include "bench/grid_streams.hpp"

#include <cstdio>

#include "core/errors.hpp"
#include "sim/scenario_params.hpp"

namespace crbench {

LoadedGrid load_grid(const std::vector<GridStreamSpec>& specs, bool quiet) {
  LoadedGrid grid;
  for (const GridStreamSpec& spec : specs) {
    const StreamRunOptions& o = spec.options;
    const DatasetOptions& data = o.data;
    // Not an error (a log may have no genres), but the shared model then has no
    // category slot and its numbers are not comparable with runs that had one.
    // No file at all is the error load_grid_stream reports next, not a warning.
    if (o.scenario.empty() && data.format == "movielens" && data.genres.empty() &&
        !data.path.empty())
      std::fprintf(stderr,
                   "crbench: warning: %s: MovieLens without --genres: items have no categories, "
                   "so the model has no category slot (give the genres file, e.g. movies.csv "
                   "beside ratings.csv)\n",
                   data.path.c_str());
    GridStream gs;
    gs.variant = spec.variant;
    gs.protocol = o.protocol;
    gs.seeds = parse_seed_list(o.seeds);
    if (!o.scenario.empty() && !simulated_stream_spec(o).shared_by_seeds()) {
      // A world per seed: made when its seed's first job runs.
      gs.simulated = std::make_shared<const SimulatedStreamSpec>(simulated_stream_spec(o));
      gs.name = spec.name.empty() ? "sim-" + gs.simulated->scenario.name : spec.name;
      gs.protocol.validate(gs.simulated->periods(), gs.name);
      gs.methods = expand_methods(o.methods, true);
    } else {
      grid.owned.push_back(std::make_unique<Stream>(load_grid_stream(spec)));
      gs.stream = grid.owned.back().get();
      gs.name = spec.name.empty() ? gs.stream->meta.name : spec.name;
      gs.methods = expand_methods(o.methods, gs.stream->has_true_probability());
    }
    if (gs.seeds.empty()) throw UsageError("--seeds: no seed given for " + gs.name);
    if (gs.stream) {
      const Stream& s = *gs.stream;
      // Said even when quiet: these periods' AUC is missing from every table.
      for (const int p : unscorable_test_periods(s, gs.protocol))
        std::fprintf(stderr,
                     "crbench: warning: %s%s%s: test period %d has only %s labels: its AUC is "
                     "undefined, and it is left out of the AUC means and tests\n",
                     gs.name.c_str(), gs.variant.empty() ? "" : " ", gs.variant.c_str(), p + 1,
                     s.label[s.period_begin(p)] == 1.0f ? "positive" : "negative");
    }
    if (!quiet) {
      std::fprintf(stderr, "%s%s%s: ", gs.name.c_str(), gs.variant.empty() ? "" : " ",
                   gs.variant.c_str());
      if (gs.stream) {
        const Stream& s = *gs.stream;
        std::fprintf(stderr, "%zu samples, %d users, %d items, %d categories, %d periods\n",
                     s.num_samples(), s.num_users, s.num_items, s.num_categories, s.num_periods());
      } else {
        const sim::WorldParams w = sim::world_params(gs.simulated->scenario);
        std::fprintf(stderr, "%d periods of %d samples, %d users, %d items; %s%s\n", w.periods,
                     w.samples_per_period, w.users, w.items,
                     gs.simulated->worlds == WorldMode::kReplicate
                         ? "a world per seed (world seed = job seed)"
                         : "one world",
                     gs.simulated->closed_loop() ? ", closed-loop exposure" : "");
      }
    }
    grid.streams.push_back(std::move(gs));
  }
  return grid;
}

}  // namespace crbench
