// The drift schedules as pure functions of the (0-based) period: how much of the
// second concept a gradual or seasonal drift mixes in, which concept a recurring
// world is in, how far an incremental (or item-side) drift has turned, how strong
// an item's burst is, the seasonal click logit, and the periods where each drift
// starts and ends.
#pragma once

#include <vector>

#include "sim/world_config.hpp"

namespace crbench::sim::internal {

// Share of samples that use the new concept in period t (gradual drift).
double gradual_share(const WorldConfig& c, int t);
// Share of samples that use the second concept in period t: gradual's share, or the
// seasonal mix (0 without either).
double mixing_share(const WorldConfig& c, int t);
// The base click logit c of period t (bias, moved by seasonality).
double click_bias(const WorldConfig& c, int t);
// Angle (radians) item vectors have turned by in period t (item-side drift).
double item_angle(const WorldConfig& c, int t);
// Index of the concept in force in period t (recurring drift; 0 otherwise).
int recurring_concept(const WorldConfig& c, int t);
// Rotation angle (radians) of the user vectors in period t (incremental drift).
double rotation_angle(const WorldConfig& c, int t);
// Strength in [0, 1] of a burst `age` periods after it started (0 outside it).
double burst_profile(int burst_length, int age);

struct DriftWindows {
  std::vector<int> start, end;  // 0-based, inclusive, sorted by start
};
DriftWindows drift_windows(const WorldConfig& c);

}  // namespace crbench::sim::internal
