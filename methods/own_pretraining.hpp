// Methods whose base model is not the shared pre-trained one (apg on its own,
// sml-mf, the logistic-regression family) pre-train their own model on the same
// periods with the same settings and seeds as the protocol's shared model, so
// that the comparison differs only in the model.
#pragma once

#include <memory>

#include "methods/method.hpp"

namespace crbench {

// Initialises `model` with the protocol's pre-training init seed and trains it
// on periods [0, shared.pretrain_periods) with shared.pretrain_settings, whose
// learning rate `learning_rate` replaces when it is > 0 (a method whose reference
// pre-trains its own model with a learning rate of its own, as SML-MF's does).
TrainingState pretrain_own_model(std::unique_ptr<BaseModel> model, const PretrainedModel& shared,
                                 const MethodContext& ctx, float learning_rate = 0.0f);

// The seeds the protocol uses for the shared model (bench/protocol.cpp uses these too).
std::uint64_t pretrain_init_seed(std::uint64_t job_seed);
std::uint64_t pretrain_shuffle_seed(std::uint64_t job_seed);

}  // namespace crbench
