// End-to-end test on the bundled ml-latest-small (../shared/datasets beside the
// repository): loader counts from the dataset's README, and the default stream
// (rating >= 4, 31 equal-count periods) checked against an independent plain reading
// of the file in this test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "datasets/loaders.hpp"
#include "datasets/stream_builder.hpp"
#include "tests/support/build_paths.hpp"

namespace crbench {
namespace {

const std::string kDir = std::string(CRBENCH_SOURCE_DIR) + "/../shared/datasets/ml-latest-small";

struct PlainRating {
  std::int64_t user;
  std::int64_t item;
  double rating;
  std::int64_t timestamp;
};

// The simplest possible reading of ratings.csv (no quoting occurs in this file).
std::vector<PlainRating> read_plain(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  std::vector<PlainRating> rows;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::stringstream fields(line);
    std::string u, i, r, t;
    std::getline(fields, u, ',');
    std::getline(fields, i, ',');
    std::getline(fields, r, ',');
    std::getline(fields, t, ',');
    rows.push_back({std::stoll(u), std::stoll(i), std::stod(r), std::stoll(t)});
  }
  return rows;
}

class MovieLensSmall : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kDir + "/ratings.csv")) {
      GTEST_SKIP() << "bundled dataset not found at " << kDir;
    }
  }
};

TEST_F(MovieLensSmall, LoadsTheReadmeCounts) {
  const RawLog log = load_movielens(kDir + "/ratings.csv", kDir + "/movies.csv");
  EXPECT_EQ(log.name, "ml-latest-small");
  EXPECT_EQ(log.user.size(), 100836u);
  EXPECT_EQ(std::set<std::int64_t>(log.user.begin(), log.user.end()).size(), 610u);
  EXPECT_EQ(std::set<std::int64_t>(log.item.begin(), log.item.end()).size(), 9724u);
  // movies.csv lists 9,742 movies; 34 of them have "(no genres listed)".
  EXPECT_EQ(log.item_categories.size(), 9742u - 34u);
  // 18 genres plus IMAX (counted with awk from the file; no "unknown" here).
  EXPECT_EQ(log.category_names.size(), 19u);
  EXPECT_EQ(log.category_names.front(), "Adventure");  // first genre of Toy Story
}

TEST_F(MovieLensSmall, DefaultStreamMatchesAPlainReading) {
  const RawLog log = load_movielens(kDir + "/ratings.csv", kDir + "/movies.csv");
  const Stream s = build_stream(log, StreamOptions{});

  // 100,836 / 31 = 3,252 rows per period; the 24 newest rows are dropped.
  ASSERT_EQ(s.num_periods(), 31);
  EXPECT_EQ(s.num_samples(), 100812u);
  for (int p = 0; p < 31; ++p) EXPECT_EQ(s.period_end(p) - s.period_begin(p), 3252u);

  // Independently: stable time order, drop the 24 newest, count ratings >= 4.
  const std::vector<PlainRating> plain = read_plain(kDir + "/ratings.csv");
  ASSERT_EQ(plain.size(), 100836u);
  std::vector<std::size_t> order(plain.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return plain[a].timestamp < plain[b].timestamp;
  });
  std::int64_t positives = 0;
  std::set<std::int64_t> users;
  std::set<std::int64_t> items;
  for (std::size_t k = 0; k + 24 < order.size(); ++k) {
    const PlainRating& r = plain[order[k]];
    positives += r.rating >= 4.0 ? 1 : 0;
    users.insert(r.user);
    items.insert(r.item);
  }
  const double stream_positives = std::accumulate(s.label.begin(), s.label.end(), 0.0);
  EXPECT_EQ(static_cast<std::int64_t>(stream_positives), positives);
  EXPECT_DOUBLE_EQ(stream_positives / 100812.0, static_cast<double>(positives) / 100812.0);
  EXPECT_EQ(static_cast<std::size_t>(s.num_users), users.size());
  EXPECT_EQ(static_cast<std::size_t>(s.num_items), items.size());
  EXPECT_EQ(s.positive_items.size(), static_cast<std::size_t>(positives));
  EXPECT_TRUE(s.has_categories());
  EXPECT_EQ(s.meta.labelling, "rating>=4");
  EXPECT_EQ(s.meta.period_rule, "equal-count:31:drop-newest");
  for (std::size_t k = 1; k < s.num_samples(); ++k) {
    ASSERT_LE(s.timestamp[k - 1], s.timestamp[k]);
  }
}

}  // namespace
}  // namespace crbench
