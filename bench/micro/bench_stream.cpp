#include "bench/micro/bench_stream.hpp"

#include <random>
#include <vector>

namespace crbench::micro {

namespace {

Stream make_bench_stream(int skew, std::int32_t num_users, std::int32_t num_items,
                         std::size_t batches) {
  std::mt19937_64 rng(2024 + static_cast<std::uint64_t>(skew));
  auto below = [&rng](std::uint64_t n) { return static_cast<std::int32_t>(rng() % n); };
  auto unit = [&rng] { return static_cast<double>(rng() >> 11) * 0x1.0p-53; };
  auto draw_item = [&]() -> std::int32_t {
    if (skew == 0) return below(static_cast<std::uint64_t>(num_items));
    const double u = unit();
    return static_cast<std::int32_t>(static_cast<double>(num_items) * u * u * u);
  };

  Stream s;
  s.meta.name = "bench";
  s.num_users = num_users;
  s.num_items = num_items;
  s.num_categories = kCategories;
  s.max_history = kHistory;

  s.user_positive_offset.reserve(static_cast<std::size_t>(num_users) + 1);
  s.user_positive_offset.push_back(0);
  s.positive_items.reserve(static_cast<std::size_t>(num_users) * kPositivesPerUser);
  for (std::int32_t u = 0; u < num_users; ++u) {
    for (int k = 0; k < kPositivesPerUser; ++k) s.positive_items.push_back(draw_item());
    s.user_positive_offset.push_back(static_cast<std::int64_t>(s.positive_items.size()));
  }

  s.item_category_offset.push_back(0);
  for (std::int32_t i = 0; i < num_items; ++i) {
    const int count = 1 + below(3);
    for (int k = 0; k < count; ++k) {
      // Distinct categories: consecutive ids from a random start.
      s.item_categories.push_back((below(kCategories) + k) % kCategories);
    }
    s.item_category_offset.push_back(static_cast<std::int32_t>(s.item_categories.size()));
  }

  const std::size_t n = kBatch * batches;
  for (std::size_t r = 0; r < n; ++r) {
    const std::int32_t user = below(static_cast<std::uint64_t>(num_users));
    s.user.push_back(user);
    s.item.push_back(draw_item());
    s.timestamp.push_back(static_cast<std::int64_t>(r));
    s.label.push_back(below(2) == 0 ? 1.0f : 0.0f);
    // The window ends somewhere in [30, 40] of the user's positives.
    s.history_end.push_back(s.user_positive_offset[static_cast<std::size_t>(user)] + kHistory +
                            below(kPositivesPerUser - kHistory + 1));
    s.history_len.push_back(static_cast<std::uint8_t>(kHistory));
  }
  s.period_offset = {0, static_cast<RowIndex>(n)};
  return s;
}

}  // namespace

const Stream& bench_stream(int skew) {
  static const Stream uniform = make_bench_stream(0, kUsers, kItems, kBatches);
  static const Stream skewed = make_bench_stream(1, kUsers, kItems, kBatches);
  return skew == 0 ? uniform : skewed;
}

const Stream& ml25m_bench_stream() {
  static const Stream s = make_bench_stream(1, kMl25mUsers, kMl25mItems, kMl25mBatches);
  return s;
}

std::span<const RowIndex> bench_batch(const Stream& stream, std::size_t b) {
  static std::vector<RowIndex> rows;
  if (rows.size() != stream.num_samples()) {
    rows.resize(stream.num_samples());
    for (RowIndex r = 0; r < rows.size(); ++r) rows[r] = r;
  }
  return std::span<const RowIndex>(rows).subspan(b * kBatch, kBatch);
}

BatchReads batch_reads(const Stream& stream, std::span<const RowIndex> rows) {
  BatchReads out;
  std::vector<std::uint8_t> user(static_cast<std::size_t>(stream.num_users), 0);
  std::vector<std::uint8_t> item(static_cast<std::size_t>(stream.num_items), 0);
  std::vector<std::uint8_t> category(static_cast<std::size_t>(stream.num_categories), 0);
  auto see_item = [&](std::int32_t i) {
    if (item[static_cast<std::size_t>(i)] != 0) return;
    item[static_cast<std::size_t>(i)] = 1;
    ++out.items;
    const auto cats = stream.categories(i);
    out.item_categories += cats.size();
    if (!cats.empty()) ++out.items_with_categories;
    for (const std::int32_t c : cats) {
      if (category[static_cast<std::size_t>(c)] != 0) continue;
      category[static_cast<std::size_t>(c)] = 1;
      ++out.categories;
    }
  };
  for (const RowIndex r : rows) {
    ++out.samples;
    if (user[static_cast<std::size_t>(stream.user[r])] == 0) {
      user[static_cast<std::size_t>(stream.user[r])] = 1;
      ++out.users;
    }
    see_item(stream.item[r]);
    for (const std::int32_t h : stream.history(r)) {
      ++out.history_entries;
      see_item(h);
    }
  }
  return out;
}

}  // namespace crbench::micro
