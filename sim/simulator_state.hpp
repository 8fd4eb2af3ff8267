// Private to sim/: the state behind Simulator's pointer, shared by the simulator
// and the CSV writer (which both walk the periods in order).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/simulator.hpp"
#include "sim/world.hpp"

namespace crbench::sim {

struct Simulator::World {
  World(const internal::WorldConfig& config, std::uint64_t world_seed);

  internal::WorldModel model;
  internal::PeriodState state;
  std::uint64_t seed;
  int next = 0;
  std::vector<std::vector<std::int32_t>> item_categories;
  std::vector<std::string> category_names;
  std::vector<int> drift_start, drift_end;
};

}  // namespace crbench::sim
