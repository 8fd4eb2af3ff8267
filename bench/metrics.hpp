// Evaluation metrics for one period of predictions: global ROC-AUC, mean log loss
// and group (per-user) AUC, all O(n log n).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace crbench {

// Inputs: labels are 0 or 1; scores are finite (for the log loss, probabilities of
// label 1). All functions throw std::invalid_argument when the spans differ in
// length, a score is NaN or infinite, or a label is neither 0 nor 1.

// ROC-AUC: the probability that a random positive scores higher than a random
// negative, ties counted 1/2 (Mann-Whitney U with mid-ranks). NaN when either class
// is absent (including empty input).
double roc_auc(std::span<const float> labels, std::span<const float> scores);

// Mean binary cross-entropy (natural log) with each score clipped to
// [1e-7, 1 - 1e-7] first, so that a confident wrong prediction costs at most
// -log(1e-7) ~= 16.1 instead of infinity. NaN for empty input.
double mean_log_loss(std::span<const float> labels, std::span<const float> scores);

// GAUC: roc_auc() within each group (user), averaged over the groups that have both
// labels, each weighted by its number of samples. NaN when no group has both labels.
double group_auc(std::span<const float> labels, std::span<const float> scores,
                 std::span<const std::int32_t> groups);

struct PeriodMetrics {
  double auc = 0.0;
  double log_loss = 0.0;
  double gauc = 0.0;
  std::size_t samples = 0;
  double positive_rate = 0.0;  // fraction of labels equal to 1; NaN when empty
};

// All metrics of one period's predictions (groups: one id per sample, e.g. user).
PeriodMetrics evaluate_period(std::span<const float> labels, std::span<const float> scores,
                              std::span<const std::int32_t> groups);

}  // namespace crbench
