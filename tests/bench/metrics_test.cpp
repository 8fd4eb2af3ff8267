// Tests of the evaluation metrics: hand-computed cases (with ties), edge cases, input
// validation, and comparison with brute-force pairwise AUC on random data.
#include "bench/metrics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace crbench {
namespace {

using Floats = std::vector<float>;
using Groups = std::vector<std::int32_t>;

// O(n^2) reference: fraction of (positive, negative) pairs ranked correctly, ties 1/2.
double brute_force_auc(const Floats& labels, const Floats& scores) {
  double wins = 0.0;
  double pairs = 0.0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] != 1.0f) continue;
    for (std::size_t j = 0; j < labels.size(); ++j) {
      if (labels[j] != 0.0f) continue;
      pairs += 1.0;
      if (scores[i] > scores[j]) {
        wins += 1.0;
      } else if (scores[i] == scores[j]) {
        wins += 0.5;
      }
    }
  }
  return pairs > 0.0 ? wins / pairs : std::nan("");
}

// Reference GAUC built on brute_force_auc, one group at a time.
double brute_force_gauc(const Floats& labels, const Floats& scores, const Groups& groups) {
  std::map<std::int32_t, std::pair<Floats, Floats>> by_group;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    by_group[groups[i]].first.push_back(labels[i]);
    by_group[groups[i]].second.push_back(scores[i]);
  }
  double sum = 0.0;
  double weight = 0.0;
  for (const auto& [group, data] : by_group) {
    const double auc = brute_force_auc(data.first, data.second);
    if (std::isnan(auc)) continue;
    sum += static_cast<double>(data.first.size()) * auc;
    weight += static_cast<double>(data.first.size());
  }
  return weight > 0.0 ? sum / weight : std::nan("");
}

TEST(RocAuc, TiesCountHalf) {
  // Pairs (positive, negative): (0.5, 0.5) tie -> 1/2, (0.5, 0.1) -> 1, (0.9, 0.5) -> 1,
  // (0.9, 0.1) -> 1: 3.5 / 4.
  EXPECT_DOUBLE_EQ(roc_auc(Floats{1, 0, 1, 0}, Floats{0.5f, 0.5f, 0.9f, 0.1f}), 0.875);
}

TEST(RocAuc, TiesAcrossSeveralRuns) {
  // Positives 0.3, 0.3, 0.1; negatives 0.3, 0.1. Each 0.3 positive: 1/2 + 1 = 1.5;
  // the 0.1 positive: 0 + 1/2. Total 3.5 over 6 pairs.
  EXPECT_DOUBLE_EQ(roc_auc(Floats{1, 1, 0, 0, 1}, Floats{0.3f, 0.3f, 0.3f, 0.1f, 0.1f}), 3.5 / 6.0);
}

TEST(RocAuc, PerfectAndInvertedRanking) {
  const Floats labels{0, 0, 1, 1, 0, 1};
  EXPECT_DOUBLE_EQ(roc_auc(labels, Floats{0.1f, 0.2f, 0.8f, 0.9f, 0.3f, 0.7f}), 1.0);
  EXPECT_DOUBLE_EQ(roc_auc(labels, Floats{0.9f, 0.8f, 0.2f, 0.1f, 0.7f, 0.3f}), 0.0);
}

TEST(RocAuc, AllTiedIsHalf) {
  EXPECT_DOUBLE_EQ(roc_auc(Floats{1, 0, 0, 1, 0}, Floats{0.4f, 0.4f, 0.4f, 0.4f, 0.4f}), 0.5);
}

TEST(RocAuc, AcceptsLogitsAndTreatsSignedZerosAsTied) {
  EXPECT_DOUBLE_EQ(roc_auc(Floats{0, 1, 0, 1}, Floats{-3.0f, -1.0f, -2.0f, 5.0f}), 1.0);
  EXPECT_DOUBLE_EQ(roc_auc(Floats{1, 0}, Floats{-0.0f, 0.0f}), 0.5);
  EXPECT_DOUBLE_EQ(roc_auc(Floats{1, 0, 0}, Floats{0.0f, -0.0f, -1e-30f}), 0.75);
}

