// Evaluation metrics (ROC-AUC, log loss, GAUC): each radix-sorts packed integer keys
// once, then counts in one pass over runs of tied scores.
#include "bench/metrics.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace crbench {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Clip applied to scores before the log loss (see metrics.hpp).
constexpr double kLogLossEpsilon = 1e-7;

void check_sizes(const char* function, std::size_t labels, std::size_t scores) {
  if (labels != scores) {
    throw std::invalid_argument(std::string(function) + ": labels has " + std::to_string(labels) +
                                " elements but scores has " + std::to_string(scores));
  }
}

// Returns true for label 1, false for label 0; throws for anything else.
bool checked_label(const char* function, float label, std::size_t index) {
  if (label == 1.0f) return true;
  if (label == 0.0f) return false;
  throw std::invalid_argument(std::string(function) + ": label at index " + std::to_string(index) +
                              " is " + std::to_string(label) + ", expected 0 or 1");
}

void check_score(const char* function, float score, std::size_t index) {
  if (!std::isfinite(score)) {
    throw std::invalid_argument(std::string(function) + ": score at index " +
                                std::to_string(index) + " is not finite (" + std::to_string(score) +
                                ")");
  }
}

// Maps a finite float to an unsigned integer with the same order (equal floats, including
// -0 and +0, map to equal integers).
std::uint32_t ordered_bits(float score) {
  if (score == 0.0f) score = 0.0f;  // -0 -> +0
  const auto bits = std::bit_cast<std::uint32_t>(score);
  return (bits & 0x80000000u) != 0 ? ~bits : bits | 0x80000000u;
}

std::uint32_t ordered_bits(std::int32_t group) {
  return std::bit_cast<std::uint32_t>(group) ^ 0x80000000u;
}

// Mann-Whitney counts over samples sorted by score. Feed runs of tied scores in
// ascending order; twice_u accumulates 2U (an integer, so exact in a double up to 2^53).
struct RankCounter {
  double twice_u = 0.0;
  double positives = 0.0;
  double negatives = 0.0;

  // A run of tied scores with `pos` positives and `neg` negatives: each positive beats
  // every negative below it and ties with the negatives in the run (counted 1/2).
  void add_run(double pos, double neg) {
    twice_u += pos * (2.0 * negatives + neg);
    positives += pos;
    negatives += neg;
  }

  bool has_both_classes() const { return positives > 0.0 && negatives > 0.0; }
  double auc() const { return has_both_classes() ? twice_u / (2.0 * positives * negatives) : kNaN; }
};

// Stable LSD radix sort of `items` by the low `key_bits` bits of key(item), 11 bits per
// pass; passes where every item has the same digit are skipped. O(n) per pass, which
// beats std::sort by several times on a million items.
template <typename T, typename KeyFn>
void radix_sort(std::vector<T>& items, int key_bits, KeyFn key) {
  constexpr int kDigitBits = 11;
  constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
  std::vector<T> buffer(items.size());
  std::vector<std::size_t> counts(kBuckets);
  for (int shift = 0; shift < key_bits; shift += kDigitBits) {
    std::fill(counts.begin(), counts.end(), 0);
    for (const T& item : items) ++counts[(key(item) >> shift) & (kBuckets - 1)];
    if (std::find(counts.begin(), counts.end(), items.size()) != counts.end()) continue;
    std::size_t offset = 0;
    for (std::size_t& count : counts) offset += std::exchange(count, offset);
    for (const T& item : items) buffer[counts[(key(item) >> shift) & (kBuckets - 1)]++] = item;
    items.swap(buffer);
  }
}

// Sums, over the runs of `keys` (sorted) that share group(key), the run length times the
// run's AUC; ties are runs sharing tie(key). Only groups with both labels contribute.
template <typename T, typename GroupFn, typename TieFn, typename PositiveFn>
double weighted_group_auc(const std::vector<T>& keys, GroupFn group, TieFn tie,
                          PositiveFn positive) {
  double weighted_sum = 0.0;
  double total_weight = 0.0;
  for (std::size_t group_begin = 0; group_begin < keys.size();) {
    const auto current_group = group(keys[group_begin]);
    RankCounter counter;
    std::size_t begin = group_begin;
    while (begin < keys.size() && group(keys[begin]) == current_group) {
      const auto current_tie = tie(keys[begin]);  // same group and score
      std::size_t end = begin;
      std::size_t pos = 0;
      for (; end < keys.size() && tie(keys[end]) == current_tie; ++end) {
        pos += positive(keys[end]) ? 1 : 0;
      }
      counter.add_run(static_cast<double>(pos), static_cast<double>(end - begin - pos));
      begin = end;
    }
    if (counter.has_both_classes()) {
      const double weight = static_cast<double>(begin - group_begin);
      weighted_sum += weight * counter.auc();
      total_weight += weight;
    }
    group_begin = begin;
  }
  return total_weight > 0.0 ? weighted_sum / total_weight : kNaN;
}

