// The critical-difference diagram (Demsar 2006, figure 1) as standalone SVG with
// real text: methods placed on an axis of average ranks (1 = best, on the left),
// the best half labelled on the left and the rest on the right, a bar of length
// CD, and thick bars joining methods whose average ranks differ by less than CD.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace crbench {

struct CdDiagram {
  std::vector<std::string> methods;   // labels, sorted by average rank ascending
  std::vector<double> average_ranks;  // ascending
  double critical_difference = 0.0;
  std::vector<std::pair<std::size_t, std::size_t>> groups;  // index runs (groups_within_cd)
  std::vector<std::string> caption;  // lines under the title (data sets, tests)
};

std::string critical_difference_svg(const CdDiagram& diagram);

}  // namespace crbench
