// Tests of the scenario catalogue: names, canonical specs that parse back to the
// same scenario, and validation errors that name the scenario and the parameter.
#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "sim/scenario.hpp"
#include "sim/scenario_params.hpp"
#include "sim/world_config.hpp"

namespace crbench::sim {
namespace {

std::string usage_error(const std::string& spec) {
  try {
    parse_scenario(spec);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(ScenarioCatalog, ListsTheTwelveScenarios) {
  std::string names;
  for (const ScenarioEntry* s : scenario_registry().entries()) names += s->name + " ";
  EXPECT_EQ(names,
            "churn gradual groups incremental item-drift mixed popularity-shift recurring seasonal "
            "stationary sudden user-rates ");
  for (const ScenarioEntry* s : scenario_registry().entries()) {
    EXPECT_FALSE(s->description.empty());
    const std::vector<ParamInfo>& params = s->params.info();
    ASSERT_GE(params.size(), 14u);
    EXPECT_EQ(params[0].name, "periods");  // world parameters first
    for (const ParamInfo& p : params)
      EXPECT_FALSE(p.description.empty()) << s->name << "." << p.name;
  }
}

TEST(ScenarioCatalog, CanonicalSpecParsesBackToTheSameScenario) {
  for (const ScenarioEntry* entry : scenario_registry().entries()) {
    const Scenario s = parse_scenario(entry->name);
    const Scenario back = parse_scenario(s.canonical());
    EXPECT_EQ(back.name, s.name);
    EXPECT_EQ(back.params.args(), s.params.args());
    EXPECT_EQ(back.canonical(), s.canonical());
    EXPECT_NO_THROW(internal::config_from_scenario(s)) << entry->name;
  }
  const Scenario s = parse_scenario("sudden(t0=5, share=0.25, periods=10)");
  EXPECT_EQ(s.params.get<SuddenParams>().t0, 5);
  EXPECT_EQ(s.params.get<SuddenParams>().share, 0.25);
  EXPECT_EQ(s.params.get<SuddenParams>().periods, 10);
  EXPECT_NE(s.canonical().find("t0=5,share=0.25"), std::string::npos) << s.canonical();
  EXPECT_EQ(parse_scenario(s.canonical()).params.args(), s.params.args());
}

// Results describe a simulated stream by its canonical spec (and hash it): these
// are the texts that results files have always held.
TEST(ScenarioCatalog, CanonicalSpecsKeepTheirText) {
  const std::string world =
      "periods=31,samples_per_period=2000,users=1000,items=1500,categories=20,dim=8,scale=4,"
      "bias=-0.5,noise=0,item_bias_std=0.5,user_bias_std=0.5,category_share=0.5,pop_skew=0.8,"
      "activity_skew=1";
  const std::string size = "(samples_per_period=2000,users=1000,items=1500)";
  EXPECT_EQ(parse_scenario("stationary" + size).canonical(), "stationary(" + world + ")");
  EXPECT_EQ(parse_scenario("sudden" + size).canonical(), "sudden(" + world + ",t0=16,share=1)");
  EXPECT_EQ(parse_scenario("incremental" + size).canonical(),
            "incremental(" + world + ",start=2,duration=0,rate=6)");
  EXPECT_NE(parse_scenario("gradual").canonical().find(",t0=16,width=8,moa_sigmoid=0)"),
            std::string::npos);
}

TEST(ScenarioValidation, UnknownScenarioListsTheNames) {
  const std::string what = usage_error("sudenn");
  EXPECT_NE(what.find("unknown scenario 'sudenn'"), std::string::npos) << what;
  EXPECT_NE(what.find("churn, gradual, groups, incremental, item-drift, mixed, popularity-shift, "
                      "recurring, seasonal, stationary, sudden, user-rates"),
            std::string::npos)
      << what;
  EXPECT_THROW(scenario_registry().find("nope"), UsageError);
}

TEST(ScenarioValidation, OutOfRangeAndUnknownParametersAreNamed) {
  std::string what = usage_error("sudden(share=1.5)");
  EXPECT_NE(what.find("scenario 'sudden'"), std::string::npos) << what;
  EXPECT_NE(what.find("share=1.5 is out of range [0, 1]"), std::string::npos) << what;
  what = usage_error("gradual(widht=3)");
  EXPECT_NE(what.find("no parameter 'widht'"), std::string::npos) << what;
  EXPECT_NE(what.find("width"), std::string::npos) << what;
  what = usage_error("stationary(dim=2.5)");
  EXPECT_NE(what.find("dim=2.5 is not a whole number"), std::string::npos) << what;
  for (const char* bad :
       {"stationary(periods=1)", "stationary(users=0)", "stationary(noise=-0.1)",
        "incremental(rate=200)", "churn(item_churn=0.9)", "recurring(concepts=1)",
        "popularity-shift(boost=0.5)", "mixed(sudden_share=2)", "stationary(periods=3"}) {
    EXPECT_THROW(parse_scenario(bad), UsageError) << bad;
  }
}

TEST(ScenarioValidation, ParametersAreCheckedAgainstEachOther) {
  EXPECT_NE(usage_error("sudden(periods=10,t0=11)").find("t0=11 is after the last period"),
            std::string::npos);
  EXPECT_NE(usage_error("stationary(items=5,categories=6)").find("categories=6 exceeds items=5"),
            std::string::npos);
  EXPECT_NE(usage_error("recurring(season=3,concepts=4)").find("concepts=4 exceeds season=3"),
            std::string::npos);
  EXPECT_NE(usage_error("gradual(width=0,moa_sigmoid=1)").find("moa_sigmoid=1 needs width > 0"),
            std::string::npos);
  EXPECT_NO_THROW(parse_scenario("gradual(width=0)"));  // a linear window of width 0 is sudden
}

TEST(ScenarioConfig, UserFacingPeriodsAreOneBased) {
  const auto c = internal::config_from_scenario(parse_scenario("sudden(t0=7)"));
  EXPECT_TRUE(c.sudden);
  EXPECT_EQ(c.sudden_t0, 6);
  const auto g = internal::config_from_scenario(parse_scenario("gradual(t0=10.5,width=4)"));
  EXPECT_DOUBLE_EQ(g.gradual_t0, 9.5);
  const auto m = internal::config_from_scenario(parse_scenario("mixed"));
  EXPECT_TRUE(m.incremental && m.sudden && m.popularity && m.churn);
  EXPECT_FALSE(m.gradual || m.recurring);
}

}  // namespace
}  // namespace crbench::sim
