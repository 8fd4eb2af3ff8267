// ASMG as a Method (docs/methods/asmg.md): the settings that distinguish its six
// registry entries, for tests and tools that build one directly.
#pragma once

#include <memory>
#include <vector>

#include "methods/asmg/asmg_generator.hpp"
#include "methods/method.hpp"

namespace crbench {

// Weights of a multi-step loss over the window's outputs j = 1..L.
enum class LossWeighting { linear = 0, uniform = 1, exponential = 2 };

struct AsmgSettings {
  GeneratorKind kind = GeneratorKind::gru;
  int window = 3;         // k
  int hidden = 4;         // H
  double meta_lr = 1e-2;  // Adam on the generator
  LossWeighting weighting = LossWeighting::linear;
  bool multi_step = true;      // every output scored on its next period (else the last only)
  bool carried = true;         // carried initial state (else zero)
  bool full = false;           // the whole sequence since the pre-trained model (GRUfull)
  int batch_size = 0;          // 0: the protocol's update settings
  double learning_rate = 0.0;  // IU learning rate; 0: the protocol's
};

// lambda_j for j = 1..length, summing to 1: linear j / sum_i i (k = 3: 1/6, 2/6,
// 3/6), uniform 1/length, exponential e^j / sum_i e^i.
std::vector<float> asmg_loss_weights(LossWeighting weighting, int length);

std::unique_ptr<Method> make_asmg(const AsmgSettings& settings);

}  // namespace crbench
