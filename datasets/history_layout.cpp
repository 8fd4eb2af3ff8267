// The history layout shared by build_stream and streams grown period by period.
#include "datasets/history_layout.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace crbench::internal {

// Rows with equal timestamps are handled as one group whose histories are taken
// before any of the group's positives are added.
void lay_out_history(Stream& s) {
  const std::size_t m = s.num_samples();
  const auto num_users = static_cast<std::size_t>(s.num_users);
  s.user_positive_offset.assign(num_users + 1, 0);
  for (std::size_t r = 0; r < m; ++r) {
    if (s.label[r] == 1.0f) ++s.user_positive_offset[static_cast<std::size_t>(s.user[r]) + 1];
  }
  std::partial_sum(s.user_positive_offset.begin(), s.user_positive_offset.end(),
                   s.user_positive_offset.begin());
  s.positive_items.resize(static_cast<std::size_t>(s.user_positive_offset.back()));
  s.history_end.resize(m);
  s.history_len.resize(m);
  std::vector<std::int64_t> seen(num_users, 0);  // positives added so far per user
  const auto cap = static_cast<std::int64_t>(s.max_history);
  for (std::size_t group = 0; group < m;) {
    std::size_t group_end = group + 1;
    while (group_end < m && s.timestamp[group_end] == s.timestamp[group]) ++group_end;
    for (std::size_t r = group; r < group_end; ++r) {
      const auto u = static_cast<std::size_t>(s.user[r]);
      s.history_end[r] = s.user_positive_offset[u] + seen[u];
      s.history_len[r] = static_cast<std::uint8_t>(std::min(seen[u], cap));
    }
    for (std::size_t r = group; r < group_end; ++r) {
      if (s.label[r] != 1.0f) continue;
      const auto u = static_cast<std::size_t>(s.user[r]);
      s.positive_items[static_cast<std::size_t>(s.user_positive_offset[u] + seen[u]++)] = s.item[r];
    }
    group = group_end;
  }
}

}  // namespace crbench::internal
