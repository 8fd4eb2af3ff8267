// Tie-aware Recall@K, NDCG@K, HR@K and MRR of one user (ranking_metrics.hpp).
// One pass over the candidates counts, for each distinct score of a positive, the
// candidates strictly above it and those tied with it; the metrics follow from
// those tie groups alone, without sorting the candidates.
#include "bench/ranking_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

namespace crbench {

namespace {

struct TieGroup {
  float score = 0.0f;
  std::size_t above = 0;      // candidates scored strictly higher: the group starts at rank above+1
  std::size_t size = 0;       // candidates with this score (m)
  std::size_t positives = 0;  // positives among them (h)
};

double discount(std::size_t rank) { return 1.0 / std::log2(static_cast<double>(rank) + 1.0); }

}  // namespace

UserRankingMetrics rank_user(std::span<const float> scores, std::span<const CandidateRole> roles,
                             std::span<const int> cutoffs) {
  if (scores.size() != roles.size())
    throw std::invalid_argument("rank_user: " + std::to_string(scores.size()) + " scores but " +
                                std::to_string(roles.size()) + " roles");
  for (const int k : cutoffs)
    if (k < 1) throw std::invalid_argument("rank_user: cutoff " + std::to_string(k) + " below 1");
  // The distinct scores of the positives, highest first, with their counts.
  std::vector<TieGroup> groups;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (roles[i] == CandidateRole::kExcluded) continue;
    if (!std::isfinite(scores[i]))
      throw std::invalid_argument("rank_user: score " + std::to_string(scores[i]) +
                                  " of candidate " + std::to_string(i) + " is not finite");
    if (roles[i] == CandidateRole::kPositive) groups.push_back({scores[i], 0, 0, 1});
  }
  if (groups.empty()) throw std::invalid_argument("rank_user: the user has no positive candidate");
  std::sort(groups.begin(), groups.end(),
            [](const TieGroup& a, const TieGroup& b) { return a.score > b.score; });
  std::size_t distinct = 0;
  for (std::size_t j = 0; j < groups.size(); ++j) {
    if (distinct > 0 && groups[distinct - 1].score == groups[j].score) {
      ++groups[distinct - 1].positives;
    } else {
      groups[distinct++] = groups[j];
    }
  }
  groups.resize(distinct);
  const std::size_t total_positives = [&] {
    std::size_t n = 0;
    for (const TieGroup& g : groups) n += g.positives;
    return n;
  }();

  // A candidate scored s is above every group whose score is below s: those are
  // the groups from index #(group scores >= s) on (a difference array), and it
  // ties with the group just before that index when its score is s.
  std::vector<std::size_t> starts_above(groups.size() + 1, 0);
  const float highest = groups.front().score, lowest = groups.back().score;
  // The group scores alone, contiguous: a user has few distinct positive
  // scores, and counting those >= s without branches beats a binary search,
  // whose branches a model's scores make unpredictable.
  std::vector<float> group_scores;
  for (const TieGroup& g : groups) group_scores.push_back(g.score);
  constexpr std::size_t kLinearCount = 32;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (roles[i] == CandidateRole::kExcluded) continue;
    const float s = scores[i];
    // Most candidates are below every group (they count for none) or above
    // every group: no search for them.
    if (s < lowest) continue;
    if (s > highest) {
      ++starts_above[0];
      continue;
    }
    std::size_t at_least = 0;
    if (group_scores.size() <= kLinearCount) {
      for (const float g : group_scores) at_least += g >= s ? 1 : 0;
    } else {
      at_least =
          static_cast<std::size_t>(std::partition_point(group_scores.begin(), group_scores.end(),
                                                        [s](float g) { return g >= s; }) -
                                   group_scores.begin());
    }
    ++starts_above[at_least];
    if (at_least > 0 && groups[at_least - 1].score == s) ++groups[at_least - 1].size;
  }
  std::size_t running = 0;
  for (std::size_t j = 0; j < groups.size(); ++j) {
    running += starts_above[j];
    groups[j].above = running;
  }

  UserRankingMetrics out;
  for (const int cutoff : cutoffs) {
    const auto k = static_cast<std::size_t>(cutoff);
    CutoffMetrics c;
    double hits = 0.0, dcg = 0.0;
    for (const TieGroup& g : groups) {
      if (g.above >= k) break;
      const double share = static_cast<double>(g.positives) / static_cast<double>(g.size);
      const std::size_t last = std::min(g.above + g.size, k);
      hits += share * static_cast<double>(last - g.above);
      for (std::size_t r = g.above + 1; r <= last; ++r) dcg += share * discount(r);
    }
    double ideal = 0.0;
    for (std::size_t r = 1; r <= std::min(k, total_positives); ++r) ideal += discount(r);
    c.recall = hits / static_cast<double>(total_positives);
    c.ndcg = dcg / ideal;
    // Only the first group can reach into the top K (the others start below it).
    const TieGroup& first = groups.front();
    if (first.above + first.size <= k) {
      c.hit_rate = 1.0;
    } else if (first.above < k) {
      // P(none of the c positions inside the top K holds a positive) = C(m-h, c) / C(m, c).
      const std::size_t inside = k - first.above;
      double none = 1.0;
      for (std::size_t i = 0; i < inside && none > 0.0; ++i)
        none *= first.size - first.positives >= i + 1
                    ? static_cast<double>(first.size - first.positives - i) /
                          static_cast<double>(first.size - i)
                    : 0.0;
      c.hit_rate = 1.0 - none;
    }
    out.at.push_back(c);
  }
  // The first positive of the first group is at rank above+i with probability
  // p_i = C(m-i, h-1) / C(m, h): p_1 = h/m, p_{i+1} = p_i (m-i-h+1) / (m-i).
  const TieGroup& first = groups.front();
  const auto m = static_cast<double>(first.size), h = static_cast<double>(first.positives);
  double p = h / m;
  for (std::size_t i = 1; i + first.positives <= first.size + 1 && p > 0.0; ++i) {
    out.mrr += p / static_cast<double>(first.above + i);
    const auto di = static_cast<double>(i);
    p *= (m - di - h + 1.0) / (m - di);
  }
  return out;
}

}  // namespace crbench
