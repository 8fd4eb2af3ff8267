// Recall@K, NDCG@K, HR@K and MRR of one user's ranking, by hand on small
// rankings with and without ties, and the tie rule (expectation over a uniformly
// random order of tied items) against a brute-force average over every order.
#include "bench/ranking_metrics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

namespace crbench {
namespace {

using R = CandidateRole;
constexpr R kNeg = R::kNegative, kPos = R::kPositive, kExc = R::kExcluded;

double lg(double x) { return std::log2(x); }

TEST(RankingMetrics, DistinctScoresByHand) {
  // Candidates by score: 0.9 neg (rank 1), 0.8 pos (2), 0.7 neg (3), 0.6 pos (4),
  // 0.5 neg (5). The excluded item scores highest but is not a candidate.
  const std::vector<float> scores = {0.9f, 0.8f, 0.95f, 0.7f, 0.6f, 0.5f};
  const std::vector<R> roles = {kNeg, kPos, kExc, kNeg, kPos, kNeg};
  const std::vector<int> cutoffs = {1, 3, 5};
  const UserRankingMetrics m = rank_user(scores, roles, cutoffs);
  ASSERT_EQ(m.at.size(), 3u);
  // K = 1: rank 1 is a negative.
  EXPECT_EQ(m.at[0].recall, 0.0);
  EXPECT_EQ(m.at[0].ndcg, 0.0);
  EXPECT_EQ(m.at[0].hit_rate, 0.0);
  // K = 3: one hit at rank 2 of 2 positives. DCG = 1/log2(3); IDCG over
  // min(3, 2) = 2 positions = 1 + 1/log2(3) = 1.6309298.
  EXPECT_DOUBLE_EQ(m.at[1].recall, 0.5);
  EXPECT_NEAR(m.at[1].ndcg, 0.6309298 / 1.6309298, 1e-7);
  EXPECT_EQ(m.at[1].hit_rate, 1.0);
  // K = 5: both hits, ranks 2 and 4: DCG = 0.6309298 + 1/log2(5) = 1.0616064.
  EXPECT_DOUBLE_EQ(m.at[2].recall, 1.0);
  EXPECT_NEAR(m.at[2].ndcg, 1.0616064 / 1.6309298, 1e-7);
  EXPECT_EQ(m.at[2].hit_rate, 1.0);
  EXPECT_DOUBLE_EQ(m.mrr, 0.5);
}

TEST(RankingMetrics, TiesCountByTheirExpectationByHand) {
  // 0.9 neg at rank 1; a tie of three at 0.5 (one positive) over ranks 2..4;
  // 0.1 pos at rank 5. The tie's positive is at rank 2, 3 or 4 with 1/3 each.
  const std::vector<float> scores = {0.5f, 0.9f, 0.5f, 0.1f, 0.5f};
  const std::vector<R> roles = {kPos, kNeg, kNeg, kPos, kNeg};
  const std::vector<int> cutoffs = {2, 5};
  const UserRankingMetrics m = rank_user(scores, roles, cutoffs);
  const double idcg2 = 1.0 + 1.0 / lg(3);
  // K = 2: expected hits 1/3 (rank 2 holds the positive with 1/3): recall (1/3)/2.
  EXPECT_NEAR(m.at[0].recall, 1.0 / 6.0, 1e-12);
  EXPECT_NEAR(m.at[0].ndcg, (1.0 / 3.0) / lg(3) / idcg2, 1e-12);
  // P(hit in the top 2) = 1 - C(2,1)/C(3,1) = 1/3.
  EXPECT_NEAR(m.at[0].hit_rate, 1.0 / 3.0, 1e-12);
  // K = 5: both positives inside; DCG = (1/3)(1/log2 3 + 1/log2 4 + 1/log2 5) + 1/log2 6.
  EXPECT_NEAR(m.at[1].recall, 1.0, 1e-12);
  const double dcg5 = (1.0 / lg(3) + 1.0 / lg(4) + 1.0 / lg(5)) / 3.0 + 1.0 / lg(6);
  EXPECT_NEAR(m.at[1].ndcg, dcg5 / idcg2, 1e-12);
  EXPECT_EQ(m.at[1].hit_rate, 1.0);
  // MRR = (1/2 + 1/3 + 1/4) / 3 = 13/36.
  EXPECT_NEAR(m.mrr, 13.0 / 36.0, 1e-12);
}

TEST(RankingMetrics, AllCandidatesTiedIsTheRandomRanking) {
  // Constant scores: n = 10 candidates, 2 positives. E[hits@5] = 5 * 2/10 = 1,
  // recall 1/2; HR@5 = 1 - C(8,5)/C(10,5) = 1 - 56/252; MRR = sum_i P(first at i)/i
  // with P(first at i) = C(10-i, 1)/C(10, 2) = (10-i)/45.
  const std::vector<float> scores(10, 0.3f);
  std::vector<R> roles(10, kNeg);
  roles[3] = roles[7] = kPos;
  const std::vector<int> cutoffs = {5};
  const UserRankingMetrics m = rank_user(scores, roles, cutoffs);
  EXPECT_NEAR(m.at[0].recall, 0.5, 1e-12);
  EXPECT_NEAR(m.at[0].hit_rate, 1.0 - 56.0 / 252.0, 1e-12);
  double mrr = 0.0;
  for (int i = 1; i <= 9; ++i) mrr += (10.0 - i) / 45.0 / i;
  EXPECT_NEAR(m.mrr, mrr, 1e-12);
}

// The metrics of one fixed order (no ties left): ranks 1.. in `order`.
UserRankingMetrics ordered_metrics(const std::vector<std::size_t>& order,
                                   const std::vector<R>& roles, const std::vector<int>& cutoffs) {
  std::size_t positives = 0;
  for (const R r : roles) positives += r == kPos;
  UserRankingMetrics m;
  for (const int k : cutoffs) {
    CutoffMetrics c;
    double hits = 0, dcg = 0, idcg = 0;
    for (std::size_t rank = 1; rank <= order.size() && rank <= static_cast<std::size_t>(k); ++rank)
      if (roles[order[rank - 1]] == kPos) hits += 1, dcg += 1.0 / lg(rank + 1.0);
    for (std::size_t r = 1; r <= std::min<std::size_t>(k, positives); ++r)
      idcg += 1.0 / lg(r + 1.0);
    c.recall = hits / static_cast<double>(positives);
    c.ndcg = dcg / idcg;
    c.hit_rate = hits > 0 ? 1.0 : 0.0;
    m.at.push_back(c);
  }
  for (std::size_t rank = 1; rank <= order.size(); ++rank)
    if (roles[order[rank - 1]] == kPos) {
      m.mrr = 1.0 / static_cast<double>(rank);
      break;
    }
  return m;
}

TEST(RankingMetrics, TieRuleEqualsTheAverageOverEveryOrderOfTheTies) {
  // Random small users with heavy ties (scores from {0.1, 0.2, 0.3}): the mean of
  // every metric over all n! orders of the candidates that keep the scores
  // sorted (each order of each tie group equally often) must equal rank_user.
  std::mt19937_64 rng(7);
  const std::vector<int> cutoffs = {1, 2, 3, 5};
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = 2 + rng() % 6;  // 2..7 items
    std::vector<float> scores(n);
    std::vector<R> roles(n);
    bool any_positive = false;
    for (std::size_t i = 0; i < n; ++i) {
      scores[i] = 0.1f * static_cast<float>(1 + rng() % 3);
      const auto r = rng() % 5;
      roles[i] = r == 0 ? kExc : r <= 2 ? kPos : kNeg;
      any_positive = any_positive || roles[i] == kPos;
    }
    if (!any_positive) roles[0] = kPos;
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < n; ++i)
      if (roles[i] != kExc) candidates.push_back(i);
    std::sort(candidates.begin(), candidates.end());
    UserRankingMetrics mean;
    mean.at.resize(cutoffs.size());
    std::size_t orders = 0;
    do {
      // Keep only the permutations that rank by score, highest first.
      bool sorted = true;
      for (std::size_t k = 1; k < candidates.size(); ++k)
        sorted = sorted && scores[candidates[k - 1]] >= scores[candidates[k]];
      if (!sorted) continue;
      const UserRankingMetrics m = ordered_metrics(candidates, roles, cutoffs);
      for (std::size_t c = 0; c < cutoffs.size(); ++c) {
        mean.at[c].recall += m.at[c].recall;
        mean.at[c].ndcg += m.at[c].ndcg;
        mean.at[c].hit_rate += m.at[c].hit_rate;
      }
      mean.mrr += m.mrr;
      ++orders;
    } while (std::next_permutation(candidates.begin(), candidates.end()));
    ASSERT_GT(orders, 0u);
    const UserRankingMetrics got = rank_user(scores, roles, cutoffs);
    for (std::size_t c = 0; c < cutoffs.size(); ++c) {
      EXPECT_NEAR(got.at[c].recall, mean.at[c].recall / orders, 1e-12) << trial;
      EXPECT_NEAR(got.at[c].ndcg, mean.at[c].ndcg / orders, 1e-12) << trial;
      EXPECT_NEAR(got.at[c].hit_rate, mean.at[c].hit_rate / orders, 1e-12) << trial;
    }
    EXPECT_NEAR(got.mrr, mean.mrr / orders, 1e-12) << trial;
  }
}

TEST(RankingMetrics, RejectsWhatCannotBeRanked) {
  const std::vector<int> k = {5};
  // No positive candidate (an excluded positive does not count).
  EXPECT_THROW(rank_user(std::vector<float>{0.1f, 0.2f}, std::vector<R>{kNeg, kExc}, k),
               std::invalid_argument);
  // A NaN among the candidates; a NaN on an excluded item is never read.
  EXPECT_THROW(rank_user(std::vector<float>{NAN, 0.2f}, std::vector<R>{kNeg, kPos}, k),
               std::invalid_argument);
  EXPECT_NO_THROW(rank_user(std::vector<float>{NAN, 0.2f}, std::vector<R>{kExc, kPos}, k));
  EXPECT_THROW(rank_user(std::vector<float>{0.2f}, std::vector<R>{kPos, kNeg}, k),
               std::invalid_argument);
  EXPECT_THROW(rank_user(std::vector<float>{0.2f}, std::vector<R>{kPos}, std::vector<int>{0}),
               std::invalid_argument);
}

}  // namespace
}  // namespace crbench
