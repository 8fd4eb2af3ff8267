// Adam over a flat parameter buffer (Kingma & Ba 2015, "Adam: A Method for
// Stochastic Optimization"), in the reordered form of their section 2 that
// TensorFlow implements (as the reference ASMG code uses it):
//   m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,
//   lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t),  theta <- theta - lr_t m / (sqrt(v) + eps).
// Dense blocks take it every step. Row-sparse blocks take it either densely (the
// reference's tf.train.AdamOptimizer: untouched rows have g = 0 but still decay
// and move), computed by catching rows up when they are read, or lazily
// (LazyAdam: untouched rows are left alone). See adam.hpp.
#include "methods/adam.hpp"

#include "core/prefetch.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace crbench {

namespace {

// The update of n consecutive parameters. SSE2 (part of the x86-64 baseline, so
// no -march is needed) does four at a time; its sqrt, division and products are
// IEEE correctly rounded like the scalar loop, so both give identical bits. (Not
// Eigen: its default fast-math sqrt is an approximation.)
inline void adam_update(float* theta, float* m, float* v, const float* g, std::size_t n,
                        float beta1, float beta2, float lr_t, float epsilon) {
  const float one_minus_b1 = 1.0f - beta1;
  const float one_minus_b2 = 1.0f - beta2;
  std::size_t k = 0;
#if defined(__SSE2__)
  const __m128 b1 = _mm_set1_ps(beta1);
  const __m128 b2 = _mm_set1_ps(beta2);
  const __m128 c1 = _mm_set1_ps(one_minus_b1);
  const __m128 c2 = _mm_set1_ps(one_minus_b2);
  const __m128 lr = _mm_set1_ps(lr_t);
  const __m128 eps = _mm_set1_ps(epsilon);
  for (; k + 4 <= n; k += 4) {
    const __m128 gk = _mm_loadu_ps(g + k);
    const __m128 mk = _mm_add_ps(_mm_mul_ps(b1, _mm_loadu_ps(m + k)), _mm_mul_ps(c1, gk));
    const __m128 vk =
        _mm_add_ps(_mm_mul_ps(b2, _mm_loadu_ps(v + k)), _mm_mul_ps(_mm_mul_ps(c2, gk), gk));
    _mm_storeu_ps(m + k, mk);
    _mm_storeu_ps(v + k, vk);
    const __m128 step = _mm_div_ps(_mm_mul_ps(lr, mk), _mm_add_ps(_mm_sqrt_ps(vk), eps));
    _mm_storeu_ps(theta + k, _mm_sub_ps(_mm_loadu_ps(theta + k), step));
  }
#endif
  for (; k < n; ++k) {
    const float gk = g[k];
    const float mk = beta1 * m[k] + one_minus_b1 * gk;
    const float vk = beta2 * v[k] + one_minus_b2 * gk * gk;
    m[k] = mk;
    v[k] = vk;
    theta[k] -= lr_t * mk / (std::sqrt(vk) + epsilon);
  }
}

// Constants of one step, kept in registers across the rows of a block.
struct StepConstants {
#if defined(__SSE2__)
  __m128 b1, b2, c1, c2, lr, eps;
#endif
};

#if defined(__SSE2__)
StepConstants make_constants(float beta1, float beta2, float lr_t, float epsilon) {
  return {_mm_set1_ps(beta1),        _mm_set1_ps(beta2), _mm_set1_ps(1.0f - beta1),
          _mm_set1_ps(1.0f - beta2), _mm_set1_ps(lr_t),  _mm_set1_ps(epsilon)};
}

// The same arithmetic as adam_update on four parameters at offset k.
inline void adam_update4(float* theta, float* m, float* v, const float* g, std::size_t k,
                         const StepConstants& c) {
  const __m128 gk = _mm_loadu_ps(g + k);
  const __m128 mk = _mm_add_ps(_mm_mul_ps(c.b1, _mm_loadu_ps(m + k)), _mm_mul_ps(c.c1, gk));
  const __m128 vk =
      _mm_add_ps(_mm_mul_ps(c.b2, _mm_loadu_ps(v + k)), _mm_mul_ps(_mm_mul_ps(c.c2, gk), gk));
  _mm_storeu_ps(m + k, mk);
  _mm_storeu_ps(v + k, vk);
  const __m128 step = _mm_div_ps(_mm_mul_ps(c.lr, mk), _mm_add_ps(_mm_sqrt_ps(vk), c.eps));
  _mm_storeu_ps(theta + k, _mm_sub_ps(_mm_loadu_ps(theta + k), step));
}
#endif

// Bias-corrected learning rate of step t, with the correction in double (beta^t
// underflows gracefully and stays accurate).
float bias_corrected_lr(float learning_rate, const AdamSettings& s, std::int64_t t) {
  const auto td = static_cast<double>(t);
  const double correction1 = 1.0 - std::pow(static_cast<double>(s.beta1), td);
  const double correction2 = 1.0 - std::pow(static_cast<double>(s.beta2), td);
  return static_cast<float>(static_cast<double>(learning_rate) * std::sqrt(correction2) /
                            correction1);
}

// Steps a row is replayed between two checks of whether its value has settled.
constexpr std::int64_t kReplayChunk = 8;

// An eighth of the spacing of floats at |x| (0 for zero and subnormal x): a move
// smaller than a quarter of that spacing leaves x unchanged under round to
// nearest, even at the bottom of a binade; the eighth leaves a factor 2 for the
// rounding of the moves themselves.
inline float eighth_ulp(float x) {
  const std::uint32_t binade = std::bit_cast<std::uint32_t>(x) & 0x7f800000u;
  return std::bit_cast<float>(binade) * 0x1.0p-26f;
}

// True when every remaining zero-gradient move of these n parameters is below an
// eighth of an ulp of its value. Each move is lr_j m_j / (sqrt(v_j) + eps) with
// lr_j <= lr_bound, and |m_j| / (sqrt(v_j) + eps) only shrinks from step to step
// (m decays by b1, sqrt(v) by sqrt(b2) > b1), so the current one bounds them all.
inline bool moves_settled(const float* theta, const float* m, const float* v, std::size_t n,
                          float lr_bound, float epsilon) {
  std::size_t k = 0;
#if defined(__SSE2__)
  const __m128 bound = _mm_set1_ps(lr_bound);
  const __m128 eps = _mm_set1_ps(epsilon);
  const __m128 abs_mask = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
  const __m128 binade_mask = _mm_castsi128_ps(_mm_set1_epi32(0x7f800000));
  const __m128 eighth = _mm_set1_ps(0x1.0p-26f);
  for (; k + 4 <= n; k += 4) {
    const __m128 move = _mm_mul_ps(bound, _mm_and_ps(abs_mask, _mm_loadu_ps(m + k)));
    const __m128 tolerance =
        _mm_mul_ps(_mm_mul_ps(_mm_and_ps(binade_mask, _mm_loadu_ps(theta + k)), eighth),
                   _mm_add_ps(_mm_sqrt_ps(_mm_loadu_ps(v + k)), eps));
    if (_mm_movemask_ps(_mm_cmple_ps(move, tolerance)) != 0xF) return false;
  }
#endif
  for (; k < n; ++k) {
    if (!(lr_bound * std::fabs(m[k]) <= eighth_ulp(theta[k]) * (std::sqrt(v[k]) + epsilon))) {
      return false;
    }
  }
  return true;
}

// `steps` zero-gradient steps of n parameters with learning rates lr[0..steps):
// the arithmetic of adam_update with g = 0 (b1 m + (1 - b1) 0 is b1 m exactly),
// so the values are those of a dense step. Each group of four stays in registers
// across the steps.
inline void replay_zero_steps(float* theta, float* m, float* v, std::size_t n, const float* lr,
                              std::int64_t steps, float beta1, float beta2, float epsilon) {
  std::size_t k = 0;
#if defined(__SSE2__)
  const __m128 b1 = _mm_set1_ps(beta1);
  const __m128 b2 = _mm_set1_ps(beta2);
  const __m128 eps = _mm_set1_ps(epsilon);
  for (; k + 4 <= n; k += 4) {
    __m128 tk = _mm_loadu_ps(theta + k);
    __m128 mk = _mm_loadu_ps(m + k);
    __m128 vk = _mm_loadu_ps(v + k);
    for (std::int64_t j = 0; j < steps; ++j) {
      mk = _mm_mul_ps(b1, mk);
      vk = _mm_mul_ps(b2, vk);
      const __m128 move =
          _mm_div_ps(_mm_mul_ps(_mm_set1_ps(lr[j]), mk), _mm_add_ps(_mm_sqrt_ps(vk), eps));
      tk = _mm_sub_ps(tk, move);
    }
    _mm_storeu_ps(theta + k, tk);
    _mm_storeu_ps(m + k, mk);
    _mm_storeu_ps(v + k, vk);
  }
#endif
  for (; k < n; ++k) {
    for (std::int64_t j = 0; j < steps; ++j) {
      m[k] = beta1 * m[k];
      v[k] = beta2 * v[k];
      theta[k] -= lr[j] * m[k] / (std::sqrt(v[k]) + epsilon);
    }
  }
}

}  // namespace

