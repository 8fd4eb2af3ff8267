// Drift periods read back from a results file's stream description, computed by
// the simulator's schedule; the expected windows are worked out by hand from
// the scenario definitions (docs/simulator.md).
#include <gtest/gtest.h>

#include "bench/scenario_info.hpp"

namespace crbench {
namespace {

std::string description(const std::string& spec) {
  return "name=s;source=" + spec +
         " seed=7;labelling=given-label;periods=equal-count:31;"
         "samples=62000;history=30";
}

std::vector<std::pair<int, int>> windows(const ScenarioInfo& s) {
  std::vector<std::pair<int, int>> out;
  for (const DriftWindow& w : s.drift) out.emplace_back(w.start, w.end);
  return out;
}

TEST(ScenarioInfo, SuddenDriftIsOnePointAtT0) {
  const ScenarioInfo s = scenario_of_stream(description("sudden(t0=16,share=1)"));
  ASSERT_TRUE(s.simulated);
  EXPECT_EQ(s.name, "sudden");
  EXPECT_EQ(s.world_seed, 7u);
  EXPECT_EQ(s.note, "");
  EXPECT_EQ(windows(s), (std::vector<std::pair<int, int>>{{16, 16}}));
  ASSERT_EQ(s.parameters.size(), 2u);
  EXPECT_EQ(s.parameters[0].name, "t0");
  EXPECT_EQ(s.parameters[0].value, "16");
  EXPECT_EQ(s.parameters[0].default_value, "16");
}

// Replicate worlds (and a closed loop after them) name no world seed: the
// scenario, its parameters and its drift point are read all the same.
TEST(ScenarioInfo, ReplicateWorldsHaveNoOneWorldSeed) {
  const ScenarioInfo s = scenario_of_stream(
      "name=s;source=sudden(t0=16,share=1) worlds=replicate closed_loop=0.5 candidates=20;"
      "labelling=given-label;periods=equal-count:31;samples=62000;history=30");
  ASSERT_TRUE(s.simulated);
  EXPECT_TRUE(s.replicate_worlds);
  EXPECT_EQ(s.spec, "sudden(t0=16,share=1)");
  EXPECT_EQ(s.note, "");
  EXPECT_EQ(windows(s), (std::vector<std::pair<int, int>>{{16, 16}}));
  ASSERT_EQ(s.parameters.size(), 2u);
  EXPECT_FALSE(scenario_of_stream(description("sudden(t0=16,share=1)")).replicate_worlds);
}

TEST(ScenarioInfo, GradualDriftIsTheWindowOfTheMixing) {
  // Linear share from 0 at t0 - w/2 = 12 to 1 at t0 + w/2 = 20 (1-based): the
  // first period with a positive share is 13, the first with all of it 20.
  const ScenarioInfo s = scenario_of_stream(description("gradual(t0=16,width=8)"));
  EXPECT_EQ(windows(s), (std::vector<std::pair<int, int>>{{13, 20}}));
}

TEST(ScenarioInfo, IncrementalDriftRunsFromStartToTheLastPeriod) {
  const ScenarioInfo s = scenario_of_stream(description("incremental(periods=31,start=2)"));
  EXPECT_EQ(windows(s), (std::vector<std::pair<int, int>>{{2, 31}}));
}

TEST(ScenarioInfo, RecurringConceptsSwitchEveryHalfSeason) {
  // Concept floor((t mod 8) * 2 / 8) of the 0-based period t changes at t = 4,
  // 8, ..., 28: 1-based periods 5, 9, ..., 29.
  const ScenarioInfo s = scenario_of_stream(description("recurring(periods=31,season=8)"));
  std::vector<std::pair<int, int>> expected;
  for (int p = 5; p <= 29; p += 4) expected.emplace_back(p, p);
  EXPECT_EQ(windows(s), expected);
}

TEST(ScenarioInfo, StationaryHasNoDriftAndALogIsNotSimulated) {
  EXPECT_TRUE(scenario_of_stream(description("stationary")).drift.empty());
  EXPECT_TRUE(scenario_of_stream(description("stationary")).simulated);
  const ScenarioInfo log = scenario_of_stream(
      "name=ml;source=../shared/ratings.csv + ../shared/movies.csv;labelling=rating>=4");
  EXPECT_FALSE(log.simulated);
  EXPECT_TRUE(log.drift.empty());
}

TEST(ScenarioInfo, ASpecThisCrbenchCannotReadIsNoted) {
  // A parameter renamed since the results were written: no drift, and why.
  const ScenarioInfo s = scenario_of_stream(description("sudden(t_zero=16)"));
  EXPECT_TRUE(s.simulated);
  EXPECT_TRUE(s.drift.empty());
  EXPECT_NE(s.note.find("t_zero"), std::string::npos) << s.note;
}

}  // namespace
}  // namespace crbench
