// Adam (Kingma & Ba 2015) over a flat parameter buffer. Dense blocks get the
// standard update; row-sparse blocks the lazy form (TensorFlow's LazyAdam): only
// rows present in the gradient update their moments and values, with the bias
// correction of the global step. The reference code's Adam is not lazy (it moves
// every row at every step): docs/departures.md, "Adam on embedding tables".
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "methods/base_model.hpp"

namespace crbench {

struct AdamSettings {
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float epsilon = 1e-8f;
};

class Adam {
 public:
  Adam() = default;
  Adam(std::size_t num_parameters, AdamSettings settings = {});

  // One step with learning rate lr; reads grad's layout and touched rows.
  void step(std::span<float> parameters, const Gradient& grad, float learning_rate);

  std::int64_t steps_taken() const { return step_; }
  // Forget moments and the step count (a fresh optimiser for a fresh model).
  void reset();

 private:
  AdamSettings settings_;
  std::vector<float> m_;
  std::vector<float> v_;
  std::int64_t step_ = 0;
};

}  // namespace crbench
