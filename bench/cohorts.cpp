// Cohort AUCs (new users, new items, warm) and exposure concentration.
#include "bench/cohorts.hpp"

#include <algorithm>
#include <unordered_map>

#include "bench/metrics.hpp"

namespace crbench {

void FirstSeen::add_period(const Stream& stream, int p) {
  if (p < added_) return;
  user_.resize(static_cast<std::size_t>(stream.num_users), -1);
  item_.resize(static_cast<std::size_t>(stream.num_items), -1);
  for (RowIndex r = stream.period_begin(p); r < stream.period_end(p); ++r) {
    int& u = user_[static_cast<std::size_t>(stream.user[r])];
    int& i = item_[static_cast<std::size_t>(stream.item[r])];
    if (u < 0) u = p;
    if (i < 0) i = p;
  }
  added_ = p + 1;
}

CohortMetrics cohort_metrics(const Stream& stream, const FirstSeen& seen, int p,
                             std::span<const RowIndex> rows, std::span<const float> scores) {
  std::vector<float> labels[3], cohort_scores[3];  // new users, new items, warm
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const RowIndex r = rows[k];
    const bool new_user = seen.user(stream.user[r]) == p;
    const bool new_item = seen.item(stream.item[r]) == p;
    for (int c = 0; c < 3; ++c) {
      const bool in = c == 0 ? new_user : c == 1 ? new_item : !new_user && !new_item;
      if (!in) continue;
      labels[c].push_back(stream.label[r]);
      cohort_scores[c].push_back(scores[k]);
    }
  }
  CohortMetrics m;
  m.new_users_auc = roc_auc(labels[0], cohort_scores[0]);
  m.new_items_auc = roc_auc(labels[1], cohort_scores[1]);
  m.warm_auc = roc_auc(labels[2], cohort_scores[2]);
  m.new_user_samples = labels[0].size();
  m.new_item_samples = labels[1].size();
  return m;
}

double gini_of(std::vector<std::size_t> counts, std::size_t catalogue) {
  const std::size_t n = std::max(catalogue, counts.size());
  double total = 0.0;
  for (const std::size_t c : counts) total += static_cast<double>(c);
  if (n == 0 || total <= 0.0) return NAN;
  std::sort(counts.begin(), counts.end());
  // The n - k unshown items come first in ascending order and weigh 0.
  const std::size_t zeros = n - counts.size();
  double weighted = 0.0;
  for (std::size_t j = 0; j < counts.size(); ++j) {
    const double rank = static_cast<double>(zeros + j + 1);
    weighted += (2.0 * rank - static_cast<double>(n) - 1.0) * static_cast<double>(counts[j]);
  }
  return weighted / (static_cast<double>(n) * total);
}

Exposure exposure_of(const Stream& stream, int p) {
  const auto& sizes = stream.meta.catalogue_size;
  if (static_cast<std::size_t>(p) >= sizes.size() || sizes[static_cast<std::size_t>(p)] <= 0)
    return {};
  std::unordered_map<std::int32_t, std::size_t> count;
  for (RowIndex r = stream.period_begin(p); r < stream.period_end(p); ++r) ++count[stream.item[r]];
  std::vector<std::size_t> counts;
  counts.reserve(count.size());
  for (const auto& [item, c] : count) counts.push_back(c);
  const auto catalogue = static_cast<std::size_t>(sizes[static_cast<std::size_t>(p)]);
  Exposure e;
  e.gini = gini_of(std::move(counts), catalogue);
  e.coverage = static_cast<double>(count.size()) / static_cast<double>(catalogue);
  return e;
}

}  // namespace crbench
