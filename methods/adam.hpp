// Adam (Kingma & Ba 2015) over a flat parameter buffer. Dense blocks take the
// standard update at every step. Row-sparse (embedding) blocks take one of two
// forms (docs/methods/base-models.md, "Optimiser"):
//  - dense (the default): the update of a dense gradient that is zero outside the
//    batch's rows, i.e. every row's moments decay and every row moves on its
//    momentum at every step. This is TensorFlow 1's AdamOptimizer on an embedding
//    gradient (the ASMG reference) and PyTorch's Adam on a dense embedding. It is
//    computed lazily and exactly: a row the batches skip is caught up over the
//    steps it missed when it is next read (catch_up_rows) or when everything is
//    read (catch_up_all), so no step sweeps a whole table;
//  - lazy: only rows present in the gradient update their moments and values,
//    with the bias correction of the global step (TensorFlow's LazyAdam, PyTorch's
//    SparseAdam).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "methods/base_model.hpp"

namespace crbench {

// How Adam treats the rows of row-sparse blocks a step's gradient does not touch.
enum class EmbeddingAdam { dense, lazy };

struct AdamSettings {
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float epsilon = 1e-8f;
  EmbeddingAdam embedding = EmbeddingAdam::dense;
};

class Adam {
 public:
  Adam() = default;
  Adam(std::size_t num_parameters, AdamSettings settings = {});

  // One step with learning rate lr; reads grad's layout and touched rows. In the
  // dense form the rows the gradient does not touch are left behind (see below).
  void step(std::span<float> parameters, const Gradient& grad, float learning_rate);

  // Dense form (no-ops in the lazy form). After step() the rows of row-sparse
  // blocks that the step did not touch may lag behind; they hold their dense-Adam
  // values only once caught up:
  //  - catch_up_rows: rows[b] (row ids of block b of the layout; duplicates are
  //    fine) before a forward pass reads them, e.g. BaseModel::rows_read of a batch;
  //  - catch_up_all: every row, before anything else reads the parameters (the
  //    trainer does it at the end of every train() call).
  // A row skipped for s steps is replayed step by step (the arithmetic of a
  // dense step with g = 0) while a move can still change its value; once every
  // remaining move is provably below an eighth of an ulp of the value (a quarter
  // would already leave it unchanged; the moves shrink by b1/sqrt(b2) a step),
  // the value is final and the moments take the closed form m b1^r, v b2^r,
  // rounded once where a plain dense loop rounds r times. So a catch-up costs at
  // most a few hundred replayed steps however long the row was skipped, and the
  // result equals plain dense Adam's within float rounding
  // (tests/methods/adam_test.cpp states the bound).
  void catch_up_rows(std::span<float> parameters,
                     const std::vector<std::vector<std::int32_t>>& rows);
  void catch_up_all(std::span<float> parameters);
  // True when no row lags behind (always in the lazy form).
  bool caught_up() const { return pending_lr_.empty(); }

  // Changes the form of the row-sparse update; std::logic_error unless caught up.
  void set_embedding_mode(EmbeddingAdam mode);
  EmbeddingAdam embedding_mode() const { return settings_.embedding; }

  std::int64_t steps_taken() const { return step_; }
  // The moments m and v, laid out like the parameters (rows that lag behind hold
  // theirs as of the step they are current through).
  const std::vector<float>& first_moments() const { return m_; }
  const std::vector<float>& second_moments() const { return v_; }
  // Parameter-steps replayed one by one by catch-ups so far (their cost).
  std::int64_t replayed_steps() const { return replayed_; }
  // Forget moments and the step count (a fresh optimiser for a fresh model).
  void reset();

 private:
  void track_rows(const std::vector<ParamBlock>& layout);
  void catch_up_row(float* theta, float* m, float* v, std::size_t n, std::int64_t last);
  double beta_power(std::vector<double>& table, float beta, std::int64_t r);

  AdamSettings settings_;
  std::vector<float> m_;
  std::vector<float> v_;
  std::int64_t step_ = 0;
  // Dense form's bookkeeping: the layout of the stepped model; per row-sparse
  // block the step each row is current through (empty for dense blocks); every
  // row is current through synced_step_; pending_lr_[k] is the bias-corrected
  // learning rate of step synced_step_ + 1 + k, pending_lr_max_ their maximum.
  std::vector<ParamBlock> layout_;
  std::vector<std::vector<std::int64_t>> row_step_;
  bool has_row_sparse_ = false;
  std::int64_t synced_step_ = 0;
  std::vector<float> pending_lr_;
  float pending_lr_max_ = 0.0f;
  std::vector<double> beta1_power_, beta2_power_;  // beta^r, filled on demand
  std::int64_t replayed_ = 0;
};

}  // namespace crbench
