// The latent-factor world: users and items with latent vectors, categories,
// popularity, activity and lifetimes, and the state of one period (concept
// vectors after drift, exposure and activity alias tables) from which samples are
// drawn. Everything here is a pure function of (config, seed, period), so periods
// can be prepared in any order and tests can ask for the ground truth directly.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/alias_table.hpp"
#include "sim/world_config.hpp"

namespace crbench::sim::internal {

// One period's ground truth, over the users and items alive in it ("slots").
struct PeriodState {
  int period = -1;
  int dim = 0;
  std::vector<std::int32_t> live_users, live_items;  // slot -> id
  std::vector<std::int32_t> user_slot, item_slot;    // id -> slot, -1 when not alive
  AliasTable user_alias, item_alias;                 // activity and exposure over slots
  std::vector<float> user_old, user_new;             // slot k: [k * dim, (k + 1) * dim)
  std::vector<float> item_vec;
  std::vector<double> user_term, item_term;  // b_user; b_item plus any burst appeal
  std::vector<double> user_appeal;           // weight of item_term for the user (its group's)
  // The concept each user's clicks follow when they do not draw the mixed-in one:
  // 0 the base concept_id, 1 sudden's new one for users who jumped, k recurring's k.
  std::vector<std::uint8_t> user_concept;
  double share_new = 0.0;  // gradual or seasonal drift: P(sample uses the second concept_id)
  double scale = 0.0, bias = 0.0, noise = 0.0, noise_probability = 0.0;
  std::vector<double> exposure, activity, burst;  // per id (scratch kept for reuse)

  // The click probability under the user's own concept (new_concept false) or the
  // mixed-in second concept (true): what a sample that drew that concept follows.
  double probability(std::size_t user_k, std::size_t item_k, bool new_concept) const {
    const float* u = (new_concept ? user_new.data() : user_old.data()) + user_k * dim;
    const float* v = item_vec.data() + item_k * dim;
    double dot = 0.0;
    for (int j = 0; j < dim; ++j) dot += static_cast<double>(u[j]) * v[j];
    const double z =
        scale * dot + user_term[user_k] + user_appeal[user_k] * item_term[item_k] + bias;
    return (1.0 - noise) / (1.0 + std::exp(-z)) + noise_probability;
  }
  // The best any model of (user, item, period) can do: the click probability before
  // the sample's concept is drawn, i.e. the mixture (1 - share) p_old + share p_new
  // while two concepts are mixed, else the one concept_id's probability. The label of
  // a sample is Bernoulli of this once the concept draw is averaged out.
  double attainable(std::size_t user_k, std::size_t item_k) const {
    if (share_new <= 0.0) return probability(user_k, item_k, false);
    if (share_new >= 1.0) return probability(user_k, item_k, true);
    return (1.0 - share_new) * probability(user_k, item_k, false) +
           share_new * probability(user_k, item_k, true);
  }
  // Whether a sample draws its concept (two concepts mixed, neither certain).
  bool draws_concept() const { return share_new > 0.0 && share_new < 1.0; }
  // A sample's attainable probability and the one its click follows (its drawn
  // concept_id's), and the concept_id's id: 1 for the mixed-in concept_id, else the user's.
  void outcome(std::size_t user_k, std::size_t item_k, bool drew_new, double& attainable_p,
               double& realised_p, std::uint8_t& concept_id) const {
    if (!draws_concept()) {
      const bool all_new = share_new >= 1.0;
      realised_p = attainable_p = probability(user_k, item_k, all_new);
      concept_id = all_new ? 1 : user_concept[user_k];
      return;
    }
    const double p_old = probability(user_k, item_k, false);
    const double p_new = probability(user_k, item_k, true);
    realised_p = drew_new ? p_new : p_old;
    attainable_p = (1.0 - share_new) * p_old + share_new * p_new;
    concept_id = drew_new ? 1 : user_concept[user_k];
  }
  // By ids; throw std::out_of_range when the user or item is not alive.
  double probability_of(std::int32_t user, std::int32_t item, bool new_concept) const;
  double attainable_of(std::int32_t user, std::int32_t item) const;
};

class WorldModel {
 public:
  WorldModel(const WorldConfig& config, std::uint64_t seed);

  const WorldConfig& config() const { return c_; }
  int total_users() const { return static_cast<int>(user_birth_.size()); }
  int total_items() const { return static_cast<int>(item_birth_.size()); }
  // Lifetimes: alive in periods [birth, death); death is INT_MAX for survivors.
  const std::vector<int>& user_birth() const { return user_birth_; }
  const std::vector<int>& user_death() const { return user_death_; }
  const std::vector<int>& item_birth() const { return item_birth_; }
  const std::vector<int>& item_death() const { return item_death_; }
  // Per period: the number of items alive (what could be shown).
  std::vector<int> catalogue_sizes() const;
  std::int32_t item_category(std::int32_t item) const { return item_category_[item]; }
  bool sudden_selected(std::int32_t user) const { return sudden_selected_[user] != 0; }
  // Heterogeneous groups: the user's group (0 without groups) and the weight its
  // click model gives the item term b_item (1 without groups).
  int user_group(std::int32_t user) const { return user_group_[static_cast<std::size_t>(user)]; }
  double group_appeal(int group) const;
  double activity_weight(std::int32_t user) const {
    return activity_[static_cast<std::size_t>(user)];
  }

  // User `user`'s vector in period t under its own concept or the mixed-in one.
  void user_vector(int t, std::int32_t user, bool new_concept, float* out) const;
  // Item `item`'s vector in period t (it moves only under item-side drift).
  void item_vector(int t, std::int32_t item, float* out) const;
  // The factor of the schedule's angle that user `user` turns by (per-user rates; 1
  // without them).
  double user_rate(std::int32_t user) const {
    return user_rate_.empty() ? 1.0 : user_rate_[static_cast<std::size_t>(user)];
  }
  // Fills `state` for period t (its storage is reused).
  void prepare(int t, PeriodState& state) const;

 private:
  std::vector<double> rotation(int t) const;  // d x d, row-major
  const float* base_vector(int t, std::int32_t user, bool new_concept) const;
  // u turned as user `user` is in period t: by the matrix r (one rotation for all)
  // or, with per-user rates, by its own angle in the same planes.
  void turn(int t, std::int32_t user, const float* u, const std::vector<double>& r,
            float* out) const;
  void draw_user_rates();
  void draw_item_directions();
  void burst_strength(int t, std::vector<double>& burst) const;
  void assign_groups();

  WorldConfig c_;
  std::uint64_t seed_;
  std::vector<int> user_birth_, user_death_, item_birth_, item_death_;
  std::vector<float> user_base_, user_sudden_, user_gradual_, user_seasonal_;
  std::vector<double> user_rate_;  // per-user rate factors (empty: all 1)
  std::vector<float> item_dir_;    // item-side drift: each item's second great-circle axis
  std::vector<std::vector<float>> user_recurring_;  // concepts 1.. (0 is user_base_)
  std::vector<std::uint8_t> sudden_selected_;
  std::vector<std::int32_t> user_group_;
  std::vector<double> basis_;  // d x d orthonormal rows: the planes of rotation
  std::vector<float> item_vec_;
  std::vector<std::int32_t> item_category_;
  std::vector<double> user_bias_, item_bias_, activity_, exposure_;
};

}  // namespace crbench::sim::internal