TEST(RocAuc, SingleClassOrEmptyIsNaN) {
  EXPECT_TRUE(std::isnan(roc_auc(Floats{1, 1, 1}, Floats{0.1f, 0.2f, 0.3f})));
  EXPECT_TRUE(std::isnan(roc_auc(Floats{0, 0}, Floats{0.1f, 0.2f})));
  EXPECT_TRUE(std::isnan(roc_auc(Floats{}, Floats{})));
}

TEST(RocAuc, MatchesBruteForceOnRandomData) {
  std::mt19937_64 rng(20240601);
  for (const std::size_t n : {1u, 2u, 3u, 10u, 57u, 200u, 1000u, 2500u}) {
    // levels: number of distinct score values (few levels -> many ties); 0 = continuous.
    for (const int levels : {0, 2, 5, 50}) {
      std::bernoulli_distribution label_dist(0.3);
      std::uniform_real_distribution<float> score_dist(-2.0f, 2.0f);
      std::uniform_int_distribution<int> level_dist(0, std::max(levels - 1, 0));
      Floats labels(n);
      Floats scores(n);
      for (std::size_t i = 0; i < n; ++i) {
        labels[i] = label_dist(rng) ? 1.0f : 0.0f;
        scores[i] = levels == 0 ? score_dist(rng) : static_cast<float>(level_dist(rng)) * 0.25f;
      }
      const double expected = brute_force_auc(labels, scores);
      const double actual = roc_auc(labels, scores);
      if (std::isnan(expected)) {
        EXPECT_TRUE(std::isnan(actual)) << "n=" << n << " levels=" << levels;
      } else {
        EXPECT_NEAR(actual, expected, 1e-12) << "n=" << n << " levels=" << levels;
      }
    }
  }
}

TEST(MeanLogLoss, HandValues) {
  // (-ln 0.8 - ln(1 - 0.4)) / 2
  EXPECT_NEAR(mean_log_loss(Floats{1, 0}, Floats{0.8f, 0.4f}),
              (-std::log(0.8) - std::log(0.6)) / 2.0, 1e-7);
  EXPECT_NEAR(mean_log_loss(Floats{1, 1, 0, 0}, Floats{0.5f, 0.5f, 0.5f, 0.5f}), std::log(2.0),
              1e-12);
}

TEST(MeanLogLoss, ClipsToOneMinusEpsilon) {
  const double max_loss = -std::log(1e-7);  // ~16.118
  EXPECT_NEAR(mean_log_loss(Floats{1}, Floats{0.0f}), max_loss, 1e-6);
  EXPECT_NEAR(mean_log_loss(Floats{0}, Floats{1.0f}), max_loss, 1e-6);
  EXPECT_NEAR(mean_log_loss(Floats{1}, Floats{1.0f}), 1e-7, 1e-12);
  // Scores outside [0, 1] are clipped too.
  EXPECT_NEAR(mean_log_loss(Floats{1, 0}, Floats{-3.0f, 2.0f}), max_loss, 1e-6);
  EXPECT_NEAR(mean_log_loss(Floats{0, 1}, Floats{-3.0f, 2.0f}), 1e-7, 1e-12);
}

TEST(MeanLogLoss, EmptyIsNaN) { EXPECT_TRUE(std::isnan(mean_log_loss(Floats{}, Floats{}))); }

TEST(GroupAuc, HandCaseWithExcludedGroupsAndWeights) {
  // Group 7 (3 samples): positive 0.9 vs negatives 0.2 (win), 0.95 (loss) -> AUC 0.5.
  // Group 3 (4 samples): the ties case above -> AUC 0.875.
  // Group -2 (positives only) and group 5 (one negative) are excluded.
  // GAUC = (3 * 0.5 + 4 * 0.875) / (3 + 4) = 5 / 7.
  const Groups groups{3, 7, -2, 3, 7, 5, 3, -2, 7, 3};
  const Floats labels{1, 1, 1, 0, 0, 0, 1, 1, 0, 0};
  const Floats scores{0.5f, 0.9f, 0.1f, 0.5f, 0.2f, 0.3f, 0.9f, 0.2f, 0.95f, 0.1f};
  EXPECT_DOUBLE_EQ(group_auc(labels, scores, groups), 5.0 / 7.0);
}

