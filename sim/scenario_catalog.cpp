// The named scenarios, their declared parameters (defaults, ranges, meanings: the
// one source of validation and help text) and spec parsing. Drift times are
// 1-based periods here, as users count them; the world converts them to 0-based.
#include <cmath>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "sim/scenario.hpp"

namespace crbench::sim {
namespace {

constexpr double kMaxPeriods = 100000;

std::vector<ParamDecl> world_params() {
  return {
      {"periods", 31, 2, kMaxPeriods, true, "number of periods (equal-count chunks of the stream)"},
      {"samples_per_period", 4000, 1, 10000000, true, "samples (impressions) in every period"},
      {"users", 2000, 2, 1000000, true, "users alive in any period"},
      {"items", 3000, 2, 1000000, true, "items alive in any period"},
      {"categories", 20, 1, 10000, true,
       "item categories (one per item; a category's items share a latent centre)"},
      {"dim", 8, 1, 64, true, "latent dimension d of user and item vectors"},
      {"scale", 4, 0, 50, false, "a: weight of the affinity <u, v> in the click logit"},
      {"bias", -0.5, -10, 10, false, "c: base click logit (sets the click rate)"},
      {"noise", 0, 0, 1, false,
       "share of clicks that ignore preferences: p = (1 - noise) sigma(z) + noise sigma(c)"},
      {"item_bias_std", 0.5, 0, 5, false, "standard deviation of the item term b_item (logit)"},
      {"user_bias_std", 0.5, 0, 5, false, "standard deviation of the user term b_user (logit)"},
      {"category_share", 0.5, 0, 1, false,
       "share of an item vector's variance that comes from its category centre"},
      {"pop_skew", 0.8, 0, 3, false, "Zipf exponent of item exposure (0: uniform)"},
      {"activity_skew", 1, 0, 3, false, "Zipf exponent of user activity (0: uniform)"},
  };
}

std::vector<ParamDecl> with_world(std::vector<ParamDecl> own) {
  std::vector<ParamDecl> all = world_params();
  all.insert(all.end(), own.begin(), own.end());
  return all;
}

std::vector<ScenarioInfo> make_catalog() {
  return {
      {"stationary", "no drift: one concept, fixed popularity, no churn", with_world({})},
      {"sudden", "at period t0 a share of the users jump to a new concept",
       with_world({
           {"t0", 16, 2, kMaxPeriods, true, "first period (1-based) of the new concept"},
           {"share", 1, 0, 1, false, "share of the users whose preferences change"},
       })},
      {"gradual", "two concepts mixed, the new one's share rising over a window around t0",
       with_world({
           {"t0", 16, 1, kMaxPeriods, false,
            "centre of the transition, in periods (1-based); share 1/2 there"},
           {"width", 8, 0, kMaxPeriods, false,
            "window width w in periods: share 0 -> 1 linearly over [t0 - w/2, t0 + w/2]"},
           {"moa_sigmoid", 0, 0, 1, true,
            "1: MOA's ConceptDriftStream sigmoid 1/(1+exp(-4(t-t0)/w)) instead of linear"},
       })},
      {"incremental", "user vectors rotate at a constant rate in a fixed direction",
       with_world({
           {"start", 2, 2, kMaxPeriods, true,
            "first period (1-based) whose concept differs from the one before"},
           {"duration", 0, 0, kMaxPeriods, true, "periods of motion (0: until the last period)"},
           {"rate", 6, 0, 180, false, "rotation per period, in degrees"},
       })},
      {"recurring", "concepts come back with a seasonal period",
       with_world({
           {"season", 8, 2, kMaxPeriods, true, "season length in periods: t and t+season match"},
           {"concepts", 2, 2, 64, true, "distinct concepts in a season, each for season/concepts"},
       })},
      {"popularity-shift", "items trend and fade: bursts of exposure and appeal",
       with_world({
           {"start", 1, 1, kMaxPeriods, true, "first period (1-based) in which bursts start"},
           {"trend_rate", 0.02, 0, 1, false, "share of the items starting a burst each period"},
           {"burst_length", 6, 1, 1000, true, "periods a burst lasts (half-sine profile)"},
           {"boost", 20, 1, 10000, false, "exposure multiplier at a burst's peak"},
           {"appeal", 0.5, 0, 10, false, "logit added to b_item at a burst's peak"},
       })},
      {"churn", "items and users retire and new ones arrive (cold start)",
       with_world({
           {"start", 2, 2, kMaxPeriods, true,
            "first period (1-based) with arrivals and departures"},
           {"item_churn", 0.02, 0, 0.5, false, "share of the items replaced every period"},
           {"user_churn", 0.02, 0, 0.5, false, "share of the users replaced every period"},
       })},
      {"mixed", "incremental rotation + sudden jump of some users + popularity shift + churn",
       with_world({
           {"rotation_rate", 3, 0, 180, false, "rotation per period from period 2, degrees"},
           {"sudden_t0", 16, 2, kMaxPeriods, true, "first period (1-based) of the sudden jump"},
           {"sudden_share", 0.5, 0, 1, false, "share of the users that jump"},
           {"trend_rate", 0.02, 0, 1, false, "share of the items starting a burst each period"},
           {"item_churn", 0.01, 0, 0.5, false, "share of the items replaced every period from 2"},
           {"user_churn", 0.01, 0, 0.5, false, "share of the users replaced every period from 2"},
       })},
      {"groups",
       "heterogeneous user groups: each group weighs item appeal its own way; a long-tail "
       "group (the least active users) likes what the crowd dislikes",
       with_world({
           {"groups", 3, 2, 64, true,
            "user groups G; group G is the long tail, the others split the rest at random"},
           {"tail_share", 0.3, 0, 1, false,
            "share of the users, the least active ones, in the long-tail group"},
           {"appeal_weight", 2, 0, 20, false,
            "w: group g (1-based) weighs b_item by w (1 - 2 (g-1)/(G-1)): +w ... -w (tail)"},
       })},
  };
}

// Checks between parameters, which single ranges cannot express.
void check_consistency(const Scenario& s) {
  const std::string owner = "scenario '" + s.name + "'";
  const auto& v = s.params;
  const double periods = v.get("periods");
  const auto fail = [&](const std::string& what) { throw UsageError(owner + ": " + what); };
  if (v.get("categories") > v.get("items"))
    fail("categories=" + format_number(v.get("categories")) +
         " exceeds items=" + format_number(v.get("items")));
  if (periods * v.get("samples_per_period") > 4294967295.0)
    fail("periods * samples_per_period exceeds 2^32 - 1 samples");
  const auto within = [&](const char* key) {
    if (v.get(key) > periods)
      fail(std::string(key) + "=" + format_number(v.get(key)) +
           " is after the last period (periods=" + format_number(periods) + ")");
  };
  if (s.name == "sudden") within("t0");
  if (s.name == "gradual") {
    within("t0");
    if (v.get("moa_sigmoid") == 1 && v.get("width") <= 0)
      fail("moa_sigmoid=1 needs width > 0 (the sigmoid divides by it)");
  }
  if (s.name == "incremental" || s.name == "popularity-shift" || s.name == "churn") within("start");
  if (s.name == "recurring" && v.get("concepts") > v.get("season"))
    fail("concepts=" + format_number(v.get("concepts")) +
         " exceeds season=" + format_number(v.get("season")));
  if (s.name == "mixed") within("sudden_t0");
}

}  // namespace

const std::vector<ScenarioInfo>& scenario_catalog() {
  static const std::vector<ScenarioInfo> catalog = make_catalog();
  return catalog;
}

const ScenarioInfo& find_scenario(const std::string& name) {
  std::string known;
  for (const ScenarioInfo& s : scenario_catalog()) {
    if (s.name == name) return s;
    known += (known.empty() ? "" : ", ") + s.name;
  }
  throw UsageError("unknown scenario '" + name + "' (known: " + known + ")");
}

std::string Scenario::canonical() const {
  return canonical_spec(name, find_scenario(name).params, params);
}

Scenario parse_scenario(const std::string& spec_text) {
  const Spec spec = Spec::parse(spec_text);
  const ScenarioInfo& info = find_scenario(spec.name);
  Scenario s;
  s.name = info.name;
  s.params = resolve_params("scenario '" + info.name + "'", info.params, spec.overrides);
  check_consistency(s);
  return s;
}

}  // namespace crbench::sim