Adam::Adam(std::size_t num_parameters, AdamSettings settings)
    : settings_(settings), m_(num_parameters, 0.0f), v_(num_parameters, 0.0f) {}

void Adam::step(std::span<float> parameters, const Gradient& grad, float learning_rate) {
  // A default-constructed optimiser adopts the size of the first model it steps.
  if (m_.empty() && step_ == 0) {
    m_.assign(parameters.size(), 0.0f);
    v_.assign(parameters.size(), 0.0f);
  }
  if (m_.size() != parameters.size() || grad.size() != parameters.size()) {
    throw std::invalid_argument("Adam::step: optimiser has " + std::to_string(m_.size()) +
                                " moments, the model " + std::to_string(parameters.size()) +
                                " parameters and the gradient " + std::to_string(grad.size()) +
                                " entries");
  }
  const auto& layout = grad.layout();
  const bool dense_rows = settings_.embedding == EmbeddingAdam::dense;
  if (dense_rows) {
    track_rows(layout);
    // A row moves again only from its value after the previous step (a caller
    // that caught it up before its forward pass makes this a no-op).
    for (std::size_t b = 0; b < layout.size(); ++b) {
      if (!layout[b].row_sparse) continue;
      const std::size_t cols = layout[b].cols;
      for (const std::int32_t r : grad.touched_rows(b)) {
        std::int64_t& last = row_step_[b][static_cast<std::size_t>(r)];
        if (last == step_) continue;
        const std::size_t o = layout[b].offset + static_cast<std::size_t>(r) * cols;
        catch_up_row(parameters.data() + o, m_.data() + o, v_.data() + o, cols, last);
        last = step_;
      }
    }
  }
  ++step_;
  const float lr_t = bias_corrected_lr(learning_rate, settings_, step_);
  if (dense_rows && has_row_sparse_) {
    pending_lr_.push_back(lr_t);
    pending_lr_max_ = std::max(pending_lr_max_, lr_t);
  }

  float* theta = parameters.data();
  const float* g = grad.data();
  for (std::size_t b = 0; b < layout.size(); ++b) {
    const ParamBlock& block = layout[b];
    if (!block.row_sparse) {
      const std::size_t o = block.offset;
      adam_update(theta + o, m_.data() + o, v_.data() + o, g + o, block.size(), settings_.beta1,
                  settings_.beta2, lr_t, settings_.epsilon);
      continue;
    }
    // Touched rows are scattered over tables of megabytes: prefetch a few rows
    // ahead so that the cache misses of parameters, moments and gradient overlap.
    const auto rows = grad.touched_rows(b);
    constexpr std::size_t kAhead = 8;
#if defined(__SSE2__)
    if (block.cols == 8) {
      // The reference embedding size: a row is two independent packets with no
      // loop around them, and the pointers stay in registers (the stores through
      // float pointers would otherwise make the compiler reload them per row).
      const StepConstants c =
          make_constants(settings_.beta1, settings_.beta2, lr_t, settings_.epsilon);
      float* const theta_b = theta + block.offset;
      float* const m_b = m_.data() + block.offset;
      float* const v_b = v_.data() + block.offset;
      const float* const g_b = g + block.offset;
      const std::int32_t* const row_ids = rows.data();
      const std::size_t num_rows = rows.size();
      for (std::size_t k = 0; k < num_rows; ++k) {
        if (k + kAhead < num_rows) {
          const std::size_t a = static_cast<std::size_t>(row_ids[k + kAhead]) * 8;
          prefetch(theta_b + a);
          prefetch(m_b + a);
          prefetch(v_b + a);
          prefetch(g_b + a);
        }
        const std::size_t o = static_cast<std::size_t>(row_ids[k]) * 8;
        adam_update4(theta_b, m_b, v_b, g_b, o, c);
        adam_update4(theta_b, m_b, v_b, g_b, o + 4, c);
      }
      continue;
    }
#endif
    for (std::size_t k = 0; k < rows.size(); ++k) {
      if (k + kAhead < rows.size()) {
        const std::size_t a =
            block.offset + static_cast<std::size_t>(rows[k + kAhead]) * block.cols;
        prefetch(theta + a);
        prefetch(m_.data() + a);
        prefetch(v_.data() + a);
        prefetch(g + a);
      }
      const std::size_t o = block.offset + static_cast<std::size_t>(rows[k]) * block.cols;
      adam_update(theta + o, m_.data() + o, v_.data() + o, g + o, block.cols, settings_.beta1,
                  settings_.beta2, lr_t, settings_.epsilon);
    }
  }
  if (dense_rows) {
    for (std::size_t b = 0; b < layout.size(); ++b) {
      if (!layout[b].row_sparse) continue;
      for (const std::int32_t r : grad.touched_rows(b)) {
        row_step_[b][static_cast<std::size_t>(r)] = step_;
      }
    }
  }
}

