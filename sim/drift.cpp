// The drift schedules (see drift.hpp and docs/simulator.md for the conventions).
#include "sim/drift.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace crbench::sim::internal {

double gradual_share(const WorldConfig& c, int t) {
  if (!c.gradual) return 0.0;
  const double x = static_cast<double>(t) - c.gradual_t0;
  if (c.moa_sigmoid) {
    // MOA's ConceptDriftStream (and River's): P(new) = 1 / (1 + exp(-4 (t - t0) / w)).
    return 1.0 / (1.0 + std::exp(-4.0 * x / c.gradual_width));
  }
  // crbench's default: linear from 0 at t0 - w/2 to 1 at t0 + w/2, so the
  // transition completes inside its window (docs/simulator.md, "Conventions").
  if (c.gradual_width <= 0.0) return x >= 0.0 ? 1.0 : 0.0;
  return std::clamp(x / c.gradual_width + 0.5, 0.0, 1.0);
}

int recurring_concept(const WorldConfig& c, int t) {
  if (!c.recurring) return 0;
  const long long phase = t % c.season;
  return static_cast<int>(phase * c.concepts / c.season);
}

double rotation_angle(const WorldConfig& c, int t) {
  if (!c.incremental) return 0.0;
  // rotation_start is the first period whose concept differs from the one before.
  const int steps = std::clamp(t - c.rotation_start + 1, 0, c.rotation_duration);
  return c.rotation_rate * steps;
}

double burst_profile(int burst_length, int age) {
  if (age < 0 || age >= burst_length) return 0.0;
  // A half sine: rises, peaks mid-burst, fades back to nothing.
  return std::sin(3.141592653589793 * (age + 1) / (burst_length + 1));
}

DriftWindows drift_windows(const WorldConfig& c) {
  std::vector<std::pair<int, int>> w;
  const int last = c.periods - 1;
  if (c.sudden) w.emplace_back(c.sudden_t0, c.sudden_t0);
  if (c.gradual) {
    // First period with a positive share of the new concept, first with all of it
    // (for MOA's sigmoid, which never reaches 0 or 1, the window's edges).
    int first = 0, full = last;
    if (c.moa_sigmoid) {
      first = static_cast<int>(std::ceil(c.gradual_t0 - c.gradual_width / 2));
      full = static_cast<int>(std::floor(c.gradual_t0 + c.gradual_width / 2));
    } else {
      while (first < last && gradual_share(c, first) <= 0.0) ++first;
      full = first;
      while (full < last && gradual_share(c, full) < 1.0) ++full;
    }
    w.emplace_back(std::clamp(first, 0, last), std::clamp(full, 0, last));
  }
  if (c.incremental && c.rotation_rate > 0.0 && c.rotation_duration > 0 &&
      c.rotation_start <= last) {
    w.emplace_back(c.rotation_start, std::min(last, c.rotation_start + c.rotation_duration - 1));
  }
  if (c.recurring) {
    for (int t = 1; t <= last; ++t)
      if (recurring_concept(c, t) != recurring_concept(c, t - 1)) w.emplace_back(t, t);
  }
  if (c.popularity && c.trend_rate > 0.0 && c.trend_start <= last)
    w.emplace_back(c.trend_start, last);
  if (c.churn && (c.item_churn > 0.0 || c.user_churn > 0.0) && c.churn_start <= last)
    w.emplace_back(c.churn_start, last);
  std::stable_sort(w.begin(), w.end());
  DriftWindows out;
  for (const auto& [s, e] : w) {
    out.start.push_back(s);
    out.end.push_back(e);
  }
  return out;
}

}  // namespace crbench::sim::internal
