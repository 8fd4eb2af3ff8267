// config_from_scenario: a scenario's declared parameters (1-based periods, degrees)
// as the world's knobs (0-based periods, radians).
#include "sim/world_config.hpp"

#include "core/errors.hpp"

namespace crbench::sim::internal {

WorldConfig config_from_scenario(const Scenario& scenario) {
  // Re-validate: a Scenario may have been assembled by hand rather than parsed.
  const Scenario s = parse_scenario(scenario.canonical());
  const ParamValues& v = s.params;
  constexpr double kRadiansPerDegree = 3.141592653589793 / 180.0;
  WorldConfig c;
  c.periods = v.get_int("periods");
  c.samples_per_period = v.get_int("samples_per_period");
  c.users = v.get_int("users");
  c.items = v.get_int("items");
  c.categories = v.get_int("categories");
  c.dim = v.get_int("dim");
  c.scale = v.get("scale");
  c.bias = v.get("bias");
  c.noise = v.get("noise");
  c.item_bias_std = v.get("item_bias_std");
  c.user_bias_std = v.get("user_bias_std");
  c.category_share = v.get("category_share");
  c.pop_skew = v.get("pop_skew");
  c.activity_skew = v.get("activity_skew");
  const std::string& n = s.name;
  if (n == "sudden") {
    c.sudden = true;
    c.sudden_t0 = v.get_int("t0") - 1;
    c.sudden_share = v.get("share");
  } else if (n == "gradual") {
    c.gradual = true;
    c.gradual_t0 = v.get("t0") - 1.0;
    c.gradual_width = v.get("width");
    c.moa_sigmoid = v.get_int("moa_sigmoid") == 1;
  } else if (n == "incremental") {
    c.incremental = true;
    c.rotation_start = v.get_int("start") - 1;
    const int duration = v.get_int("duration");
    c.rotation_duration = duration > 0 ? duration : c.periods - c.rotation_start;
    c.rotation_rate = v.get("rate") * kRadiansPerDegree;
  } else if (n == "recurring") {
    c.recurring = true;
    c.season = v.get_int("season");
    c.concepts = v.get_int("concepts");
  } else if (n == "popularity-shift") {
    c.popularity = true;
    c.trend_start = v.get_int("start") - 1;
    c.trend_rate = v.get("trend_rate");
    c.burst_length = v.get_int("burst_length");
    c.boost = v.get("boost");
    c.appeal = v.get("appeal");
  } else if (n == "churn") {
    c.churn = true;
    c.churn_start = v.get_int("start") - 1;
    c.item_churn = v.get("item_churn");
    c.user_churn = v.get("user_churn");
  } else if (n == "groups") {
    c.user_groups = true;
    c.groups = v.get_int("groups");
    c.tail_share = v.get("tail_share");
    c.appeal_weight = v.get("appeal_weight");
  } else if (n == "mixed") {
    c.incremental = true;
    c.rotation_start = 1;
    c.rotation_duration = c.periods - 1;
    c.rotation_rate = v.get("rotation_rate") * kRadiansPerDegree;
    c.sudden = true;
    c.sudden_t0 = v.get_int("sudden_t0") - 1;
    c.sudden_share = v.get("sudden_share");
    c.popularity = true;
    c.trend_start = 0;
    c.trend_rate = v.get("trend_rate");
    c.churn = true;
    c.churn_start = 1;
    c.item_churn = v.get("item_churn");
    c.user_churn = v.get("user_churn");
  } else if (n != "stationary") {
    throw UsageError("scenario '" + n + "' has no world mapping");
  }
  return c;
}

}  // namespace crbench::sim::internal
