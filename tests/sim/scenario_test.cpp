// Tests of the scenario catalogue: names, canonical specs that parse back to the
// same scenario, and validation errors that name the scenario and the parameter.
#include <gtest/gtest.h>

#include <string>

#include "core/errors.hpp"
#include "sim/scenario.hpp"
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

TEST(ScenarioCatalog, ListsTheNineScenariosInOrder) {
  std::string names;
  for (const ScenarioInfo& s : scenario_catalog()) names += s.name + " ";
  EXPECT_EQ(names,
            "stationary sudden gradual incremental recurring popularity-shift churn mixed groups ");
  for (const ScenarioInfo& s : scenario_catalog()) {
    EXPECT_FALSE(s.description.empty());
    ASSERT_GE(s.params.size(), 6u);
    EXPECT_EQ(s.params[0].name, "periods");  // world parameters first
    for (const ParamDecl& p : s.params) {
      EXPECT_LE(p.lower, p.default_value) << s.name << "." << p.name;
      EXPECT_LE(p.default_value, p.upper) << s.name << "." << p.name;
      EXPECT_FALSE(p.description.empty()) << s.name << "." << p.name;
    }
  }
}

TEST(ScenarioCatalog, CanonicalSpecParsesBackToTheSameScenario) {
  for (const ScenarioInfo& info : scenario_catalog()) {
    const Scenario s = parse_scenario(info.name);
    const Scenario back = parse_scenario(s.canonical());
    EXPECT_EQ(back.name, s.name);
    EXPECT_EQ(back.params.values(), s.params.values());
    EXPECT_EQ(back.canonical(), s.canonical());
    EXPECT_NO_THROW(internal::config_from_scenario(s)) << info.name;
  }
  const Scenario s = parse_scenario("sudden(t0=5, share=0.25, periods=10)");
  EXPECT_EQ(s.params.get("t0"), 5);
  EXPECT_EQ(s.params.get("share"), 0.25);
  EXPECT_NE(s.canonical().find("t0=5,share=0.25"), std::string::npos) << s.canonical();
  EXPECT_EQ(parse_scenario(s.canonical()).params.values(), s.params.values());
}

TEST(ScenarioValidation, UnknownScenarioListsTheNames) {
  const std::string what = usage_error("sudenn");
  EXPECT_NE(what.find("unknown scenario 'sudenn'"), std::string::npos) << what;
  EXPECT_NE(what.find("stationary, sudden, gradual, incremental, recurring, popularity-shift, "
                      "churn, mixed"),
            std::string::npos)
      << what;
  EXPECT_THROW(find_scenario("nope"), UsageError);
}

TEST(ScenarioValidation, OutOfRangeAndUnknownParametersAreNamed) {
  std::string what = usage_error("sudden(share=1.5)");
  EXPECT_NE(what.find("scenario 'sudden'"), std::string::npos) << what;
  EXPECT_NE(what.find("share=1.5 is out of range [0, 1]"), std::string::npos) << what;
  what = usage_error("gradual(widht=3)");
  EXPECT_NE(what.find("no parameter 'widht'"), std::string::npos) << what;
  EXPECT_NE(what.find("width"), std::string::npos) << what;
  what = usage_error("stationary(dim=2.5)");
  EXPECT_NE(what.find("dim must be a whole number"), std::string::npos) << what;
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
