// Two results files compared (`crbench compare A.csv B.csv`): board by board
// (boards matched by their whole setting, bench/boards.hpp), method by method,
// what moved: mean AUC, log loss and update time, over the seeds both files ran,
// with a paired test over the recorded periods of whether the AUC moved. Boards
// of one stream whose settings differ are not compared unless asked, and then
// with the differences named.
#pragma once

#include <string>
#include <vector>

#include "bench/boards.hpp"
#include "bench/paired_test.hpp"
#include "bench/table.hpp"

namespace crbench {

struct MethodMove {
  std::string method;
  bool in_a = false, in_b = false;
  std::size_t seeds = 0;  // successful seeds both files ran (the means are over them)
  double auc_a = NAN, auc_b = NAN;
  double log_loss_a = NAN, log_loss_b = NAN;
  double update_a = NAN, update_b = NAN;  // mean seconds per recorded period
  // Every common (seed, scored period) has the same AUC and log loss in both.
  bool identical = false;
  // Per recorded period, B's seed-averaged AUC minus A's: Wilcoxon signed-rank
  // (n = periods) and Holm over the methods of the board.
  SignedRankTest periods;
  double holm = NAN;
};

struct BoardComparison {
  std::string stream;
  std::string label;                // the board's label in A ("" when alone)
  std::string setting;              // A's setting
  std::string setting_note;         // how B's setting differs, when paired across settings
  std::vector<MethodMove> methods;  // A's methods by its AUC rank, then B's new ones
};

struct ResultsComparison {
  std::vector<BoardComparison> boards;
  std::vector<std::string> notes;  // streams or boards in one file only, seeds that differ
  // Boards of a stream in both files whose settings differ: "stream: update.batch=256 in A,
  // update.batch=1024 in B". compare_results refuses them unless allowed.
  std::vector<std::string> setting_differences;
};

// Throws UsageError listing the setting differences when there are any and
// `allow_different_settings` is false; with it, such boards are paired (one
// left in each file for a stream, or the same label) and labelled.
ResultsComparison compare_results(const std::vector<StreamResults>& a,
                                  const std::vector<StreamResults>& b,
                                  bool allow_different_settings);

std::string comparison_markdown(const ResultsComparison& c, const std::string& name_a,
                                const std::string& name_b);
Table comparison_table(const ResultsComparison& c);

}  // namespace crbench
