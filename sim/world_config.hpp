// Every knob of the simulated world in one struct, with periods already 0-based:
// scenarios differ only in which drifts they switch on and with what values
// (config_from_scenario maps a scenario's declared, 1-based parameters onto it).
#pragma once

#include <cstdint>

#include "sim/scenario.hpp"

namespace crbench::sim::internal {

struct WorldConfig {
  // The world (every scenario).
  int periods = 31;
  int samples_per_period = 4000;
  int users = 2000;
  int items = 3000;
  int categories = 20;
  int dim = 8;
  double scale = 4.0;  // a
  double bias = -0.5;  // c
  double noise = 0.0;  // share of clicks that ignore preferences
  double item_bias_std = 0.5;
  double user_bias_std = 0.5;
  double category_share = 0.5;
  double pop_skew = 0.8;
  double activity_skew = 1.0;

  // Sudden: from period sudden_t0 on, a share of the users use a new concept.
  bool sudden = false;
  int sudden_t0 = 15;
  double sudden_share = 1.0;

  // Gradual: the new concept's share rises over a window centred at gradual_t0.
  bool gradual = false;
  double gradual_t0 = 15.0;
  double gradual_width = 8.0;
  bool moa_sigmoid = false;

  // Incremental: user vectors rotate by rotation_rate radians a period; periods
  // rotation_start .. rotation_start + rotation_duration - 1 each differ from the one before.
  bool incremental = false;
  int rotation_start = 0;
  int rotation_duration = 30;
  double rotation_rate = 0.0;

  // Recurring: concept floor((t mod season) * concepts / season).
  bool recurring = false;
  int season = 8;
  int concepts = 2;

  // Popularity shift: from trend_start on, a share of items starts a burst each period.
  bool popularity = false;
  int trend_start = 0;
  double trend_rate = 0.02;
  int burst_length = 6;
  double boost = 20.0;
  double appeal = 0.5;

  // Heterogeneous groups: users in `groups` groups, the last one the round(tail_share
  // * users) least active users; group g's click logit weighs b_item by
  // appeal_weight * (1 - 2g / (groups - 1)) instead of 1.
  bool user_groups = false;
  int groups = 3;
  double tail_share = 0.3;
  double appeal_weight = 2.0;

  // Churn and cold start: from churn_start on, a share of the items (users) retire
  // each period and as many new ones arrive.
  bool churn = false;
  int churn_start = 1;
  double item_churn = 0.0;
  double user_churn = 0.0;
};

// The scenario's parameters as a world (periods converted to 0-based).
WorldConfig config_from_scenario(const Scenario& scenario);

}  // namespace crbench::sim::internal