TEST(GroupAuc, SameScoreInDifferentGroupsIsNotATie) {
  // Group 1: positive 0.5 vs negative 0.4 -> 1. Group 2: positive 0.4 vs negative 0.5 -> 0.
  EXPECT_DOUBLE_EQ(
      group_auc(Floats{1, 0, 1, 0}, Floats{0.5f, 0.4f, 0.4f, 0.5f}, Groups{1, 1, 2, 2}), 0.5);
}

TEST(GroupAuc, GroupIdsSpanningTheWholeInt32Range) {
  // Ids 2^31 or more apart take a different key layout; same hand case as above.
  constexpr std::int32_t kMin = std::numeric_limits<std::int32_t>::min();
  constexpr std::int32_t kMax = std::numeric_limits<std::int32_t>::max();
  const Groups groups{kMax, kMin, 0, kMax, kMin, 5, kMax, 0, kMin, kMax};
  const Floats labels{1, 1, 1, 0, 0, 0, 1, 1, 0, 0};
  const Floats scores{0.5f, 0.9f, 0.1f, 0.5f, 0.2f, 0.3f, 0.9f, 0.2f, 0.95f, 0.1f};
  EXPECT_DOUBLE_EQ(group_auc(labels, scores, groups), 5.0 / 7.0);
  // Just under the limit: kMin and kMin + 2^31 - 1 still use the packed layout.
  EXPECT_DOUBLE_EQ(
      group_auc(Floats{1, 0, 1, 0}, Floats{0.5f, 0.4f, 0.4f, 0.5f}, Groups{kMin, kMin, -1, -1}),
      0.5);
}

TEST(GroupAuc, OneGroupEqualsGlobalAuc) {
  const Floats labels{1, 0, 1, 0, 0};
  const Floats scores{0.5f, 0.5f, 0.9f, 0.1f, 0.7f};
  EXPECT_DOUBLE_EQ(group_auc(labels, scores, Groups(5, 42)), roc_auc(labels, scores));
}

TEST(GroupAuc, NoQualifyingGroupIsNaN) {
  EXPECT_TRUE(std::isnan(group_auc(Floats{1, 0, 1}, Floats{0.1f, 0.2f, 0.3f}, Groups{1, 2, 3})));
  EXPECT_TRUE(std::isnan(group_auc(Floats{}, Floats{}, Groups{})));
}

TEST(GroupAuc, MatchesBruteForceOnRandomData) {
  std::mt19937_64 rng(7);
  for (const std::size_t n : {1u, 5u, 40u, 300u, 2000u}) {
    // num_groups 0: four ids 1e9 apart, spanning more than 2^31 (the wide key layout).
    for (const int num_groups : {0, 1, 3, 50}) {
      std::bernoulli_distribution label_dist(0.4);
      std::uniform_int_distribution<int> level_dist(0, 6);  // many ties
      std::uniform_int_distribution<std::int32_t> group_dist(-num_groups, num_groups);
      std::uniform_int_distribution<std::int32_t> wide_dist(0, 3);
      Floats labels(n);
      Floats scores(n);
      Groups groups(n);
      for (std::size_t i = 0; i < n; ++i) {
        labels[i] = label_dist(rng) ? 1.0f : 0.0f;
        scores[i] = static_cast<float>(level_dist(rng)) / 6.0f;
        groups[i] = num_groups > 0 ? group_dist(rng) : (wide_dist(rng) - 2) * 1'000'000'000;
      }
      const double expected = brute_force_gauc(labels, scores, groups);
      const double actual = group_auc(labels, scores, groups);
      if (std::isnan(expected)) {
        EXPECT_TRUE(std::isnan(actual)) << "n=" << n << " groups=" << num_groups;
      } else {
        EXPECT_NEAR(actual, expected, 1e-12) << "n=" << n << " groups=" << num_groups;
      }
    }
  }
}

