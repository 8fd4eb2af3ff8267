// The drift schedules as pure functions of the (0-based) period: how much of the
// new concept a gradual drift mixes in, which concept a recurring world is in,
// how far an incremental drift has rotated, how strong an item's burst is, and the
// periods where each drift starts and ends.
#pragma once

#include <vector>

#include "sim/world_config.hpp"

namespace crbench::sim::internal {

// Share of samples that use the new concept in period t (gradual drift).
double gradual_share(const WorldConfig& c, int t);
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
