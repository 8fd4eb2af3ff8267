// Holm's step-down adjustment.
#include "bench/multiple_testing.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace crbench {

std::vector<double> holm_adjust(const std::vector<double>& p_values) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p_values.size(); ++i)
    if (!std::isnan(p_values[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> adjusted(p_values.size(), NAN);
  const double m = static_cast<double>(order.size());
  double running = 0.0;  // the max keeps the adjusted values in the order of the raw ones
  for (std::size_t j = 0; j < order.size(); ++j) {
    running = std::max(running, std::min(1.0, (m - static_cast<double>(j)) * p_values[order[j]]));
    adjusted[order[j]] = running;
  }
  return adjusted;
}

}  // namespace crbench
