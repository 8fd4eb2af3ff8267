// Dense Adam on embedding tables (methods/adam.hpp): crbench catches skipped rows
// up when they are read instead of sweeping every table at every step. These
// tests hold it against a plain dense Adam written out here, which updates every
// parameter at every step with g = 0 outside the batch's rows (what TensorFlow 1's
// AdamOptimizer does with an embedding gradient), in float like crbench and in
// double as the exact reference.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <iterator>
#include <random>
#include <vector>

#include "methods/adam.hpp"
#include "tests/support/plain_adam.hpp"

namespace crbench {
namespace {

constexpr std::size_t kRows = 64;
constexpr std::size_t kCols = 8;
constexpr std::size_t kDense = 5;
constexpr std::size_t kTable = kRows * kCols;
constexpr std::size_t kSize = kTable + kDense;

std::vector<ParamBlock> layout() {
  return {{"table", 0, kRows, kCols, true}, {"dense", kTable, 1, kDense, false}};
}

// One run of a schedule: at step t row r is in the batch when reads(t, r, u)
// says so (u uniform in [0, 1)), with gradients in +-0.01; the dense block always
// has a gradient. The learning rate changes at `switch_step`, after a
// catch_up_all, as between two train() calls.
struct Schedule {
  std::function<bool(int, std::size_t, double)> reads;
  int steps = 0;
  int switch_step = 0;
  float lr1 = 1e-3f;
  float lr2 = 3e-4f;
  float theta_lo = -0.5f;
  float theta_hi = 0.5f;
};

struct Outcome {
  std::vector<float> theta, m, v;         // crbench's dense Adam, caught up
  test_support::PlainAdam<float> plain;   // plain float dense Adam
  test_support::PlainAdam<double> exact;  // the same in double
  std::vector<float> lazy;                // crbench's lazy Adam on the same gradients
};

Outcome run(const Schedule& s, std::uint64_t seed) {
  std::mt19937_64 gen(seed);
  auto unit = [&gen] { return static_cast<double>(gen() >> 11) * 0x1.0p-53; };
  std::vector<float> start(kSize);
  for (float& x : start) x = static_cast<float>(s.theta_lo + (s.theta_hi - s.theta_lo) * unit());

  Outcome out{
      start, {}, {}, test_support::PlainAdam<float>(start), test_support::PlainAdam<double>(start),
      start};
  std::vector<float>& theta = out.theta;
  Adam dense(kSize);
  Adam lazy(kSize, AdamSettings{.embedding = EmbeddingAdam::lazy});
  Gradient grad(layout());
  std::vector<float> g(kSize);
  std::vector<std::vector<std::int32_t>> read(2);
  for (int t = 0; t < s.steps; ++t) {
    if (t == s.switch_step) dense.catch_up_all(theta);
    const float lr = t < s.switch_step ? s.lr1 : s.lr2;
    grad.clear();
    std::fill(g.begin(), g.end(), 0.0f);
    read[0].clear();
    for (std::size_t r = 0; r < kRows; ++r) {
      if (!s.reads(t, r, unit())) continue;
      read[0].push_back(static_cast<std::int32_t>(r));
      grad.touch_row(0, static_cast<std::int32_t>(r));
      for (std::size_t c = 0; c < kCols; ++c) {
        const auto value = static_cast<float>(0.02 * unit() - 0.01);
        g[r * kCols + c] = value;
        grad.data()[r * kCols + c] = value;
      }
    }
    for (std::size_t k = kTable; k < kSize; ++k) {
      g[k] = static_cast<float>(0.02 * unit() - 0.01);
      grad.data()[k] = g[k];
    }
    dense.catch_up_rows(theta, read);  // as before a forward pass
    dense.step(theta, grad, lr);
    lazy.step(out.lazy, grad, lr);
    out.plain.step(g, lr);
    out.exact.step(g, lr);
  }
  dense.catch_up_all(theta);
  EXPECT_TRUE(dense.caught_up());
  out.m = dense.first_moments();
  out.v = dense.second_moments();
  return out;
}

// Largest |a - exact| over the parameters.
template <class A>
double max_error(const std::vector<A>& a, const std::vector<double>& exact) {
  double worst = 0.0;
  for (std::size_t k = 0; k < exact.size(); ++k) {
    worst = std::max(worst, std::fabs(static_cast<double>(a[k]) - exact[k]));
  }
  return worst;
}

TEST(DenseAdam, RowsSkippedOneStepAtATimeMatchPlainDenseAdamBitForBit) {
  // Every row is read at least every other step, so a catch-up replays one step
  // (the arithmetic of a dense step with g = 0) or decays the moments by one
  // closed-form factor, m b1 rounded once: the float loop's bits either way.
  Schedule s;
  s.reads = [](int t, std::size_t r, double) { return r % 3 == 0 || (t + r) % 2 == 0; };
  s.steps = 600;
  s.switch_step = 300;
  const Outcome o = run(s, 1);
  for (std::size_t k = 0; k < kSize; ++k) {
    ASSERT_EQ(o.theta[k], o.plain.theta[k]) << k;
    ASSERT_EQ(o.m[k], o.plain.m[k]) << k;
    ASSERT_EQ(o.v[k], o.plain.v[k]) << k;
  }
  // The lazy form leaves the skipped steps out and ends elsewhere.
  EXPECT_GT(max_error(o.lazy, o.exact.theta), 1e-4);
}

TEST(DenseAdam, LongGapsAreAsAccurateAsAPlainFloatLoop) {
  // Rows read with probabilities from every step to once (then skipped for
  // thousands of steps). The caught-up values must be as close to exact dense
  // Adam (double) as the plain float loop is: both round every replayed step
  // alike; they differ only in the moments of a row once its moves no longer
  // change its value, which crbench decays in one rounding and the loop in r, so
  // crbench is no further from the exact values, up to the loop's own rounding.
  const double probability[] = {1.0, 0.3, 0.05, 0.01, 0.002, 0.0005, 0.0};
  Schedule s;
  s.reads = [&](int t, std::size_t r, double u) {
    return t == 0 || u < probability[r % std::size(probability)];
  };
  s.steps = 4000;
  s.switch_step = 2500;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const Outcome o = run(s, seed);
    const double plain = max_error(o.plain.theta, o.exact.theta);
    const double ours = max_error(o.theta, o.exact.theta);
    // 2^-24 is half an ulp of the values in [0.5, 1) and a whole one in
    // [0.25, 0.5): the floor for a loop that rounds every step.
    const double allowed = std::max(2.0 * plain, 0x1.0p-24);
    std::printf("seed %d: largest error against exact dense Adam: crbench %.3g, plain %.3g\n",
                static_cast<int>(seed), ours, plain);
    EXPECT_LE(ours, allowed) << "seed " << seed << ": crbench " << ours << ", plain " << plain;
    // The moments: relative error against the exact ones, crbench no worse.
    double m_plain = 0.0, m_ours = 0.0, v_plain = 0.0, v_ours = 0.0;
    for (std::size_t k = 0; k < kSize; ++k) {
      const double me = o.exact.m[k];
      const double ve = o.exact.v[k];
      if (std::fabs(me) > 1e-30) {
        m_plain = std::max(m_plain, std::fabs(o.plain.m[k] - me) / std::fabs(me));
        m_ours = std::max(m_ours, std::fabs(o.m[k] - me) / std::fabs(me));
      }
      if (ve > 1e-30) {
        v_plain = std::max(v_plain, std::fabs(o.plain.v[k] - ve) / ve);
        v_ours = std::max(v_ours, std::fabs(o.v[k] - ve) / ve);
      }
    }
    EXPECT_LE(m_ours, std::max(m_plain, 0x1.0p-20)) << "seed " << seed;
    EXPECT_LE(v_ours, std::max(v_plain, 0x1.0p-20)) << "seed " << seed;
    // And the lazy form is far off: the test sees the difference.
    EXPECT_GT(max_error(o.lazy, o.exact.theta), 100 * allowed) << "seed " << seed;
  }
}

TEST(DenseAdam, ACatchUpReplaysAFewHundredStepsHoweverLongTheGap) {
  // Rows read at step 0 only, values in [1.25, 1.75] (binade [1, 2): an eighth of
  // an ulp is 2^-26). A move is at most lr_t |m| / sqrt(v) <= lr * 7.27, since
  // |m| / sqrt(v) <= (1 - b1) / sqrt((1 - b2)(1 - b1^2/b2)) = 7.27 (Cauchy-Schwarz
  // on the moment sums), and it shrinks by rho = b1 / sqrt(b2) = 0.90045 a step;
  // it is below 2^-26 once rho^j <= 2^-26 / (7.27 * 1e-3), j >= 125.1. Checked
  // every 8 steps: at most 128 replayed steps of the 3,999 missed, per parameter.
  Schedule s;
  s.reads = [](int t, std::size_t r, double) { return t == 0 || r == 0; };
  s.steps = 4000;
  s.switch_step = 4000;  // one learning rate, lr_t <= 1e-3 throughout
  s.theta_lo = 1.25f;
  s.theta_hi = 1.75f;
  std::mt19937_64 gen(5);
  auto unit = [&gen] { return static_cast<double>(gen() >> 11) * 0x1.0p-53; };
  std::vector<float> theta(kSize);
  for (float& x : theta) x = static_cast<float>(1.25 + 0.5 * unit());
  test_support::PlainAdam<float> plain(theta);
  Adam adam(kSize);
  Gradient grad(layout());
  std::vector<float> g(kSize);
  for (int t = 0; t < s.steps; ++t) {
    grad.clear();
    std::fill(g.begin(), g.end(), 0.0f);
    for (std::size_t r = 0; r < kRows; ++r) {
      if (!s.reads(t, r, 0.0)) continue;
      grad.touch_row(0, static_cast<std::int32_t>(r));
      for (std::size_t c = 0; c < kCols; ++c) {
        g[r * kCols + c] = grad.data()[r * kCols + c] = static_cast<float>(0.02 * unit() - 0.01);
      }
    }
    adam.step(theta, grad, s.lr1);
    plain.step(g, s.lr1);
  }
  // Catch up row 5 alone: 3,999 missed steps.
  const std::int64_t before = adam.replayed_steps();
  adam.catch_up_rows(theta, {{5}, {}});
  const std::int64_t replayed = adam.replayed_steps() - before;
  EXPECT_LE(replayed, 128 * static_cast<std::int64_t>(kCols));
  EXPECT_GT(replayed, 0);
  // Its values are the plain loop's bit for bit (the moves it skips would not
  // have changed them); its moments within the loop's own rounding: each of its
  // 3,999 products is off by at most half an ulp, relative 2^-24 of a normal
  // value or 2^-150 absolute in the subnormal range (where m b1 can round back
  // up and the loop's m stalls at a few units of 2^-149 instead of reaching 0).
  for (std::size_t c = 0; c < kCols; ++c) {
    const std::size_t k = 5 * kCols + c;
    EXPECT_EQ(theta[k], plain.theta[k]) << c;
    const double m = plain.m[k];
    const double v = plain.v[k];
    EXPECT_NEAR(adam.first_moments()[k], m, 3999 * (0x1.0p-24 * std::fabs(m) + 0x1.0p-150)) << c;
    EXPECT_NEAR(adam.second_moments()[k], v, 3999 * (0x1.0p-24 * v + 0x1.0p-150)) << c;
  }
}

TEST(DenseAdam, ModeChangesOnlyWhenCaughtUpAndLazyNeverLags) {
  std::vector<float> theta(kSize, 0.5f);
  Gradient grad(layout());
  grad.touch_row(0, 3);
  grad.data()[3 * kCols] = 0.01f;
  Adam dense(kSize);
  dense.step(theta, grad, 1e-3f);
  grad.clear();
  grad.touch_row(0, 4);
  grad.data()[4 * kCols] = 0.01f;
  dense.step(theta, grad, 1e-3f);  // row 3 now lags one step behind
  EXPECT_FALSE(dense.caught_up());
  EXPECT_THROW(dense.set_embedding_mode(EmbeddingAdam::lazy), std::logic_error);
  dense.catch_up_all(theta);
  EXPECT_TRUE(dense.caught_up());
  dense.set_embedding_mode(EmbeddingAdam::lazy);
  dense.step(theta, grad, 1e-3f);
  EXPECT_TRUE(dense.caught_up());
  EXPECT_EQ(dense.replayed_steps(), kCols);  // row 3's one missed step, at the catch-up
}

}  // namespace
}  // namespace crbench
