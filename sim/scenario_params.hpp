// The scenarios' declared parameters: the world every scenario shares, then each
// drift's own (core/params.hpp). Drift times are 1-based periods here, as users
// count them, and angles are degrees; the world (world_config.hpp) converts them.
#pragma once

#include <string>
#include <vector>

#include "core/params.hpp"

namespace crbench::sim {

inline constexpr double kMaxPeriods = 100000;

struct WorldParams {
  int periods = 31;
  int samples_per_period = 4000;
  int users = 2000;
  int items = 3000;
  int categories = 20;
  int dim = 8;
  double scale = 4.0;  // a
  double bias = -0.5;  // c
  double noise = 0.0;
  double item_bias_std = 0.5;
  double user_bias_std = 0.5;
  double category_share = 0.5;
  double pop_skew = 0.8;
  double activity_skew = 1.0;

  template <class P>
  static void declare(ParamDecls<P>& d);
};

struct Scenario;  // sim/scenario.hpp

// The world parameters a scenario resolves to (the sizes every drift shares).
WorldParams world_params(const Scenario& scenario);
// Its drift windows: 0-based inclusive periods, sorted by start, as the stream
// metadata holds them.
void drift_windows(const Scenario& scenario, std::vector<int>& starts, std::vector<int>& ends);

// "key=value is after the last period (periods=T)" when a 1-based period is past
// the world's last one, else "".
std::string check_within(const char* key, double value, int periods);

struct SuddenParams : WorldParams {
  int t0 = 16;
  double share = 1.0;
  static void declare(ParamDecls<SuddenParams>& d);
};

struct GradualParams : WorldParams {
  double t0 = 16.0;
  double width = 8.0;
  bool moa_sigmoid = false;
  static void declare(ParamDecls<GradualParams>& d);
};

struct IncrementalParams : WorldParams {
  int start = 2;
  int duration = 0;  // 0: until the last period
  double rate = 6.0;
  static void declare(ParamDecls<IncrementalParams>& d);
};

struct RecurringParams : WorldParams {
  int season = 8;
  int concepts = 2;
  static void declare(ParamDecls<RecurringParams>& d);
};

struct PopularityShiftParams : WorldParams {
  int start = 1;
  double trend_rate = 0.02;
  int burst_length = 6;
  double boost = 20.0;
  double appeal = 0.5;
  static void declare(ParamDecls<PopularityShiftParams>& d);
};

struct ChurnParams : WorldParams {
  int start = 2;
  double item_churn = 0.02;
  double user_churn = 0.02;
  static void declare(ParamDecls<ChurnParams>& d);
};

struct MixedParams : WorldParams {
  double rotation_rate = 3.0;
  int sudden_t0 = 16;
  double sudden_share = 0.5;
  double trend_rate = 0.02;
  double item_churn = 0.01;
  double user_churn = 0.01;
  static void declare(ParamDecls<MixedParams>& d);
};

struct UserRatesParams : WorldParams {
  int start = 2;
  int duration = 0;  // 0: until the last period
  double rate = 6.0;
  double spread = 1.0;
  double still_share = 0.25;
  static void declare(ParamDecls<UserRatesParams>& d);
};

struct ItemDriftParams : WorldParams {
  int start = 2;
  double rate = 6.0;
  double replace = 0.02;
  static void declare(ParamDecls<ItemDriftParams>& d);
};

struct SeasonalParams : WorldParams {
  int season = 12;
  double mix = 0.8;
  double click_amplitude = 0.5;
  static void declare(ParamDecls<SeasonalParams>& d);
};

struct GroupsParams : WorldParams {
  int groups = 3;
  double tail_share = 0.3;
  double appeal_weight = 2.0;
  static void declare(ParamDecls<GroupsParams>& d);
};

// ---- implementation ----

template <class P>
void WorldParams::declare(ParamDecls<P>& d) {
  d.field("periods", &WorldParams::periods)
      .range(2, kMaxPeriods)
      .describe("number of periods (equal-count chunks of the stream)");
  d.field("samples_per_period", &WorldParams::samples_per_period)
      .range(1, 10000000)
      .describe("samples (impressions) in every period");
  d.field("users", &WorldParams::users).range(2, 1000000).describe("users alive in any period");
  d.field("items", &WorldParams::items).range(2, 1000000).describe("items alive in any period");
  d.field("categories", &WorldParams::categories)
      .range(1, 10000)
      .describe("item categories (one per item; a category's items share a latent centre)");
  d.field("dim", &WorldParams::dim)
      .range(1, 64)
      .describe("latent dimension d of user and item vectors");
  d.field("scale", &WorldParams::scale)
      .range(0, 50)
      .describe("a: weight of the affinity <u, v> in the click logit");
  d.field("bias", &WorldParams::bias)
      .range(-10, 10)
      .describe("c: base click logit (sets the click rate)");
  d.field("noise", &WorldParams::noise)
      .range(0, 1)
      .describe(
          "share of clicks that ignore preferences: p = (1 - noise) sigma(z) + noise sigma(c)");
  d.field("item_bias_std", &WorldParams::item_bias_std)
      .range(0, 5)
      .describe("standard deviation of the item term b_item (logit)");
  d.field("user_bias_std", &WorldParams::user_bias_std)
      .range(0, 5)
      .describe("standard deviation of the user term b_user (logit)");
  d.field("category_share", &WorldParams::category_share)
      .range(0, 1)
      .describe("share of an item vector's variance that comes from its category centre");
  d.field("pop_skew", &WorldParams::pop_skew)
      .range(0, 3)
      .describe("Zipf exponent of item exposure (0: uniform)");
  d.field("activity_skew", &WorldParams::activity_skew)
      .range(0, 3)
      .describe("Zipf exponent of user activity (0: uniform)");
  d.check([](const P& p) -> std::string {
    if (p.categories > p.items)
      return "categories=" + format_number(p.categories) +
             " exceeds items=" + format_number(p.items);
    if (static_cast<double>(p.periods) * p.samples_per_period > 4294967295.0)
      return "periods * samples_per_period exceeds 2^32 - 1 samples";
    return "";
  });
}

}  // namespace crbench::sim
