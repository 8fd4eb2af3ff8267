// Methods compared across the streams of a grid (Demsar 2006): every board in
// which the same set of methods ran is one data set; each method's mean AUC is
// ranked within a board, the average ranks are tested with Friedman's test
// (and Iman-Davenport's F), and Nemenyi's critical difference says which pairs
// differ. Written as ranking.md, ranking.csv and critical_difference.svg.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "bench/boards.hpp"
#include "bench/friedman.hpp"

namespace crbench {

struct CrossStreamRanking {
  bool valid = false;
  std::string why_not;                     // when !valid
  std::vector<std::string> boards;         // data sets used ("stream" or "stream label")
  std::vector<std::string> excluded;       // "board: reason"
  std::vector<std::string> methods;        // k method specs, by average rank (best first)
  std::vector<double> average_ranks;       // ascending, in `methods` order
  std::vector<std::vector<double>> ranks;  // [method][board]
  std::vector<std::vector<double>> auc;    // [method][board]: mean AUC over seeds
  FriedmanTest friedman;
  double alpha = 0.05;
  double nemenyi_q = 0.0;
  double critical_difference = 0.0;
  std::vector<std::pair<std::size_t, std::size_t>> groups;  // groups_within_cd over methods
  // Each method against the baseline (Demsar 2006, 3.2.2), Holm-corrected over
  // the k - 1 comparisons; NaN for the baseline itself or without one.
  std::string baseline;  // resolved spec ("" when not ranked)
  std::vector<double> z, p, p_holm;
};

// Boards with the same method set as the most boards (ties: the larger set, then
// the first seen); references (the oracle) and methods without a successful job
// are left out of the sets. Needs >= 2 boards and >= 2 methods.
CrossStreamRanking rank_across_boards(const std::vector<StreamResults>& streams,
                                      const std::string& baseline);

std::string ranking_markdown(const CrossStreamRanking& ranking);
std::string ranking_csv(const CrossStreamRanking& ranking);
std::string ranking_svg(const CrossStreamRanking& ranking);

}  // namespace crbench
