// The generic candidate scorer: synthetic stream rows scored by Scorer::score().
#include "methods/candidate_scorer.hpp"

#include <algorithm>
#include <limits>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>

#include "methods/base_model.hpp"

namespace crbench {
namespace {

// Each call fills one synthetic stream: row k is (user, items[k]) with the
// user's history. Streams are kept in a pool, one per concurrent call, so that
// the item categories are copied once per thread rather than once per user.
class RowCandidateScorer final : public CandidateScorer {
 public:
  RowCandidateScorer(const Scorer& scorer, const FeatureView& stream,
                     std::vector<std::int32_t> items)
      : CandidateScorer(std::move(items)), scorer_(scorer) {
    const std::size_t n = this->items().size();
    if (n > std::numeric_limits<RowIndex>::max())
      throw std::invalid_argument("candidate scorer: too many items for 32-bit row indices");
    Stream& t = template_;
    t.meta = stream.meta;
    t.num_users = stream.num_users;
    t.num_items = stream.num_items;
    t.num_categories = stream.num_categories;
    t.max_history = stream.max_history;
    t.item_category_offset.assign(stream.item_category_offset.begin(),
                                  stream.item_category_offset.end());
    t.item_categories.assign(stream.item_categories.begin(), stream.item_categories.end());
    t.item.assign(this->items().begin(), this->items().end());
    t.user.assign(n, 0);
    t.timestamp.assign(n, 0);
    t.label.assign(n, 0.0f);
    t.history_end.assign(n, 0);
    t.history_len.assign(n, 0);
    t.user_positive_offset.assign(static_cast<std::size_t>(stream.num_users) + 1, 0);
    t.period_offset = {0, static_cast<RowIndex>(n)};
    rows_.resize(n);
    std::iota(rows_.begin(), rows_.end(), RowIndex{0});
  }

  void score(const UserState& state, std::span<float> out) const override {
    if (out.size() != items().size())
      throw std::invalid_argument("candidate scorer: " + std::to_string(items().size()) +
                                  " items but " + std::to_string(out.size()) + " outputs");
    if (state.user < 0 || state.user >= template_.num_users)
      throw std::out_of_range("candidate scorer: user " + std::to_string(state.user) +
                              " outside [0, " + std::to_string(template_.num_users) + ")");
    if (state.history.size() > std::numeric_limits<std::uint8_t>::max())
      throw std::invalid_argument("candidate scorer: a history of " +
                                  std::to_string(state.history.size()) + " items (at most 255)");
    std::unique_ptr<Stream> s = acquire();
    fill(state, *s);
    scorer_.score(*s, rows_, out);
    release(std::move(s));
  }

 private:
  // The user's features on every row: its positives are [unknown older ones ;
  // history], so that history_end - user_positive_offset[user] counts them all.
  void fill(const UserState& state, Stream& s) const {
    const std::size_t len = state.history.size();
    const auto count =
        std::max<std::int64_t>(state.positives_before, static_cast<std::int64_t>(len));
    s.positive_items.assign(static_cast<std::size_t>(count) - len, 0);
    s.positive_items.insert(s.positive_items.end(), state.history.begin(), state.history.end());
    const auto u = static_cast<std::size_t>(state.user);
    std::fill(s.user_positive_offset.begin(), s.user_positive_offset.begin() + u + 1, 0);
    std::fill(s.user_positive_offset.begin() + u + 1, s.user_positive_offset.end(), count);
    std::fill(s.user.begin(), s.user.end(), state.user);
    std::fill(s.history_end.begin(), s.history_end.end(), count);
    std::fill(s.history_len.begin(), s.history_len.end(), static_cast<std::uint8_t>(len));
  }

  std::unique_ptr<Stream> acquire() const {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (!pool_.empty()) {
        std::unique_ptr<Stream> s = std::move(pool_.back());
        pool_.pop_back();
        return s;
      }
    }
    return std::make_unique<Stream>(template_);
  }
  void release(std::unique_ptr<Stream> s) const {
    const std::lock_guard<std::mutex> lock(mutex_);
    pool_.push_back(std::move(s));
  }

  const Scorer& scorer_;
  Stream template_;
  std::vector<RowIndex> rows_;
  mutable std::mutex mutex_;
  mutable std::vector<std::unique_ptr<Stream>> pool_;
};

}  // namespace

std::unique_ptr<CandidateScorer> row_candidate_scorer(const Scorer& scorer,
                                                      const FeatureView& stream,
                                                      std::vector<std::int32_t> items) {
  return std::make_unique<RowCandidateScorer>(scorer, stream, std::move(items));
}

}  // namespace crbench
