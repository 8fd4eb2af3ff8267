// Adam over a flat parameter buffer (Kingma & Ba 2015, "Adam: A Method for
// Stochastic Optimization"). Dense blocks take the full update every step;
// row-sparse (embedding) blocks take TensorFlow's LazyAdam update: only rows the
// gradient touched update their moments and values, using the global step's bias
// correction. Both use the reordered form of Kingma & Ba section 2 (the one
// TensorFlow implements, as the reference ASMG code does):
//   m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,
//   lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t),  theta <- theta - lr_t m / (sqrt(v) + eps).
#include "methods/adam.hpp"

#include "core/prefetch.hpp"

#include <algorithm>
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
  ++step_;
  // Bias correction in double: beta^t underflows gracefully and stays accurate.
  const double t = static_cast<double>(step_);
  const double correction1 = 1.0 - std::pow(static_cast<double>(settings_.beta1), t);
  const double correction2 = 1.0 - std::pow(static_cast<double>(settings_.beta2), t);
  const auto lr_t =
      static_cast<float>(static_cast<double>(learning_rate) * std::sqrt(correction2) / correction1);

  float* theta = parameters.data();
  const float* g = grad.data();
  const auto& layout = grad.layout();
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
}

void Adam::reset() {
  std::fill(m_.begin(), m_.end(), 0.0f);
  std::fill(v_.begin(), v_.end(), 0.0f);
  step_ = 0;
}

}  // namespace crbench
