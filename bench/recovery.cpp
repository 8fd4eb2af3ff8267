// Drop, recovery periods and regret area at the drift points of a job's periods.
#include "bench/recovery.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "bench/protocol.hpp"

namespace crbench {

RecoveryMetrics recovery_metrics(const std::vector<PeriodResult>& periods,
                                 const std::vector<int>& drift_starts) {
  std::map<int, double> regret;  // test period -> AUC regret
  for (const PeriodResult& p : periods) {
    const double r = p.oracle.auc - p.metrics.auc;
    if (std::isfinite(r)) regret[p.test_period] = r;
  }
  RecoveryMetrics out;
  if (regret.empty()) return out;
  const int first = regret.begin()->first, last = regret.rbegin()->first;
  std::vector<int> points;
  for (const int d : std::set<int>(drift_starts.begin(), drift_starts.end()))
    if (d > first && d <= last && regret.count(d)) points.push_back(d);
  if (points.empty()) return out;
  double drop = 0.0, half = 0.0, ninety = 0.0, area = 0.0;
  int used = 0;
  for (std::size_t k = 0; k < points.size(); ++k) {
    const int d = points[k];
    const int after_previous = k > 0 ? points[k - 1] + 1 : first;
    const int end = k + 1 < points.size() ? points[k + 1] - 1 : last;
    double before = 0.0;
    int n = 0;
    for (int t = std::max(after_previous, d - 3); t < d; ++t)
      if (regret.count(t)) before += regret.at(t), ++n;
    if (n == 0) continue;  // no scored period since the previous point
    before /= n;
    ++used;
    const double rise = regret.at(d) - before;
    const auto periods_to = [&](double fraction_left) {
      if (rise <= 0.0) return 0.0;
      for (int t = d; t <= end; ++t)
        if (regret.count(t) && regret.at(t) <= before + fraction_left * rise)
          return static_cast<double>(t - d);
      return static_cast<double>(end - d + 1);  // not recovered within the segment
    };
    drop += rise;
    half += periods_to(0.5);
    ninety += periods_to(0.1);
    for (int t = d; t <= end; ++t)
      if (regret.count(t)) area += regret.at(t);
  }
  if (used == 0) return out;
  const double m = used;
  out.drift_points = used;
  out.drop = drop / m;
  out.half_periods = half / m;
  out.ninety_periods = ninety / m;
  out.regret_area = area / m;
  return out;
}

}  // namespace crbench