void Adam::track_rows(const std::vector<ParamBlock>& layout) {
  if (!layout_.empty()) {
    if (layout.size() != layout_.size()) {
      throw std::invalid_argument("Adam: the gradient's layout has " +
                                  std::to_string(layout.size()) + " blocks, the optimiser's " +
                                  std::to_string(layout_.size()));
    }
    return;
  }
  // Nothing lags behind yet: every row is current through the steps so far.
  layout_ = layout;
  row_step_.assign(layout.size(), {});
  has_row_sparse_ = false;
  for (std::size_t b = 0; b < layout.size(); ++b) {
    if (!layout[b].row_sparse) continue;
    row_step_[b].assign(layout[b].rows, step_);
    has_row_sparse_ = true;
  }
  synced_step_ = step_;
}

double Adam::beta_power(std::vector<double>& table, float beta, std::int64_t r) {
  while (static_cast<std::int64_t>(table.size()) <= r) {
    table.push_back(std::pow(static_cast<double>(beta), static_cast<double>(table.size())));
  }
  return table[static_cast<std::size_t>(r)];
}

void Adam::catch_up_row(float* theta, float* m, float* v, std::size_t n, std::int64_t last) {
  if (last < synced_step_ || last > step_) {
    throw std::logic_error("Adam: a row is current through step " + std::to_string(last) +
                           ", outside the pending steps " + std::to_string(synced_step_) + ".." +
                           std::to_string(step_));
  }
  // Missed steps last + 1 .. step_; pending_lr_[k] belongs to step synced_step_ + 1 + k.
  const std::int64_t missed = step_ - last;
  const float* lr = pending_lr_.data() + (last - synced_step_);
  std::int64_t done = 0;
  while (done < missed && !moves_settled(theta, m, v, n, pending_lr_max_, settings_.epsilon)) {
    const std::int64_t steps = std::min(kReplayChunk, missed - done);
    replay_zero_steps(theta, m, v, n, lr + done, steps, settings_.beta1, settings_.beta2,
                      settings_.epsilon);
    done += steps;
  }
  replayed_ += done * static_cast<std::int64_t>(n);
  const std::int64_t rest = missed - done;
  if (rest == 0) return;
  // The values are final; the moments decay in closed form, rounded once (in
  // double, from the float betas the plain loop multiplies by).
  const double p1 = beta_power(beta1_power_, settings_.beta1, rest);
  const double p2 = beta_power(beta2_power_, settings_.beta2, rest);
  for (std::size_t k = 0; k < n; ++k) {
    m[k] = static_cast<float>(static_cast<double>(m[k]) * p1);
    v[k] = static_cast<float>(static_cast<double>(v[k]) * p2);
  }
}

