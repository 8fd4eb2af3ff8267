// The world's per-period ground truth over a stream's dense ids.
#include "sim/ground_truth.hpp"

#include <cmath>
#include <vector>

#include "sim/world.hpp"
#include "sim/world_config.hpp"

namespace crbench::sim {
namespace {

class WorldPeriod final : public GroundTruthPeriod {
 public:
  WorldPeriod(const internal::WorldModel& model, int period,
              const std::vector<std::int64_t>& raw_user, const std::vector<std::int64_t>& raw_item)
      : draws_(static_cast<double>(model.config().samples_per_period)) {
    model.prepare(period, state_);
    for (const double a : state_.activity) total_activity_ += a;
    for (const double e : state_.exposure) total_exposure_ += e;
    // Dense ids -> the period's slots (-1: not alive, or not a world id).
    auto slots = [](const std::vector<std::int64_t>& raw, const std::vector<std::int32_t>& slot) {
      std::vector<std::int32_t> out(raw.size(), -1);
      for (std::size_t k = 0; k < raw.size(); ++k)
        if (raw[k] >= 0 && static_cast<std::size_t>(raw[k]) < slot.size())
          out[k] = slot[static_cast<std::size_t>(raw[k])];
      return out;
    };
    user_slot_ = slots(raw_user, state_.user_slot);
    item_slot_ = slots(raw_item, state_.item_slot);
  }

  void period_click_probability(std::int32_t user, std::span<const std::int32_t> items,
                                std::span<float> out) const override {
    const std::int32_t u = user >= 0 && static_cast<std::size_t>(user) < user_slot_.size()
                               ? user_slot_[static_cast<std::size_t>(user)]
                               : -1;
    const double a = u < 0 ? 0.0 : state_.activity[static_cast<std::size_t>(u)] / total_activity_;
    for (std::size_t k = 0; k < items.size(); ++k) {
      const std::int32_t item = items[k];
      const std::int32_t i = item >= 0 && static_cast<std::size_t>(item) < item_slot_.size()
                                 ? item_slot_[static_cast<std::size_t>(item)]
                                 : -1;
      if (u < 0 || i < 0) {
        out[k] = 0.0f;
        continue;
      }
      const auto uk = static_cast<std::size_t>(u), ik = static_cast<std::size_t>(i);
      // The concepts mixed as the period mixes them (gradual or seasonal drift).
      const double p = state_.attainable(uk, ik);
      const double per_draw = a * state_.exposure[ik] / total_exposure_ * p;
      out[k] = static_cast<float>(-std::expm1(draws_ * std::log1p(-per_draw)));
    }
  }

 private:
  internal::PeriodState state_;
  double draws_;
  double total_activity_ = 0.0;
  double total_exposure_ = 0.0;
  std::vector<std::int32_t> user_slot_, item_slot_;  // by dense id
};

class WorldGroundTruth final : public GroundTruth {
 public:
  WorldGroundTruth(const Scenario& scenario, std::uint64_t seed, const Stream& stream)
      : model_(internal::config_from_scenario(scenario), seed),
        raw_user_(stream.raw_user_id),
        raw_item_(stream.raw_item_id) {}

  std::unique_ptr<const GroundTruthPeriod> period(int period) const override {
    return std::make_unique<WorldPeriod>(model_, period, raw_user_, raw_item_);
  }

 private:
  internal::WorldModel model_;
  std::vector<std::int64_t> raw_user_, raw_item_;
};

}  // namespace

std::shared_ptr<const GroundTruth> world_ground_truth(const Scenario& scenario, std::uint64_t seed,
                                                      const Stream& stream) {
  return std::make_shared<WorldGroundTruth>(scenario, seed, stream);
}

}  // namespace crbench::sim
