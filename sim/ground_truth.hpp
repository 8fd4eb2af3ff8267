// The simulated world as the ground truth of a stream built from its log
// (datasets/ground_truth.hpp): the probability that a user clicks an item at
// least once in a period, for every pair, logged or not. The oracle ranks
// candidate items by it in full-ranking evaluation.
#pragma once

#include <cstdint>
#include <memory>

#include "datasets/stream.hpp"
#include "sim/scenario.hpp"

namespace crbench::sim {

// The world of (scenario, seed) over the dense ids of `stream`, which must have
// been built from that world's log (simulate_stream does so and attaches it).
//
// Why "clicked at least once in the period" and not the click probability: a
// period's samples are n = samples_per_period independent draws of a user (by
// activity a_u), an item (by exposure e_i) and a click (probability p_ui, the
// concepts mixed as the period mixes them). A pair is a positive of the period
// with probability 1 - (1 - a_u e_i p_ui)^n, which for a fixed user orders the
// items by e_i p_ui: an item the world rarely shows is rarely a positive however
// likely its click. Ranking by p_ui alone would not be the ideal ranking of the
// period's positives.
std::shared_ptr<const GroundTruth> world_ground_truth(const Scenario& scenario, std::uint64_t seed,
                                                      const Stream& stream);

}  // namespace crbench::sim
