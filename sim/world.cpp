// Building the world (latent vectors, categories, popularity, activity, churn
// lifetimes) and preparing each period's ground truth. Every random choice uses its
// own seed derived from the world seed and a purpose (core/seeding.hpp), so
// that switching one drift on does not change the draws of another.
#include "sim/world.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "sim/drift.hpp"
#include "sim/rng.hpp"

namespace crbench::sim::internal {
namespace {

// Coordinates N(0, 1/d), so vectors have norm about 1 and <u, v> sd about 1/sqrt(d).
std::vector<float> gaussian_vectors(std::size_t count, int dim, std::uint64_t seed) {
  Rng rng(seed);
  const double sd = 1.0 / std::sqrt(static_cast<double>(dim));
  std::vector<float> out(count * static_cast<std::size_t>(dim));
  for (float& x : out) x = static_cast<float>(sd * gaussian(rng));
  return out;
}

std::vector<double> gaussian_terms(std::size_t count, double sd, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<double> out(count);
  for (double& x : out) x = sd * gaussian(rng);
  return out;
}

// Zipf weights (rank + 1)^-skew over a random permutation of the ranks.
std::vector<double> zipf_weights(std::size_t count, double skew, std::uint64_t seed) {
  std::vector<std::size_t> rank(count);
  std::iota(rank.begin(), rank.end(), std::size_t{0});
  Rng rng(seed);
  for (std::size_t k = count; k > 1; --k) std::swap(rank[k - 1], rank[uniform_below(rng, k)]);
  std::vector<double> w(count);
  for (std::size_t k = 0; k < count; ++k) w[k] = std::pow(static_cast<double>(rank[k] + 1), -skew);
  return w;
}

// Lifetimes under churn: every period from `start` on, round(rate * initial) of the
// alive ids, drawn uniformly, retire and as many new ids (numbered on) arrive.
void lifetimes(int initial, double rate, bool churn, const WorldConfig& c, std::uint64_t seed,
               std::vector<int>& birth, std::vector<int>& death) {
  birth.assign(static_cast<std::size_t>(initial), 0);
  death.assign(static_cast<std::size_t>(initial), INT_MAX);
  const auto k = static_cast<std::size_t>(std::llround(rate * initial));
  if (!churn || k == 0) return;
  std::vector<int> alive(static_cast<std::size_t>(initial));
  std::iota(alive.begin(), alive.end(), 0);
  Rng rng(seed);
  const std::size_t n = alive.size();
  for (int t = std::max(c.churn_start, 1); t < c.periods; ++t) {
    for (std::size_t j = 0; j < k; ++j) {  // partial Fisher-Yates: the last k retire
      std::swap(alive[uniform_below(rng, n - j)], alive[n - 1 - j]);
      const int gone = alive[n - 1 - j];
      death[static_cast<std::size_t>(gone)] = t;
      alive[n - 1 - j] = static_cast<int>(birth.size());
      birth.push_back(t);
      death.push_back(INT_MAX);
    }
  }
}

}  // namespace

namespace {

std::pair<std::size_t, std::size_t> slots_of(const PeriodState& st, std::int32_t user,
                                             std::int32_t item) {
  if (user < 0 || item < 0 || static_cast<std::size_t>(user) >= st.user_slot.size() ||
      static_cast<std::size_t>(item) >= st.item_slot.size() || st.user_slot[user] < 0 ||
      st.item_slot[item] < 0)
    throw std::out_of_range("probability_of: user or item not alive in this period");
  return {static_cast<std::size_t>(st.user_slot[user]),
          static_cast<std::size_t>(st.item_slot[item])};
}

}  // namespace

double PeriodState::probability_of(std::int32_t user, std::int32_t item, bool new_concept) const {
  const auto [u, i] = slots_of(*this, user, item);
  return probability(u, i, new_concept);
}

double PeriodState::attainable_of(std::int32_t user, std::int32_t item) const {
  const auto [u, i] = slots_of(*this, user, item);
  return attainable(u, i);
}

WorldModel::WorldModel(const WorldConfig& config, std::uint64_t seed) : c_(config), seed_(seed) {
  lifetimes(c_.users, c_.user_churn, c_.churn, c_, derive_seed(seed, "sim.user_churn"), user_birth_,
            user_death_);
  lifetimes(c_.items, c_.item_churn, c_.churn, c_, derive_seed(seed, "sim.item_churn"), item_birth_,
            item_death_);
  const auto nu = user_birth_.size(), ni = item_birth_.size();
  const int d = c_.dim;

  user_base_ = gaussian_vectors(nu, d, derive_seed(seed, "sim.user_vectors"));
  user_bias_ = gaussian_terms(nu, c_.user_bias_std, derive_seed(seed, "sim.user_bias"));
  activity_ = zipf_weights(nu, c_.activity_skew, derive_seed(seed, "sim.activity"));
  if (c_.sudden) {
    user_sudden_ = gaussian_vectors(nu, d, derive_seed(seed, "sim.sudden_vectors"));
    // Exactly round(share * users) of the ids, drawn without replacement.
    std::vector<std::size_t> order(nu);
    std::iota(order.begin(), order.end(), std::size_t{0});
    Rng rng(derive_seed(seed, "sim.sudden_users"));
    for (std::size_t k = nu; k > 1; --k) std::swap(order[k - 1], order[uniform_below(rng, k)]);
    sudden_selected_.assign(nu, 0);
    const auto chosen = static_cast<std::size_t>(std::llround(c_.sudden_share * nu));
    for (std::size_t k = 0; k < chosen; ++k) sudden_selected_[order[k]] = 1;
  } else {
    sudden_selected_.assign(nu, 0);
  }
  assign_groups();
  if (c_.gradual) user_gradual_ = gaussian_vectors(nu, d, derive_seed(seed, "sim.gradual_vectors"));
  if (c_.seasonal)
    user_seasonal_ = gaussian_vectors(nu, d, derive_seed(seed, "sim.seasonal_vectors"));
  if (c_.recurring) {
    for (int k = 1; k < c_.concepts; ++k)
      user_recurring_.push_back(
          gaussian_vectors(nu, d, derive_seed(seed, "sim.recurring_vectors", k)));
  }
  if (c_.incremental) {
    // A random orthonormal basis (Gram-Schmidt); consecutive rows pair into the
    // planes of rotation, all turning at the same rate, so that every user vector
    // turns by exactly the rate each period when d is even.
    Rng rng(derive_seed(seed, "sim.rotation_basis"));
    basis_.resize(static_cast<std::size_t>(d) * d);
    for (int r = 0; r < d; ++r) {
      double* row = basis_.data() + static_cast<std::size_t>(r) * d;
      for (double norm = 0.0; norm < 1e-6;) {
        for (int j = 0; j < d; ++j) row[j] = gaussian(rng);
        for (int q = 0; q < r; ++q) {
          const double* prev = basis_.data() + static_cast<std::size_t>(q) * d;
          double dot = 0.0;
          for (int j = 0; j < d; ++j) dot += row[j] * prev[j];
          for (int j = 0; j < d; ++j) row[j] -= dot * prev[j];
        }
        norm = 0.0;
        for (int j = 0; j < d; ++j) norm += row[j] * row[j];
        norm = std::sqrt(norm);
        if (norm >= 1e-6)
          for (int j = 0; j < d; ++j) row[j] /= norm;
      }
    }
    if (c_.rate_spread > 0.0 || c_.still_share > 0.0) draw_user_rates();
  }

  // Items: a category each (the first `categories` items cover every category), a
  // vector around its category's centre, an appeal term and an exposure weight.
  item_category_.resize(ni);
  {
    Rng rng(derive_seed(seed, "sim.item_categories"));
    for (std::size_t i = 0; i < ni; ++i)
      item_category_[i] = i < static_cast<std::size_t>(c_.categories)
                              ? static_cast<std::int32_t>(i)
                              : static_cast<std::int32_t>(uniform_below(rng, c_.categories));
  }
  const std::vector<float> centres = gaussian_vectors(static_cast<std::size_t>(c_.categories), d,
                                                      derive_seed(seed, "sim.category_centres"));
  item_vec_ = gaussian_vectors(ni, d, derive_seed(seed, "sim.item_vectors"));
  const double own = std::sqrt(1.0 - c_.category_share), shared = std::sqrt(c_.category_share);
  for (std::size_t i = 0; i < ni; ++i) {
    const float* centre = centres.data() + static_cast<std::size_t>(item_category_[i]) * d;
    float* v = item_vec_.data() + i * d;
    for (int j = 0; j < d; ++j) v[j] = static_cast<float>(own * v[j] + shared * centre[j]);
  }
  item_bias_ = gaussian_terms(ni, c_.item_bias_std, derive_seed(seed, "sim.item_bias"));
  exposure_ = zipf_weights(ni, c_.pop_skew, derive_seed(seed, "sim.exposure"));
  if (c_.item_drift) draw_item_directions();
}

// Per-user rates: exactly round(still_share * users) users, drawn at random, never
// move; the others' factors are lognormal exp(s Z - s^2 / 2), mean 1, so the
// scenario's rate stays the moving users' mean rate.
void WorldModel::draw_user_rates() {
  const std::size_t nu = user_birth_.size();
  user_rate_.resize(nu);
  Rng rng(derive_seed(seed_, "sim.user_rates"));
  const double s = c_.rate_spread;
  for (double& f : user_rate_) f = std::exp(s * gaussian(rng) - 0.5 * s * s);
  std::vector<std::size_t> order(nu);
  std::iota(order.begin(), order.end(), std::size_t{0});
  Rng pick(derive_seed(seed_, "sim.still_users"));
  for (std::size_t k = nu; k > 1; --k) std::swap(order[k - 1], order[uniform_below(pick, k)]);
  const auto still =
      static_cast<std::size_t>(std::llround(c_.still_share * static_cast<double>(nu)));
  for (std::size_t k = 0; k < still; ++k) user_rate_[order[k]] = 0.0;
}

// Item-side drift: each item turns in the plane of its own vector v and a random
// direction w orthogonal to it with |w| = |v|, so v(t) = cos(a) v + sin(a) w keeps
// its norm and each item moves its own way.
void WorldModel::draw_item_directions() {
  const std::size_t ni = item_birth_.size();
  const auto d = static_cast<std::size_t>(c_.dim);
  item_dir_ = gaussian_vectors(ni, c_.dim, derive_seed(seed_, "sim.item_directions"));
  for (std::size_t i = 0; i < ni; ++i) {
    const float* v = item_vec_.data() + i * d;
    float* w = item_dir_.data() + i * d;
    double vv = 0.0, vw = 0.0;
    for (std::size_t j = 0; j < d; ++j)
      vv += static_cast<double>(v[j]) * v[j], vw += static_cast<double>(v[j]) * w[j];
    if (vv <= 0.0) continue;
    double ww = 0.0;
    for (std::size_t j = 0; j < d; ++j) {
      w[j] = static_cast<float>(w[j] - vw / vv * v[j]);
      ww += static_cast<double>(w[j]) * w[j];
    }
    // With d = 1 nothing is orthogonal to v: the item stays put.
    const double scale = ww > 1e-12 ? std::sqrt(vv / ww) : 0.0;
    for (std::size_t j = 0; j < d; ++j) w[j] = static_cast<float>(w[j] * scale);
  }
}

// Heterogeneous groups. A group-specific linear map of the latent factors would not
// do: <u, A_g v> = <A_g^T u, v> is just another user vector, which a per-user
// embedding absorbs. What no user vector can express is a group-specific weight of
// an item-level term: group g weighs the item's appeal b_item by w (1 - 2g/(G-1)),
// from +w (follows the crowd) to -w for the long-tail group (contrarian niche
// tastes), so a shared model must learn an interaction of group and item.
void WorldModel::assign_groups() {
  const std::size_t nu = user_birth_.size();
  user_group_.assign(nu, 0);
  if (!c_.user_groups) return;
  // The least active users, by activity weight (ties by id), form the tail group.
  std::vector<std::size_t> by_activity(nu);
  std::iota(by_activity.begin(), by_activity.end(), std::size_t{0});
  std::stable_sort(by_activity.begin(), by_activity.end(),
                   [&](std::size_t a, std::size_t b) { return activity_[a] < activity_[b]; });
  const auto tail = static_cast<std::size_t>(std::llround(c_.tail_share * static_cast<double>(nu)));
  Rng rng(derive_seed(seed_, "sim.user_groups"));
  for (std::size_t k = 0; k < nu; ++k) {
    user_group_[by_activity[k]] = k < tail ? c_.groups - 1
                                           : static_cast<std::int32_t>(uniform_below(
                                                 rng, static_cast<std::uint64_t>(c_.groups - 1)));
  }
}

std::vector<int> WorldModel::catalogue_sizes() const {
  std::vector<int> alive(static_cast<std::size_t>(c_.periods), 0);
  for (std::size_t i = 0; i < item_birth_.size(); ++i)
    for (int t = item_birth_[i]; t < std::min(item_death_[i], c_.periods); ++t)
      ++alive[static_cast<std::size_t>(t)];
  return alive;
}

double WorldModel::group_appeal(int group) const {
  if (!c_.user_groups) return 1.0;
  return c_.appeal_weight * (1.0 - 2.0 * group / static_cast<double>(c_.groups - 1));
}

std::vector<double> WorldModel::rotation(int t) const {
  const int d = c_.dim;
  std::vector<double> r(static_cast<std::size_t>(d) * d, 0.0);
  for (int j = 0; j < d; ++j) r[static_cast<std::size_t>(j) * d + j] = 1.0;
  const double theta = rotation_angle(c_, t);
  if (theta == 0.0) return r;
  // R = I + sum over planes (q1, q2) of (cos - 1)(q1 q1' + q2 q2') + sin (q2 q1' - q1 q2').
  const double cm1 = std::cos(theta) - 1.0, s = std::sin(theta);
  for (int p = 0; p + 1 < d; p += 2) {
    const double* q1 = basis_.data() + static_cast<std::size_t>(p) * d;
    const double* q2 = q1 + d;
    for (int a = 0; a < d; ++a)
      for (int b = 0; b < d; ++b)
        r[static_cast<std::size_t>(a) * d + b] +=
            cm1 * (q1[a] * q1[b] + q2[a] * q2[b]) + s * (q2[a] * q1[b] - q1[a] * q2[b]);
  }
  return r;
}

const float* WorldModel::base_vector(int t, std::int32_t user, bool new_concept) const {
  const auto offset = static_cast<std::size_t>(user) * static_cast<std::size_t>(c_.dim);
  if (new_concept && c_.gradual) return user_gradual_.data() + offset;
  if (new_concept && c_.seasonal) return user_seasonal_.data() + offset;
  if (c_.sudden && t >= c_.sudden_t0 && sudden_selected_[user]) return user_sudden_.data() + offset;
  const int k = recurring_concept(c_, t);
  if (k > 0) return user_recurring_[static_cast<std::size_t>(k - 1)].data() + offset;
  return user_base_.data() + offset;
}

void WorldModel::turn(int t, std::int32_t user, const float* u, const std::vector<double>& r,
                      float* out) const {
  const int d = c_.dim;
  const auto du = static_cast<std::size_t>(d);
  if (user_rate_.empty()) {
    for (int a = 0; a < d; ++a) {
      double x = 0.0;
      for (int b = 0; b < d; ++b) x += r[static_cast<std::size_t>(a) * du + b] * u[b];
      out[a] = static_cast<float>(x);
    }
    return;
  }
  // The same planes as the shared rotation, each turned by this user's angle:
  // in the plane's coordinates (x1, x2) -> (cos x1 - sin x2, sin x1 + cos x2).
  const double theta = rotation_angle(c_, t) * user_rate_[static_cast<std::size_t>(user)];
  const double cs = std::cos(theta), sn = std::sin(theta);
  double v[64];
  for (int j = 0; j < d; ++j) v[j] = u[j];
  for (int p = 0; p + 1 < d; p += 2) {
    const double* q1 = basis_.data() + static_cast<std::size_t>(p) * du;
    const double* q2 = q1 + du;
    double x1 = 0.0, x2 = 0.0;
    for (int j = 0; j < d; ++j) x1 += q1[j] * u[j], x2 += q2[j] * u[j];
    const double d1 = cs * x1 - sn * x2 - x1, d2 = sn * x1 + cs * x2 - x2;
    for (int j = 0; j < d; ++j) v[j] += d1 * q1[j] + d2 * q2[j];
  }
  for (int j = 0; j < d; ++j) out[j] = static_cast<float>(v[j]);
}

void WorldModel::user_vector(int t, std::int32_t user, bool new_concept, float* out) const {
  turn(t, user, base_vector(t, user, new_concept), rotation(t), out);
}

void WorldModel::item_vector(int t, std::int32_t item, float* out) const {
  const auto du = static_cast<std::size_t>(c_.dim);
  const float* v = item_vec_.data() + static_cast<std::size_t>(item) * du;
  const double a = item_angle(c_, t);
  if (a == 0.0) {
    std::copy_n(v, du, out);
    return;
  }
  const float* w = item_dir_.data() + static_cast<std::size_t>(item) * du;
  const double cs = std::cos(a), sn = std::sin(a);
  for (std::size_t j = 0; j < du; ++j) out[j] = static_cast<float>(cs * v[j] + sn * w[j]);
}

void WorldModel::burst_strength(int t, std::vector<double>& burst) const {
  burst.assign(item_birth_.size(), 0.0);
  if (!c_.popularity || c_.trend_rate <= 0.0) return;
  const auto k = static_cast<std::size_t>(std::llround(c_.trend_rate * c_.items));
  std::vector<std::int32_t> alive;
  // Bursts that started in the last burst_length periods, replayed from their own
  // seeds so that period t does not depend on having prepared t - 1.
  for (int s = std::max(c_.trend_start, t - c_.burst_length + 1); s <= t; ++s) {
    alive.clear();
    for (std::size_t i = 0; i < item_birth_.size(); ++i)
      if (item_birth_[i] <= s && s < item_death_[i]) alive.push_back(static_cast<std::int32_t>(i));
    Rng rng(derive_seed(seed_, "sim.bursts", static_cast<std::uint64_t>(s)));
    const double strength = burst_profile(c_.burst_length, t - s);
    for (std::size_t j = 0; j < k; ++j) {
      const std::int32_t i = alive[uniform_below(rng, alive.size())];
      burst[static_cast<std::size_t>(i)] = std::max(burst[static_cast<std::size_t>(i)], strength);
    }
  }
}

void WorldModel::prepare(int t, PeriodState& st) const {
  const int d = c_.dim;
  const auto du = static_cast<std::size_t>(d);
  st.period = t;
  st.dim = d;
  st.scale = c_.scale;
  st.bias = click_bias(c_, t);
  st.noise = c_.noise;
  st.noise_probability = c_.noise / (1.0 + std::exp(-st.bias));
  st.share_new = mixing_share(c_, t);
  const bool mixing = c_.gradual || c_.seasonal;

  st.live_users.clear();
  st.user_slot.assign(user_birth_.size(), -1);
  for (std::size_t u = 0; u < user_birth_.size(); ++u) {
    if (user_birth_[u] <= t && t < user_death_[u]) {
      st.user_slot[u] = static_cast<std::int32_t>(st.live_users.size());
      st.live_users.push_back(static_cast<std::int32_t>(u));
    }
  }
  st.live_items.clear();
  st.item_slot.assign(item_birth_.size(), -1);
  for (std::size_t i = 0; i < item_birth_.size(); ++i) {
    if (item_birth_[i] <= t && t < item_death_[i]) {
      st.item_slot[i] = static_cast<std::int32_t>(st.live_items.size());
      st.live_items.push_back(static_cast<std::int32_t>(i));
    }
  }

  // Users: concept vectors after this period's drift, rotated; activity.
  const std::vector<double> r = rotation(t);
  const std::size_t nu = st.live_users.size();
  st.user_old.resize(nu * du);
  st.user_new.resize(mixing ? nu * du : 0);
  st.user_term.resize(nu);
  st.user_appeal.resize(nu);
  st.user_concept.resize(nu);
  st.activity.resize(nu);
  const int recurring = recurring_concept(c_, t);
  for (std::size_t k = 0; k < nu; ++k) {
    const std::int32_t u = st.live_users[k];
    turn(t, u, base_vector(t, u, false), r, st.user_old.data() + k * du);
    if (mixing) turn(t, u, base_vector(t, u, true), r, st.user_new.data() + k * du);
    const bool jumped = c_.sudden && t >= c_.sudden_t0 && sudden_selected_[u];
    st.user_concept[k] = static_cast<std::uint8_t>(jumped ? 1 : recurring);
    st.user_term[k] = user_bias_[static_cast<std::size_t>(u)];
    st.user_appeal[k] = group_appeal(user_group(u));
    st.activity[k] = activity_[static_cast<std::size_t>(u)];
  }
  st.user_alias.build(st.activity);

  // Items: vectors, appeal and exposure, both raised by any burst in progress.
  burst_strength(t, st.burst);
  const std::size_t ni = st.live_items.size();
  st.item_vec.resize(ni * du);
  st.item_term.resize(ni);
  st.exposure.resize(ni);
  for (std::size_t k = 0; k < ni; ++k) {
    const auto i = static_cast<std::size_t>(st.live_items[k]);
    item_vector(t, st.live_items[k], st.item_vec.data() + k * du);
    const double f = st.burst[i];
    st.item_term[k] = item_bias_[i] + c_.appeal * f;
    st.exposure[k] = exposure_[i] * (1.0 + (c_.boost - 1.0) * f);
  }
  st.item_alias.build(st.exposure);
}

}  // namespace crbench::sim::internal