// Fallback of group_auc() for group ids spanning 2^31 or more, which do not fit in the
// packed 64-bit key: sorts (group, score) keys with the label alongside.
double wide_group_auc(std::span<const float> labels, std::span<const float> scores,
                      std::span<const std::int32_t> groups) {
  struct GroupKey {
    std::uint64_t key;  // group in the high 32 bits, score in the low 32 bits
    bool positive;
  };
  std::vector<GroupKey> keys(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    keys[i] = {(std::uint64_t{ordered_bits(groups[i])} << 32) | ordered_bits(scores[i]),
               labels[i] == 1.0f};
  }
  std::sort(keys.begin(), keys.end(),
            [](const GroupKey& a, const GroupKey& b) { return a.key < b.key; });
  return weighted_group_auc(
      keys, [](const GroupKey& k) { return k.key >> 32; }, [](const GroupKey& k) { return k.key; },
      [](const GroupKey& k) { return k.positive; });
}

}  // namespace

double roc_auc(std::span<const float> labels, std::span<const float> scores) {
  check_sizes("roc_auc", labels.size(), scores.size());
  // Key: score in the high bits, label in bit 0, so one integer sort orders by score.
  std::vector<std::uint64_t> keys(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const bool positive = checked_label("roc_auc", labels[i], i);
    check_score("roc_auc", scores[i], i);
    keys[i] = (std::uint64_t{ordered_bits(scores[i])} << 1) | (positive ? 1u : 0u);
  }
  radix_sort(keys, 33, [](std::uint64_t key) { return key; });

  RankCounter counter;
  for (std::size_t begin = 0; begin < keys.size();) {
    const std::uint64_t score = keys[begin] >> 1;
    std::size_t end = begin;
    std::size_t pos = 0;
    for (; end < keys.size() && (keys[end] >> 1) == score; ++end) pos += keys[end] & 1u;
    counter.add_run(static_cast<double>(pos), static_cast<double>(end - begin - pos));
    begin = end;
  }
  return counter.auc();
}

double mean_log_loss(std::span<const float> labels, std::span<const float> scores) {
  check_sizes("mean_log_loss", labels.size(), scores.size());
  if (labels.empty()) return kNaN;
  double total = 0.0;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const bool positive = checked_label("mean_log_loss", labels[i], i);
    check_score("mean_log_loss", scores[i], i);
    // Clip to [1e-7, 1 - 1e-7] so that the loss stays finite.
    const double p =
        std::clamp(static_cast<double>(scores[i]), kLogLossEpsilon, 1.0 - kLogLossEpsilon);
    total -= positive ? std::log(p) : std::log1p(-p);
  }
  return total / static_cast<double>(labels.size());
}

double group_auc(std::span<const float> labels, std::span<const float> scores,
                 std::span<const std::int32_t> groups) {
  check_sizes("group_auc", labels.size(), scores.size());
  if (groups.size() != labels.size()) {
    throw std::invalid_argument("group_auc: labels has " + std::to_string(labels.size()) +
                                " elements but groups has " + std::to_string(groups.size()));
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    checked_label("group_auc", labels[i], i);
    check_score("group_auc", scores[i], i);
  }
  if (labels.empty()) return kNaN;
  const auto [min_group, max_group] = std::minmax_element(groups.begin(), groups.end());
  const std::uint64_t group_range =
      static_cast<std::uint64_t>(std::int64_t{*max_group} - std::int64_t{*min_group});
  if (group_range >= (std::uint64_t{1} << 31)) return wide_group_auc(labels, scores, groups);

  // One sort by (group, score): key = group offset (31 bits) | score (32 bits) | label, so
  // each group is a contiguous run sorted by score.
  std::vector<std::uint64_t> keys(labels.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const auto group = static_cast<std::uint64_t>(std::int64_t{groups[i]} - *min_group);
    keys[i] = (group << 33) | (std::uint64_t{ordered_bits(scores[i])} << 1) |
              (labels[i] == 1.0f ? 1u : 0u);
  }
  radix_sort(keys, 33 + static_cast<int>(std::bit_width(group_range)),
             [](std::uint64_t key) { return key; });
  return weighted_group_auc(
      keys, [](std::uint64_t key) { return key >> 33; }, [](std::uint64_t key) { return key >> 1; },
      [](std::uint64_t key) { return (key & 1u) != 0; });
}

PeriodMetrics evaluate_period(std::span<const float> labels, std::span<const float> scores,
                              std::span<const std::int32_t> groups) {
  PeriodMetrics metrics;
  metrics.auc = roc_auc(labels, scores);
  metrics.log_loss = mean_log_loss(labels, scores);
  metrics.gauc = group_auc(labels, scores, groups);
  metrics.samples = labels.size();
  double positives = 0.0;
  for (const float label : labels) positives += label;
  metrics.positive_rate = labels.empty() ? kNaN : positives / static_cast<double>(labels.size());
  return metrics;
}

}  // namespace crbench
