// The drift schedules (see drift.hpp and docs/simulator.md for the conventions).
#include "sim/drift.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace crbench::sim::internal {

namespace {
constexpr double kTwoPi = 6.283185307179586;
}

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

double mixing_share(const WorldConfig& c, int t) {
  if (c.gradual) return gradual_share(c, t);
  if (!c.seasonal) return 0.0;
  // 0 at the season's start, the full mix half a season later, smooth throughout.
  return c.seasonal_mix * 0.5 * (1.0 - std::cos(kTwoPi * t / c.seasonal_period));
}

double click_bias(const WorldConfig& c, int t) {
  if (!c.seasonal || c.seasonal_click_amplitude == 0.0) return c.bias;
  // A quarter season out of phase with the mix, so that the two are not one curve.
  return c.bias + c.seasonal_click_amplitude * std::sin(kTwoPi * t / c.seasonal_period);
}

double item_angle(const WorldConfig& c, int t) {
  if (!c.item_drift) return 0.0;
  return c.item_rate * std::max(0, t - c.item_drift_start + 1);
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
  if (c.item_drift && c.item_rate > 0.0 && c.item_drift_start <= last)
    w.emplace_back(c.item_drift_start, last);
  // Seasonality moves the mix and the click rate from the second period on.
  if (c.seasonal && (c.seasonal_mix > 0.0 || c.seasonal_click_amplitude > 0.0) && last >= 1)
    w.emplace_back(1, last);
  std::stable_sort(w.begin(), w.end());
  DriftWindows out;
  for (const auto& [s, e] : w) {
    out.start.push_back(s);
    out.end.push_back(e);
  }
  return out;
}

}  // namespace crbench::sim::internal
