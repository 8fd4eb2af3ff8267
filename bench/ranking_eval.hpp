// Full-ranking evaluation of a served model on one test period (docs/protocol.md,
// "Ranking evaluation"): every user with a positive in the period ranks all the
// items known at the start of the period, minus those the user interacted with
// before it, with the features the user had at its start; Recall@K, NDCG@K, HR@K
// and MRR against the period's positives (bench/ranking_metrics.hpp), averaged
// over users. Uses only what is known at the start of the period, plus the
// period's positives as the answer key.
#pragma once

#include <cmath>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "methods/base_model.hpp"

namespace crbench {

struct RankingSettings {
  std::vector<int> cutoffs;  // K values, ascending and distinct; empty: no ranking evaluation
  // Evaluate at most this many users per period, drawn without replacement with a
  // seed of the period alone (the same users for every job); 0: every user.
  int max_users = 0;
};

// The metric names in their display order: recall@K for each K, ndcg@K, hr@K, then mrr.
std::vector<std::string> ranking_metric_names(const std::vector<int>& cutoffs);

struct RankingResult {
  // (name, mean over the evaluated users) in ranking_metric_names order; empty
  // when the period was not evaluated. NaN when no user could be evaluated.
  std::vector<std::pair<std::string, double>> metrics;
  std::size_t users = 0;           // users evaluated
  std::size_t eligible_users = 0;  // users with a positive among their candidates (before sampling)
  std::size_t positives = 0;       // candidate positives of the evaluated users
  // Positives of the period (over all its users) that no ranking can reach: on
  // items first seen in the period, or on items the user interacted with before.
  std::size_t new_item_positives = 0;
  std::size_t repeat_positives = 0;
  std::size_t candidates = 0;  // items known at the start of the period
  double seconds = 0.0;        // wall time of the evaluation

  bool evaluated() const { return !metrics.empty(); }
  // The metric `name`, NaN when absent.
  double value(const std::string& name) const;
};

// Evaluates `scorer` on test period `test_period` (0-based) of `stream`. Scores
// users in parallel (methods/parallel.hpp); each user's metrics depend only on
// the user, and the mean is taken in user order, so the result does not depend
// on the number of threads. Throws DivergedError for a score that is not a
// finite probability in [0, 1].
RankingResult evaluate_ranking(const Scorer& scorer, const Stream& stream, int test_period,
                               const RankingSettings& settings);

}  // namespace crbench