void Adam::catch_up_rows(std::span<float> parameters,
                         const std::vector<std::vector<std::int32_t>>& rows) {
  if (caught_up()) return;
  if (parameters.size() != m_.size()) {
    throw std::invalid_argument("Adam::catch_up_rows: the model has " +
                                std::to_string(parameters.size()) + " parameters, the optimiser " +
                                std::to_string(m_.size()) + " moments");
  }
  const std::size_t blocks = std::min(rows.size(), layout_.size());
  for (std::size_t b = 0; b < blocks; ++b) {
    const ParamBlock& block = layout_[b];
    if (!block.row_sparse) continue;
    std::vector<std::int64_t>& steps = row_step_[b];
    for (const std::int32_t r : rows[b]) {
      const auto row = static_cast<std::size_t>(r);
      if (row >= block.rows) {
        throw std::invalid_argument("Adam::catch_up_rows: row " + std::to_string(r) +
                                    " outside block '" + block.name + "' of " +
                                    std::to_string(block.rows) + " rows");
      }
      if (steps[row] == step_) continue;
      const std::size_t o = block.offset + row * block.cols;
      catch_up_row(parameters.data() + o, m_.data() + o, v_.data() + o, block.cols, steps[row]);
      steps[row] = step_;
    }
  }
}

void Adam::catch_up_all(std::span<float> parameters) {
  if (caught_up()) return;
  if (parameters.size() != m_.size()) {
    throw std::invalid_argument("Adam::catch_up_all: the model has " +
                                std::to_string(parameters.size()) + " parameters, the optimiser " +
                                std::to_string(m_.size()) + " moments");
  }
  for (std::size_t b = 0; b < layout_.size(); ++b) {
    const ParamBlock& block = layout_[b];
    if (!block.row_sparse) continue;
    std::vector<std::int64_t>& steps = row_step_[b];
    for (std::size_t row = 0; row < block.rows; ++row) {
      if (steps[row] == step_) continue;
      const std::size_t o = block.offset + row * block.cols;
      catch_up_row(parameters.data() + o, m_.data() + o, v_.data() + o, block.cols, steps[row]);
      steps[row] = step_;
    }
  }
  synced_step_ = step_;
  pending_lr_.clear();
  pending_lr_max_ = 0.0f;
}

void Adam::set_embedding_mode(EmbeddingAdam mode) {
  if (mode == settings_.embedding) return;
  if (!caught_up()) {
    throw std::logic_error("Adam::set_embedding_mode: rows still lag behind; catch_up_all first");
  }
  settings_.embedding = mode;
  // A later dense step starts its bookkeeping afresh (every row current).
  layout_.clear();
  row_step_.clear();
  has_row_sparse_ = false;
}

void Adam::reset() {
  std::fill(m_.begin(), m_.end(), 0.0f);
  std::fill(v_.begin(), v_.end(), 0.0f);
  step_ = 0;
  layout_.clear();
  row_step_.clear();
  has_row_sparse_ = false;
  synced_step_ = 0;
  pending_lr_.clear();
  pending_lr_max_ = 0.0f;
  replayed_ = 0;
}

}  // namespace crbench
