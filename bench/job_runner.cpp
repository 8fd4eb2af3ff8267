// The one-stream job plan, run as a grid of one stream.
#include "bench/job_runner.hpp"

#include "bench/grid_runner.hpp"
#include "core/errors.hpp"

namespace crbench {

JobRunReport run_jobs(const Stream& stream, const JobPlan& plan) {
  if (plan.methods.empty()) throw UsageError("--methods: no method given");
  if (plan.seeds.empty()) throw UsageError("--seeds: no seed given");
  GridStream gs{stream.meta.name, "", &stream, plan.protocol, plan.methods, plan.seeds};
  GridRunOptions options;
  options.threads = plan.threads;
  options.results_path = plan.results_path;
  options.predictions_path = plan.predictions_path;
  options.quiet = plan.quiet;
  GridRunReport grid = run_grid({gs}, options);
  JobRunReport report;
  report.skipped = grid.skipped;
  report.failed = grid.failed;
  for (GridJobResult& r : grid.results) report.results.push_back(std::move(r.result));
  return report;
}

}  // namespace crbench