TEST(EvaluatePeriod, CombinesAllMetrics) {
  const Floats labels{1, 0, 1, 0};
  const Floats scores{0.5f, 0.5f, 0.9f, 0.1f};
  const Groups groups{1, 1, 2, 2};
  const PeriodMetrics metrics = evaluate_period(labels, scores, groups);
  EXPECT_DOUBLE_EQ(metrics.auc, 0.875);
  // Group 1: tie -> 0.5; group 2: 0.9 vs 0.1 -> 1. Equal weights.
  EXPECT_DOUBLE_EQ(metrics.gauc, 0.75);
  EXPECT_NEAR(metrics.log_loss,
              (-std::log(0.5) - std::log(0.5) - std::log(0.9) - std::log(0.9)) / 4.0, 1e-7);
  EXPECT_EQ(metrics.samples, 4u);
  EXPECT_DOUBLE_EQ(metrics.positive_rate, 0.5);
}

TEST(EvaluatePeriod, EmptyPeriod) {
  const PeriodMetrics metrics = evaluate_period(Floats{}, Floats{}, Groups{});
  EXPECT_EQ(metrics.samples, 0u);
  EXPECT_TRUE(std::isnan(metrics.auc));
  EXPECT_TRUE(std::isnan(metrics.gauc));
  EXPECT_TRUE(std::isnan(metrics.log_loss));
  EXPECT_TRUE(std::isnan(metrics.positive_rate));
}

TEST(MetricsValidation, MismatchedLengthsThrow) {
  EXPECT_THROW(roc_auc(Floats{1, 0}, Floats{0.5f}), std::invalid_argument);
  EXPECT_THROW(mean_log_loss(Floats{1}, Floats{0.5f, 0.2f}), std::invalid_argument);
  EXPECT_THROW(group_auc(Floats{1, 0}, Floats{0.5f}, Groups{1, 1}), std::invalid_argument);
  EXPECT_THROW(group_auc(Floats{1, 0}, Floats{0.5f, 0.2f}, Groups{1}), std::invalid_argument);
  EXPECT_THROW(evaluate_period(Floats{1, 0}, Floats{0.5f, 0.2f}, Groups{}), std::invalid_argument);
}

TEST(MetricsValidation, NonFiniteScoreThrows) {
  const float nan = std::nanf("");
  const float inf = INFINITY;
  EXPECT_THROW(roc_auc(Floats{1, 0}, Floats{0.5f, nan}), std::invalid_argument);
  EXPECT_THROW(roc_auc(Floats{1, 0}, Floats{inf, 0.5f}), std::invalid_argument);
  EXPECT_THROW(mean_log_loss(Floats{1, 0}, Floats{-inf, 0.5f}), std::invalid_argument);
  EXPECT_THROW(group_auc(Floats{1, 0}, Floats{0.5f, nan}, Groups{1, 1}), std::invalid_argument);
}

TEST(MetricsValidation, NonBinaryLabelThrows) {
  EXPECT_THROW(roc_auc(Floats{1, 0.5f}, Floats{0.5f, 0.2f}), std::invalid_argument);
  EXPECT_THROW(mean_log_loss(Floats{2}, Floats{0.5f}), std::invalid_argument);
  EXPECT_THROW(group_auc(Floats{-1, 0}, Floats{0.5f, 0.2f}, Groups{1, 1}), std::invalid_argument);
}

TEST(MetricsValidation, MessageNamesTheProblem) {
  try {
    roc_auc(Floats{1, 0, 1}, Floats{0.5f, 0.2f});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "roc_auc: labels has 3 elements but scores has 2");
  }
  try {
    roc_auc(Floats{1, 0}, Floats{0.5f, std::nanf("")});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("score at index 1 is not finite"), std::string::npos);
  }
}

}  // namespace
}  // namespace crbench
