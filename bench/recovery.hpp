// How a method weathers a drift point (docs/protocol.md, "Drift recovery"): the
// rise of its AUC regret at the drift, the periods it takes to win back half and
// 90% of it, and the regret it accumulates until the next drift point.
#pragma once

#include <cmath>
#include <vector>

namespace crbench {

struct PeriodResult;  // bench/protocol.hpp

struct RecoveryMetrics {
  int drift_points = 0;         // drift points measured (the means run over them)
  double drop = NAN;            // regret at the drift minus the mean regret just before
  double half_periods = NAN;    // periods after the drift until regret <= before + drop/2
  double ninety_periods = NAN;  // ... until regret <= before + drop/10
  double regret_area = NAN;     // sum of the regret from the drift to the next point
};

// Drift points: the distinct starts (0-based periods) of the stream's drift
// windows that have at least one scored period before them. For each: before =
// mean regret of the (up to 3) scored periods before it and after the previous
// point;
// drop = regret at the point - before; recovery in k periods when the regret of
// period point + k is back within half (a tenth) of the drop, searched up to the
// next point or the last period (not recovered: the segment's length, a lower
// bound); area = the regret summed over the segment. Means over the points; NaN
// without points or without ground truth (no regret).
RecoveryMetrics recovery_metrics(const std::vector<PeriodResult>& periods,
                                 const std::vector<int>& drift_starts);

}  // namespace crbench
