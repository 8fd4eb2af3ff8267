// The one interface every update method implements (docs/architecture.md, "The
// one interface"), and what the protocol hands it: the periods it may see so far,
// the shared pre-trained model, training settings and the job's seed.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "methods/base_model.hpp"
#include "methods/stream_window.hpp"
#include "methods/trainer.hpp"

namespace crbench {

// Where the time of one observe() call went (seconds).
struct CostBreakdown {
  double base_train_seconds = 0.0;  // training the base model(s)
  double meta_train_seconds = 0.0;  // training generators / transfer modules
  double generation_seconds = 0.0;  // generating or assembling the serving model
  double other_seconds = 0.0;       // sampling, bookkeeping
  std::string note;                 // e.g. "line search failed; kept previous model"
};

// The base model after pre-training on periods [0, pretrain_periods), shared by
// every method of a (stream, seed) pair.
struct PretrainedModel {
  TrainingState state;
  int pretrain_periods = 0;
  TrainSettings pretrain_settings;  // epochs = pre-training epochs
};

struct MethodContext {
  const StreamWindow* window = nullptr;
  TrainSettings train;     // per-period update settings (epochs usually 1)
  std::uint64_t seed = 0;  // the job's seed; derive, never reuse, per use
  // What the method may read of the stream: the released rows only (the view
  // ends where the window does, so later rows and labels are out of reach).
  LabelledView stream() const { return window->released(); }
};

class Method {
 public:
  virtual ~Method() = default;
  // Once, after pre-training; the window shows the pre-training periods.
  virtual void start(const PretrainedModel& pretrained, const MethodContext& ctx) = 0;
  // Period D_t has arrived (and been scored): the period's cost starts from
  // zero, then the method updates what it keeps.
  void observe(const Period& d_t, MethodContext& ctx) {
    cost_ = {};
    update(d_t, ctx);
  }
  // The model served for the next period.
  virtual const Scorer& serving() const = 0;
  // Parameters of the served model (plus any generator/meta state).
  virtual std::size_t parameter_count() const = 0;
  // Where the time of the last observe() went.
  const CostBreakdown& last_cost() const { return cost_; }

 protected:
  // The method's own step of observe(); it books its time in cost_.
  virtual void update(const Period& d_t, MethodContext& ctx) = 0;

  CostBreakdown cost_;
};

}  // namespace crbench
