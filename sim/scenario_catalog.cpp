// The named scenarios: each one's declared parameters (sim/scenario_params.hpp)
// with their ranges, meanings and checks across parameters, and the world they
// describe (periods made 0-based, degrees made radians).
#include <string>

#include "sim/scenario.hpp"
#include "sim/scenario_params.hpp"
#include "sim/world_config.hpp"

namespace crbench::sim {

std::string check_within(const char* key, double value, int periods) {
  if (value <= periods) return "";
  return std::string(key) + "=" + format_number(value) +
         " is after the last period (periods=" + format_number(periods) + ")";
}

void SuddenParams::declare(ParamDecls<SuddenParams>& d) {
  WorldParams::declare(d);
  d.field("t0", &SuddenParams::t0)
      .range(2, kMaxPeriods)
      .describe("first period (1-based) of the new concept");
  d.field("share", &SuddenParams::share)
      .range(0, 1)
      .describe("share of the users whose preferences change");
  d.check([](const SuddenParams& p) { return check_within("t0", p.t0, p.periods); });
}

void GradualParams::declare(ParamDecls<GradualParams>& d) {
  WorldParams::declare(d);
  d.field("t0", &GradualParams::t0)
      .range(1, kMaxPeriods)
      .describe("centre of the transition, in periods (1-based); share 1/2 there");
  d.field("width", &GradualParams::width)
      .range(0, kMaxPeriods)
      .describe("window width w in periods: share 0 -> 1 linearly over [t0 - w/2, t0 + w/2]");
  d.field("moa_sigmoid", &GradualParams::moa_sigmoid)
      .describe("1: MOA's ConceptDriftStream sigmoid 1/(1+exp(-4(t-t0)/w)) instead of linear");
  d.check([](const GradualParams& p) { return check_within("t0", p.t0, p.periods); });
  d.check([](const GradualParams& p) -> std::string {
    if (p.moa_sigmoid && p.width <= 0)
      return "moa_sigmoid=1 needs width > 0 (the sigmoid divides by it)";
    return "";
  });
}

void IncrementalParams::declare(ParamDecls<IncrementalParams>& d) {
  WorldParams::declare(d);
  d.field("start", &IncrementalParams::start)
      .range(2, kMaxPeriods)
      .describe("first period (1-based) whose concept differs from the one before");
  d.field("duration", &IncrementalParams::duration)
      .range(0, kMaxPeriods)
      .describe("periods of motion (0: until the last period)");
  d.field("rate", &IncrementalParams::rate)
      .range(0, 180)
      .describe("rotation per period, in degrees");
  d.check([](const IncrementalParams& p) { return check_within("start", p.start, p.periods); });
}

void RecurringParams::declare(ParamDecls<RecurringParams>& d) {
  WorldParams::declare(d);
  d.field("season", &RecurringParams::season)
      .range(2, kMaxPeriods)
      .describe("season length in periods: t and t+season match");
  d.field("concepts", &RecurringParams::concepts)
      .range(2, 64)
      .describe("distinct concepts in a season, each for season/concepts");
  d.check([](const RecurringParams& p) -> std::string {
    if (p.concepts > p.season)
      return "concepts=" + format_number(p.concepts) + " exceeds season=" + format_number(p.season);
    return "";
  });
}

void PopularityShiftParams::declare(ParamDecls<PopularityShiftParams>& d) {
  WorldParams::declare(d);
  d.field("start", &PopularityShiftParams::start)
      .range(1, kMaxPeriods)
      .describe("first period (1-based) in which bursts start");
  d.field("trend_rate", &PopularityShiftParams::trend_rate)
      .range(0, 1)
      .describe("share of the items starting a burst each period");
  d.field("burst_length", &PopularityShiftParams::burst_length)
      .range(1, 1000)
      .describe("periods a burst lasts (half-sine profile)");
  d.field("boost", &PopularityShiftParams::boost)
      .range(1, 10000)
      .describe("exposure multiplier at a burst's peak");
  d.field("appeal", &PopularityShiftParams::appeal)
      .range(0, 10)
      .describe("logit added to b_item at a burst's peak");
  d.check([](const PopularityShiftParams& p) { return check_within("start", p.start, p.periods); });
}

void ChurnParams::declare(ParamDecls<ChurnParams>& d) {
  WorldParams::declare(d);
  d.field("start", &ChurnParams::start)
      .range(2, kMaxPeriods)
      .describe("first period (1-based) with arrivals and departures");
  d.field("item_churn", &ChurnParams::item_churn)
      .range(0, 0.5)
      .describe("share of the items replaced every period");
  d.field("user_churn", &ChurnParams::user_churn)
      .range(0, 0.5)
      .describe("share of the users replaced every period");
  d.check([](const ChurnParams& p) { return check_within("start", p.start, p.periods); });
}

void MixedParams::declare(ParamDecls<MixedParams>& d) {
  WorldParams::declare(d);
  d.field("rotation_rate", &MixedParams::rotation_rate)
      .range(0, 180)
      .describe("rotation per period from period 2, degrees");
  d.field("sudden_t0", &MixedParams::sudden_t0)
      .range(2, kMaxPeriods)
      .describe("first period (1-based) of the sudden jump");
  d.field("sudden_share", &MixedParams::sudden_share)
      .range(0, 1)
      .describe("share of the users that jump");
  d.field("trend_rate", &MixedParams::trend_rate)
      .range(0, 1)
      .describe("share of the items starting a burst each period");
  d.field("item_churn", &MixedParams::item_churn)
      .range(0, 0.5)
      .describe("share of the items replaced every period from 2");
  d.field("user_churn", &MixedParams::user_churn)
      .range(0, 0.5)
      .describe("share of the users replaced every period from 2");
  d.check([](const MixedParams& p) { return check_within("sudden_t0", p.sudden_t0, p.periods); });
}

void UserRatesParams::declare(ParamDecls<UserRatesParams>& d) {
  WorldParams::declare(d);
  d.field("start", &UserRatesParams::start)
      .range(2, kMaxPeriods)
      .describe("first period (1-based) whose concept differs from the one before");
  d.field("duration", &UserRatesParams::duration)
      .range(0, kMaxPeriods)
      .describe("periods of motion (0: until the last period)");
  d.field("rate", &UserRatesParams::rate)
      .range(0, 180)
      .describe("mean rotation per period of the moving users, in degrees");
  d.field("spread", &UserRatesParams::spread)
      .range(0, 3)
      .describe("s: a moving user's rate is rate * exp(s Z - s^2/2), Z ~ N(0, 1) (0: all equal)");
  d.field("still_share", &UserRatesParams::still_share)
      .range(0, 1)
      .describe("share of the users, drawn at random, whose preferences never move");
  d.check([](const UserRatesParams& p) { return check_within("start", p.start, p.periods); });
}

void ItemDriftParams::declare(ParamDecls<ItemDriftParams>& d) {
  WorldParams::declare(d);
  d.field("start", &ItemDriftParams::start)
      .range(2, kMaxPeriods)
      .describe("first period (1-based) in which items move and are replaced");
  d.field("rate", &ItemDriftParams::rate)
      .range(0, 180)
      .describe("degrees per period every item vector turns, each along its own great circle");
  d.field("replace", &ItemDriftParams::replace)
      .range(0, 0.5)
      .describe("share of the items replaced by new ones every period");
  d.check([](const ItemDriftParams& p) { return check_within("start", p.start, p.periods); });
}

void SeasonalParams::declare(ParamDecls<SeasonalParams>& d) {
  WorldParams::declare(d);
  d.field("season", &SeasonalParams::season)
      .range(2, kMaxPeriods)
      .describe("season length in periods: the mix and the click rate repeat with it");
  d.field("mix", &SeasonalParams::mix)
      .range(0, 1)
      .describe("peak share of the seasonal concept: share(t) = mix (1 - cos(2 pi t/season)) / 2");
  d.field("click_amplitude", &SeasonalParams::click_amplitude)
      .range(0, 5)
      .describe("logit amplitude of the click rate: bias + amplitude sin(2 pi t/season)");
}

void GroupsParams::declare(ParamDecls<GroupsParams>& d) {
  WorldParams::declare(d);
  d.field("groups", &GroupsParams::groups)
      .range(2, 64)
      .describe("user groups G; group G is the long tail, the others split the rest at random");
  d.field("tail_share", &GroupsParams::tail_share)
      .range(0, 1)
      .describe("share of the users, the least active ones, in the long-tail group");
  d.field("appeal_weight", &GroupsParams::appeal_weight)
      .range(0, 20)
      .describe("w: group g (1-based) weighs b_item by w (1 - 2 (g-1)/(G-1)): +w ... -w (tail)");
}

namespace {

using internal::WorldConfig;

constexpr double kRadiansPerDegree = 3.141592653589793 / 180.0;

WorldConfig world_of(const WorldParams& p) {
  WorldConfig c;
  static_cast<WorldParams&>(c) = p;
  return c;
}

// An entry whose parameters are P (defaults P{}) and whose world `make` builds.
template <class P>
ScenarioEntry scenario(std::string name, std::string description,
                       std::type_identity_t<std::function<WorldConfig(const P&)>> make) {
  return ScenarioEntry{std::move(name), std::move(description), ParamSchema(P{}),
                       [make](const ParamValues& v) { return make(v.get<P>()); }};
}

Registry<ScenarioEntry> make_registry() {
  Registry<ScenarioEntry> r("scenario");
  r.add(scenario<WorldParams>("stationary", "no drift: one concept, fixed popularity, no churn",
                              world_of));
  r.add(scenario<SuddenParams>("sudden", "at period t0 a share of the users jump to a new concept",
                               [](const SuddenParams& p) {
                                 WorldConfig c = world_of(p);
                                 c.sudden = true;
                                 c.sudden_t0 = p.t0 - 1;
                                 c.sudden_share = p.share;
                                 return c;
                               }));
  r.add(scenario<GradualParams>(
      "gradual", "two concepts mixed, the new one's share rising over a window around t0",
      [](const GradualParams& p) {
        WorldConfig c = world_of(p);
        c.gradual = true;
        c.gradual_t0 = p.t0 - 1.0;
        c.gradual_width = p.width;
        c.moa_sigmoid = p.moa_sigmoid;
        return c;
      }));
  r.add(scenario<IncrementalParams>(
      "incremental", "user vectors rotate at a constant rate in a fixed direction",
      [](const IncrementalParams& p) {
        WorldConfig c = world_of(p);
        c.incremental = true;
        c.rotation_start = p.start - 1;
        c.rotation_duration = p.duration > 0 ? p.duration : c.periods - c.rotation_start;
        c.rotation_rate = p.rate * kRadiansPerDegree;
        return c;
      }));
  r.add(scenario<RecurringParams>("recurring", "concepts come back with a seasonal period",
                                  [](const RecurringParams& p) {
                                    WorldConfig c = world_of(p);
                                    c.recurring = true;
                                    c.season = p.season;
                                    c.concepts = p.concepts;
                                    return c;
                                  }));
  r.add(scenario<PopularityShiftParams>("popularity-shift",
                                        "items trend and fade: bursts of exposure and appeal",
                                        [](const PopularityShiftParams& p) {
                                          WorldConfig c = world_of(p);
                                          c.popularity = true;
                                          c.trend_start = p.start - 1;
                                          c.trend_rate = p.trend_rate;
                                          c.burst_length = p.burst_length;
                                          c.boost = p.boost;
                                          c.appeal = p.appeal;
                                          return c;
                                        }));
  r.add(scenario<ChurnParams>("churn", "items and users retire and new ones arrive (cold start)",
                              [](const ChurnParams& p) {
                                WorldConfig c = world_of(p);
                                c.churn = true;
                                c.churn_start = p.start - 1;
                                c.item_churn = p.item_churn;
                                c.user_churn = p.user_churn;
                                return c;
                              }));
  r.add(scenario<MixedParams>(
      "mixed", "incremental rotation + sudden jump of some users + popularity shift + churn",
      [](const MixedParams& p) {
        WorldConfig c = world_of(p);
        c.incremental = true;
        c.rotation_start = 1;
        c.rotation_duration = c.periods - 1;
        c.rotation_rate = p.rotation_rate * kRadiansPerDegree;
        c.sudden = true;
        c.sudden_t0 = p.sudden_t0 - 1;
        c.sudden_share = p.sudden_share;
        // Bursts from the first period, shaped as popularity-shift's defaults.
        const PopularityShiftParams bursts;
        c.popularity = true;
        c.trend_start = 0;
        c.trend_rate = p.trend_rate;
        c.burst_length = bursts.burst_length;
        c.boost = bursts.boost;
        c.appeal = bursts.appeal;
        c.churn = true;
        c.churn_start = 1;
        c.item_churn = p.item_churn;
        c.user_churn = p.user_churn;
        return c;
      }));
  r.add(scenario<UserRatesParams>(
      "user-rates", "incremental drift with a rate per user: lognormal rates, some users still",
      [](const UserRatesParams& p) {
        WorldConfig c = world_of(p);
        c.incremental = true;
        c.rotation_start = p.start - 1;
        c.rotation_duration = p.duration > 0 ? p.duration : c.periods - c.rotation_start;
        c.rotation_rate = p.rate * kRadiansPerDegree;
        c.rate_spread = p.spread;
        c.still_share = p.still_share;
        return c;
      }));
  r.add(scenario<ItemDriftParams>(
      "item-drift", "item vectors move, each its own way, and new items replace old ones",
      [](const ItemDriftParams& p) {
        WorldConfig c = world_of(p);
        c.item_drift = true;
        c.item_drift_start = p.start - 1;
        c.item_rate = p.rate * kRadiansPerDegree;
        c.churn = p.replace > 0.0;  // items only: users stay
        c.churn_start = p.start - 1;
        c.item_churn = p.replace;
        return c;
      }));
  r.add(scenario<SeasonalParams>(
      "seasonal", "smooth seasonality: a periodic mix of two concepts and a periodic click rate",
      [](const SeasonalParams& p) {
        WorldConfig c = world_of(p);
        c.seasonal = true;
        c.seasonal_period = p.season;
        c.seasonal_mix = p.mix;
        c.seasonal_click_amplitude = p.click_amplitude;
        return c;
      }));
  r.add(scenario<GroupsParams>(
      "groups",
      "heterogeneous user groups: each group weighs item appeal its own way; a long-tail "
      "group (the least active users) likes what the crowd dislikes",
      [](const GroupsParams& p) {
        WorldConfig c = world_of(p);
        c.user_groups = true;
        c.groups = p.groups;
        c.tail_share = p.tail_share;
        c.appeal_weight = p.appeal_weight;
        return c;
      }));
  return r;
}

}  // namespace

const Registry<ScenarioEntry>& scenario_registry() {
  static const Registry<ScenarioEntry> registry = make_registry();
  return registry;
}

std::string Scenario::canonical() const { return Spec{name, params.args()}.text(); }

Scenario parse_scenario(const std::string& spec_text) {
  const auto resolved = scenario_registry().resolve(spec_text);
  return Scenario{resolved.entry->name, resolved.values};
}

}  // namespace crbench::sim
