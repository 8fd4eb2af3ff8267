// What a test period's samples are to the model scored on them: samples of users
// (items) it has never seen, whose first period is this one, against warm samples
// whose user and item were both seen before; and how concentrated the period's
// impressions are over the items that could have been shown.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "datasets/stream.hpp"

namespace crbench {

// The first period in which each user and item appears, filled period by period.
class FirstSeen {
 public:
  // Records the appearances of period p (periods are added in order).
  void add_period(const Stream& stream, int p);
  int user(std::int32_t u) const { return at(user_, u); }
  int item(std::int32_t i) const { return at(item_, i); }

 private:
  static int at(const std::vector<int>& v, std::int32_t id) {
    return static_cast<std::size_t>(id) < v.size() ? v[static_cast<std::size_t>(id)] : -1;
  }
  std::vector<int> user_, item_;  // -1: not seen yet
  int added_ = 0;
};

struct CohortMetrics {
  double new_users_auc = NAN;  // samples whose user first appears in the period
  double new_items_auc = NAN;  // samples whose item first appears in the period
  double warm_auc = NAN;       // samples whose user and item both appeared before
  std::size_t new_user_samples = 0;
  std::size_t new_item_samples = 0;
};

// AUC of each cohort of period p's rows (scores aligned with rows); NaN for a
// cohort that lacks either label. `seen` must hold periods 0..p.
CohortMetrics cohort_metrics(const Stream& stream, const FirstSeen& seen, int p,
                             std::span<const RowIndex> rows, std::span<const float> scores);

struct Exposure {
  double gini = NAN;      // Gini coefficient of the impression counts over the catalogue
  double coverage = NAN;  // share of the catalogue shown at least once
};

// Exposure of period p's impressions; NaN without catalogue sizes (real logs).
Exposure exposure_of(const Stream& stream, int p);

// Gini coefficient of counts over a catalogue of `catalogue` items, of which
// those not in `shown_counts` were shown 0 times: sum_i (2i - n - 1) c_(i) /
// (n sum c), counts sorted ascending (0: all equal; 1 - 1/n: one item has all).
double gini_of(std::vector<std::size_t> shown_counts, std::size_t catalogue);

}  // namespace crbench
