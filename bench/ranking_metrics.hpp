// Top-K ranking metrics of one user's ranked candidates (docs/protocol.md,
// "Ranking evaluation"): Recall@K, NDCG@K and HR@K as RecBole defines them, and
// MRR over the whole ranking, with tied scores handled by their expectation
// over a uniformly random order of the tied items (McSherry & Najork 2008).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace crbench {

// What each candidate of a user's ranking is.
enum class CandidateRole : std::uint8_t {
  kNegative = 0,  // a candidate the user did not interact with in the test period
  kPositive = 1,  // a candidate that is one of the user's test-period positives
  kExcluded = 2,  // not a candidate (an item the user interacted with before)
};

struct CutoffMetrics {
  double recall = 0.0;    // E[hits in the top K] / |positives|
  double ndcg = 0.0;      // E[DCG@K] / IDCG@K, IDCG over min(K, |positives|) positions
  double hit_rate = 0.0;  // P(at least one positive in the top K)
};

struct UserRankingMetrics {
  std::vector<CutoffMetrics> at;  // one per cutoff, in the order given
  double mrr = 0.0;               // E[1 / rank of the highest-ranked positive]
};

// The metrics of one user: candidates are the items whose role is not
// kExcluded, ranked by score, highest first (rank 1). Items with equal scores
// share their positions: each metric is its mean over every order of the tied
// items (which positions of a tie group hold its h positives among its m items
// is uniform), computed in closed form: a group at ranks a+1..a+m adds h/m per
// position to the hits and the DCG, the chance that none of the c = K - a of its
// positions inside the top K holds a positive is C(m-h, c) / C(m, c), and the
// first positive of the first group is at a+i with probability
// C(m-i, h-1) / C(m, h). Throws std::invalid_argument for mismatched sizes, no
// positive, a score that is not finite, or a cutoff below 1.
UserRankingMetrics rank_user(std::span<const float> scores, std::span<const CandidateRole> roles,
                             std::span<const int> cutoffs);

}  // namespace crbench
