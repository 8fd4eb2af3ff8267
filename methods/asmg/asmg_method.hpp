// ASMG as a Method (docs/methods/asmg.md): the hyper-parameters its six registry
// entries share, and the weights of its multi-step loss.
#pragma once

#include <vector>

#include "core/params.hpp"

namespace crbench {

// Weights of a multi-step loss over the window's outputs j = 1..L.
enum class LossWeighting { linear, uniform, exponential };

struct AsmgParams {
  int k = 3;              // window: the newest k IU models
  int H = 4;              // GRU hidden size
  double meta_lr = 1e-2;  // Adam on the generator
  LossWeighting weighting = LossWeighting::linear;
  int batch_size = 0;  // 0: the protocol's update settings
  double lr = 0.0;     // IU learning rate; 0: the protocol's

  static void declare(ParamDecls<AsmgParams>& d);
};

// lambda_j for j = 1..length, summing to 1: linear j / sum_i i (k = 3: 1/6, 2/6,
// 3/6), uniform 1/length, exponential e^j / sum_i e^i.
std::vector<float> asmg_loss_weights(LossWeighting weighting, int length);

}  // namespace crbench
