// FLOP counts of the base models' training steps, shared by the benchmarks of
// the models and of the methods that run them (Emb&MLP, APG, SML's transfer).
// Counted from the shapes as the code computes them: an add, multiply or divide
// is 1, a multiply-add 2, a square root, exp or erf 1, a comparison 0.
#pragma once

#include <vector>

#include "bench/micro/bench_stream.hpp"
#include "methods/gradient.hpp"

namespace crbench::micro {

struct StepFlops {
  double forward = 0, loss = 0, backward = 0, adam = 0;
  double total() const { return forward + loss + backward + adam; }
};

// The Emb&MLP's inputs [user row ; history mean ; item vector], the item vector
// being [item row ; mean of its categories' rows] (methods/base_models/
// emb_features.hpp): forward, per distinct item its category mean (c d
// additions, d multiplies), per sample the history mean (h v additions, v
// multiplies); backward, the user row d, the history share v + h v, the target
// item v, per distinct item d, and with categories d + c d.
double embedding_inputs_forward(double d, bool categories, const BatchReads& b);
double embedding_inputs_backward(double d, bool categories, const BatchReads& b);

// Lazy Adam (methods/adam.cpp): 12 per parameter it updates (moments 3 + 4, the
// step 5 with its square root): every dense parameter, and d per embedding row
// the batch touched (users, items, categories).
double adam_flops(const std::vector<ParamBlock>& layout, double d, bool categories,
                  const BatchReads& b);

// The transfer net of SML on one row of length d with FC width l
// (methods/sml/transfer_net.cpp): forward, the norm and product term (4d + 2),
// conv 3x1 (2 x 30 d) and conv 1x1 (2 x 50 d), FC layers (2 x 5d l + l and
// 2 l d + d), GELU 5 per activation on 10d + 5d + l; backward, each weight
// product twice (weights and inputs), the GELU derivative 10 per activation,
// the product term's 10 d.
double transfer_flops(double d, double l, bool backward);

}  // namespace crbench::micro
