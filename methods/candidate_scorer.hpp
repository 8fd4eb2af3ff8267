// Scoring one user against many items with the user's features at a given time:
// what full-ranking evaluation needs (bench/ranking_eval.hpp). A serving model
// (Scorer) prepares a CandidateScorer for a fixed list of items once per period;
// the protocol then asks it for one user at a time, from several threads.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "datasets/stream.hpp"
#include "datasets/stream_view.hpp"

namespace crbench {

class Scorer;

// A user's features at one moment, as a sample of theirs at that moment would
// carry them: the most recent positives (oldest first, at most the stream's
// max_history) and the number of all their positives so far (APG's activity
// condition counts them without the history cap).
struct UserState {
  std::int32_t user = 0;
  std::span<const std::int32_t> history;
  std::int64_t positives_before = 0;  // >= history.size()
};

class CandidateScorer {
 public:
  explicit CandidateScorer(std::vector<std::int32_t> items) : items_(std::move(items)) {}
  virtual ~CandidateScorer() = default;
  // The items every call scores, in this order (dense ids).
  std::span<const std::int32_t> items() const { return items_; }
  // out[k] = the served score of (state.user, items()[k]) with the user's features
  // `state`; out.size() == items().size(). Safe to call from several threads at
  // once, and each call's result depends only on its arguments.
  virtual void score(const UserState& state, std::span<float> out) const = 0;

 private:
  std::vector<std::int32_t> items_;
};

// The generic way, for any Scorer: rows of a small synthetic stream (the user,
// each item, the history; the real stream's item categories) scored by
// scorer.score(). Exactly the scores a logged sample with those features would
// get. `scorer` must outlive the result (what it needs of `stream` is copied).
std::unique_ptr<CandidateScorer> row_candidate_scorer(const Scorer& scorer,
                                                      const FeatureView& stream,
                                                      std::vector<std::int32_t> items);

}  // namespace crbench
