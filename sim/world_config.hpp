// Every knob of the simulated world in one struct, with periods already 0-based:
// the world's declared parameters, and the drifts, which scenarios switch on with
// their own values (each scenario's entry maps its declared, 1-based parameters
// onto them: sim/scenario_catalog.cpp).
#pragma once

#include <cstdint>

#include "sim/scenario.hpp"
#include "sim/scenario_params.hpp"

namespace crbench::sim::internal {

struct WorldConfig : WorldParams {
  // The drifts, each off unless its scenario switches it on and sets its knobs.
  // Sudden: from period sudden_t0 on, a share of the users use a new concept.
  bool sudden = false;
  int sudden_t0 = 0;
  double sudden_share = 0.0;

  // Gradual: the new concept's share rises over a window centred at gradual_t0.
  bool gradual = false;
  double gradual_t0 = 0.0;
  double gradual_width = 0.0;
  bool moa_sigmoid = false;

  // Incremental: user vectors rotate by rotation_rate radians a period; periods
  // rotation_start .. rotation_start + rotation_duration - 1 each differ from the one before.
  bool incremental = false;
  int rotation_start = 0;
  int rotation_duration = 0;
  double rotation_rate = 0.0;
  // Per-user drift rates: user u turns by rotation_rate * f_u a period, f_u = 0 for a
  // share still_share of the users, else lognormal with mean 1 and log-sd rate_spread.
  // Both 0: every user turns at rotation_rate (one rotation for all, as incremental).
  double rate_spread = 0.0;
  double still_share = 0.0;

  // Recurring: concept floor((t mod season) * concepts / season).
  bool recurring = false;
  int season = 0;
  int concepts = 0;

  // Popularity shift: from trend_start on, a share of items starts a burst each period.
  bool popularity = false;
  int trend_start = 0;
  double trend_rate = 0.0;
  int burst_length = 0;
  double boost = 1.0;  // no extra exposure
  double appeal = 0.0;

  // Item-side drift: from item_drift_start on, every item vector turns by item_rate
  // radians a period along its own great circle (each item in its own direction, so
  // no user rotation can mimic it). New items replacing old ones are churn's items.
  bool item_drift = false;
  int item_drift_start = 0;
  double item_rate = 0.0;

  // Smooth seasonality: a second concept mixed in per sample with share
  // seasonal_mix (1 - cos(2 pi t / seasonal_period)) / 2, and the base click logit
  // moving as bias + seasonal_click_amplitude sin(2 pi t / seasonal_period).
  bool seasonal = false;
  int seasonal_period = 0;
  double seasonal_mix = 0.0;
  double seasonal_click_amplitude = 0.0;

  // Heterogeneous groups: users in `groups` groups, the last one the round(tail_share
  // * users) least active users; group g's click logit weighs b_item by
  // appeal_weight * (1 - 2g / (groups - 1)) instead of 1.
  bool user_groups = false;
  int groups = 0;
  double tail_share = 0.0;
  double appeal_weight = 0.0;

  // Churn and cold start: from churn_start on, a share of the items (users) retire
  // each period and as many new ones arrive.
  bool churn = false;
  int churn_start = 0;
  double item_churn = 0.0;
  double user_churn = 0.0;
};

// The scenario's parameters as a world (periods converted to 0-based).
WorldConfig config_from_scenario(const Scenario& scenario);

}  // namespace crbench::sim::internal
