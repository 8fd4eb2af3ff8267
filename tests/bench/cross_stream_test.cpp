// Ranking across boards: the method set, the ranks and the tests, by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "bench/cross_stream.hpp"
#include "tests/support/handmade_results.hpp"

namespace crbench {
namespace {

using test_support::handmade_job;

StreamResults stream_of(const std::string& name, const std::vector<std::string>& methods,
                        const std::vector<double>& auc) {
  Board b;
  b.stream = name;
  for (std::size_t i = 0; i < methods.size(); ++i)
    b.jobs.push_back(handmade_job(methods[i], 1, {auc[i]}));
  return {name, {b}, false};
}

// The small example of friedman_test.cpp (A, B, C on 4 streams; average ranks
// 1.375, 1.875, 2.75; chi2_F = 3.875, p = 0.144064), with an oracle on one
// stream (not ranked) and a fifth stream where C did not run (left out).
TEST(CrossStream, RanksTheSharedMethodSetAndLeavesOutTheRest) {
  const std::vector<StreamResults> streams = {
      stream_of("s1", {"a", "b", "c", "oracle"}, {0.70, 0.65, 0.60, 0.9}),
      stream_of("s2", {"a", "b", "c"}, {0.68, 0.68, 0.60}),
      stream_of("s3", {"a", "b", "c"}, {0.62, 0.66, 0.61}),
      stream_of("s4", {"a", "b", "c"}, {0.71, 0.64, 0.66}),
      stream_of("s5", {"a", "b"}, {0.71, 0.64}),
  };
  const CrossStreamRanking r = rank_across_boards(streams, "b");
  ASSERT_TRUE(r.valid) << r.why_not;
  EXPECT_EQ(r.boards, (std::vector<std::string>{"s1", "s2", "s3", "s4"}));
  ASSERT_EQ(r.excluded.size(), 1u);
  EXPECT_NE(r.excluded[0].find("s5"), std::string::npos);
  EXPECT_NE(r.excluded[0].find("missing c"), std::string::npos) << r.excluded[0];
  EXPECT_EQ(r.methods, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(r.average_ranks, (std::vector<double>{1.375, 1.875, 2.75}));
  EXPECT_EQ(r.ranks[0], (std::vector<double>{1, 1.5, 2, 1}));
  EXPECT_NEAR(r.friedman.chi_squared, 3.875, 1e-12);
  EXPECT_NEAR(r.friedman.chi_squared_p, 0.144064, 1e-6);
  EXPECT_NEAR(r.critical_difference, 1.6568, 5e-4);
  // Against b: z_a = -0.707107 (p 0.4795), z_c = 0.875 / 0.707107 = 1.237437
  // (p = 2(1 - Phi(1.2374)) = 0.2159); Holm with m = 2: c 2 x 0.2159 = 0.4318,
  // a max(0.4318, 0.4795) = 0.4795.
  EXPECT_EQ(r.baseline, "b");
  EXPECT_TRUE(std::isnan(r.p[1]));
  EXPECT_NEAR(r.z[2], 1.237437, 1e-6);
  EXPECT_NEAR(r.p[2], 0.2159, 2e-4);
  EXPECT_NEAR(r.p_holm[2], 0.4318, 4e-4);
  EXPECT_NEAR(r.p_holm[0], 0.4795, 2e-4);
  const std::string md = ranking_markdown(r);
  EXPECT_NE(md.find("Friedman χ²(2) = 3.875, p = 0.144"), std::string::npos) << md;
  EXPECT_NE(md.find("s5: other methods ran; missing c"), std::string::npos) << md;
  const std::string csv = ranking_csv(r);
  EXPECT_NE(csv.find("1,a,1.375,4,3,3.875,"), std::string::npos) << csv;
}

TEST(CrossStream, OneBoardOrNoSharedSetIsNoRanking) {
  EXPECT_FALSE(rank_across_boards({stream_of("s1", {"a", "b"}, {0.6, 0.7})}, "a").valid);
  const CrossStreamRanking r = rank_across_boards(
      {stream_of("s1", {"a", "b"}, {0.6, 0.7}), stream_of("s2", {"a", "c"}, {0.6, 0.7})}, "a");
  EXPECT_FALSE(r.valid);
  EXPECT_NE(ranking_markdown(r).find("No ranking: no two boards ran the same methods"),
            std::string::npos);
}

// The diagram: every method once as text, the CD bar labelled, one group bar
// per group (3 methods, all within CD: one bar).
TEST(CrossStream, CriticalDifferenceDiagramHasTheMethodsAndGroups) {
  const std::vector<StreamResults> streams = {
      stream_of("s1", {"bu-3(w=3)", "b", "c"}, {0.70, 0.65, 0.60}),
      stream_of("s2", {"bu-3(w=3)", "b", "c"}, {0.68, 0.68, 0.60}),
      stream_of("s3", {"bu-3(w=3)", "b", "c"}, {0.62, 0.66, 0.61}),
      stream_of("s4", {"bu-3(w=3)", "b", "c"}, {0.71, 0.64, 0.66}),
  };
  const std::string svg = ranking_svg(rank_across_boards(streams, "iu"));
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find(">bu-3 (1.38)</text>"), std::string::npos) << svg;  // short name
  EXPECT_NE(svg.find(">b (1.88)</text>"), std::string::npos);
  EXPECT_NE(svg.find(">c (2.75)</text>"), std::string::npos);
  EXPECT_NE(svg.find("CD = 1.66"), std::string::npos);
  std::size_t bars = 0;
  for (std::size_t p = 0; (p = svg.find("class=\"group\"", p)) != std::string::npos; ++p) ++bars;
  EXPECT_EQ(bars, 1u);
}

}  // namespace
}  // namespace crbench
