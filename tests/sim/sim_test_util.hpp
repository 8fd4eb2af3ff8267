// Helpers shared by the simulator tests: whole-stream generation by period, a
// file reader, and binomial / AUC standard errors for tolerances.
#pragma once

#include <cmath>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "sim/simulator.hpp"

namespace crbench::sim::testing {

inline std::vector<SimulatedPeriod> all_periods(const std::string& spec, std::uint64_t seed) {
  Simulator sim(parse_scenario(spec), seed);
  std::vector<SimulatedPeriod> out(static_cast<std::size_t>(sim.num_periods()));
  for (SimulatedPeriod& p : out) sim.next_period(p);
  return out;
}

inline std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Standard error of a proportion r estimated from n Bernoulli trials.
inline double binomial_se(double r, double n) { return std::sqrt(r * (1.0 - r) / n); }

// Hanley & McNeil (1982) standard error of an AUC a from n1 positives, n0 negatives.
inline double auc_se(double a, double n1, double n0) {
  const double q1 = a / (2.0 - a), q2 = 2.0 * a * a / (1.0 + a);
  return std::sqrt((a * (1.0 - a) + (n1 - 1.0) * (q1 - a * a) + (n0 - 1.0) * (q2 - a * a)) /
                   (n1 * n0));
}

}  // namespace crbench::sim::testing
