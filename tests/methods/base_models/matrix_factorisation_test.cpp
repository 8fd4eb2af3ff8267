// MatrixFactorisation (SML-MF's base model): layout, seeded init, scores and the
// mean-BCE gradient against an independent double-precision computation and
// finite differences, rows read, and its base-model registry entry.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "core/errors.hpp"
#include "methods/base_model_registry.hpp"
#include "methods/base_models/matrix_factorisation.hpp"
#include "tests/support/tiny_stream.hpp"

namespace crbench {
namespace {

using test_support::make_random_tiny_stream;

// Mean BCE of the batch, computed here from the parameters in double.
double reference_loss(const MatrixFactorisation& m, const Stream& s,
                      const std::vector<RowIndex>& rows) {
  const auto p = m.parameters();
  const std::size_t cols = static_cast<std::size_t>(m.dim()) + 1;
  const std::size_t items = m.layout()[1].offset;
  const double global = p[m.layout()[2].offset];
  double sum = 0.0;
  for (const RowIndex r : rows) {
    const float* u = p.data() + static_cast<std::size_t>(s.user[r]) * cols;
    const float* v = p.data() + items + static_cast<std::size_t>(s.item[r]) * cols;
    double z = global + u[m.dim()] + v[m.dim()];
    for (int k = 0; k < m.dim(); ++k) z += static_cast<double>(u[k]) * v[k];
    const double prob = 1.0 / (1.0 + std::exp(-z));
    sum += s.label[r] > 0.5f ? -std::log(prob) : -std::log(1.0 - prob);
  }
  return sum / static_cast<double>(rows.size());
}

std::vector<RowIndex> all_rows(const Stream& s) {
  std::vector<RowIndex> rows(s.num_samples());
  for (std::size_t k = 0; k < rows.size(); ++k) rows[k] = static_cast<RowIndex>(k);
  return rows;
}

TEST(MatrixFactorisationTest, LayoutHoldsFactorsAndBiasPerRow) {
  const Stream s = make_random_tiny_stream(1, 7, 11, 0, 40);
  MatrixFactorisation m(shape_of(s), MfParams{4}, 3);
  ASSERT_EQ(m.layout().size(), 3u);
  EXPECT_EQ(m.layout()[0].name, "user_embedding");
  EXPECT_EQ(m.layout()[0].cols, 5u);
  EXPECT_TRUE(m.layout()[0].row_sparse);
  EXPECT_EQ(m.layout()[1].name, "item_embedding");
  EXPECT_EQ(m.layout()[1].offset, 7u * 5u);
  EXPECT_EQ(m.layout()[2].name, "global_bias");
  EXPECT_FALSE(m.layout()[2].row_sparse);
  EXPECT_EQ(m.parameter_count(), (7u + 11u) * 5u + 1u);
  EXPECT_EQ(m.kind(), "mf");
}

TEST(MatrixFactorisationTest, InitialisationIsSeededGlorotWithZeroBiases) {
  const Stream s = make_random_tiny_stream(1, 50, 70, 0, 40);
  MatrixFactorisation a(shape_of(s), MfParams{8}, 9);
  MatrixFactorisation b(shape_of(s), MfParams{8}, 9);
  MatrixFactorisation c(shape_of(s), MfParams{8}, 10);
  EXPECT_TRUE(std::equal(a.parameters().begin(), a.parameters().end(), b.parameters().begin()));
  EXPECT_FALSE(std::equal(a.parameters().begin(), a.parameters().end(), c.parameters().begin()));
  for (std::size_t blk = 0; blk < 2; ++blk) {
    const ParamBlock& block = a.layout()[blk];
    const double limit = std::sqrt(6.0 / static_cast<double>(block.rows + 8));
    double max_abs = 0.0;
    for (std::size_t r = 0; r < block.rows; ++r) {
      const float* row = a.parameters().data() + block.offset + r * block.cols;
      EXPECT_EQ(row[8], 0.0f);
      for (int k = 0; k < 8; ++k)
        max_abs = std::max(max_abs, std::abs(static_cast<double>(row[k])));
    }
    EXPECT_LE(max_abs, limit);
    EXPECT_GT(max_abs, 0.8 * limit);  // uniform over the whole range, not a narrow one
  }
  EXPECT_EQ(a.parameters()[a.layout()[2].offset], 0.0f);
}

TEST(MatrixFactorisationTest, ScoreAndLossMatchAnIndependentComputation) {
  const Stream s = make_random_tiny_stream(2, 6, 9, 0, 60);
  MatrixFactorisation m(shape_of(s), MfParams{3}, 4);
  // Non-zero biases so that every term is exercised.
  std::mt19937_64 gen(5);
  for (auto& v : m.parameters())
    v += static_cast<float>(static_cast<double>(gen() % 1000) / 2000.0 - 0.25);
  const auto rows = all_rows(s);
  std::vector<float> out(rows.size());
  m.score(s, rows, out);
  const std::size_t cols = 4;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto p = m.parameters();
    const float* u = p.data() + static_cast<std::size_t>(s.user[rows[k]]) * cols;
    const float* v =
        p.data() + m.layout()[1].offset + static_cast<std::size_t>(s.item[rows[k]]) * cols;
    const double z = u[0] * v[0] + u[1] * v[1] + u[2] * v[2] + u[3] + v[3] + p.back();
    EXPECT_NEAR(out[k], 1.0 / (1.0 + std::exp(-z)), 1e-6);
  }
  Gradient grad(m.layout());
  EXPECT_NEAR(m.loss_and_gradient(s, rows, {}, grad), reference_loss(m, s, rows), 1e-9);
}

TEST(MatrixFactorisationTest, GradientMatchesFiniteDifferences) {
  const Stream s = make_random_tiny_stream(3, 5, 8, 0, 50);
  MatrixFactorisation m(shape_of(s), MfParams{3}, 6);
  m.parameters().back() = 0.3f;
  for (std::size_t k = 3; k < m.parameter_count(); k += 4) m.parameters()[k] = 0.1f;  // biases
  const auto rows = all_rows(s);
  Gradient grad(m.layout());
  m.loss_and_gradient(s, rows, {}, grad);
  const double eps = 1e-3;
  for (std::size_t k = 0; k < m.parameter_count(); ++k) {
    const float saved = m.parameters()[k];
    m.parameters()[k] = static_cast<float>(saved + eps);
    const double up = reference_loss(m, s, rows);
    m.parameters()[k] = static_cast<float>(saved - eps);
    const double down = reference_loss(m, s, rows);
    m.parameters()[k] = saved;
    // The perturbation actually applied, after rounding to float.
    const double h = static_cast<double>(static_cast<float>(saved + eps)) -
                     static_cast<double>(static_cast<float>(saved - eps));
    const double fd = (up - down) / h;
    EXPECT_NEAR(grad.data()[k], fd, 1e-4 + 1e-3 * std::abs(fd)) << "parameter " << k;
  }
}

TEST(MatrixFactorisationTest, RowsReadAreTheBatchUsersAndItemsAndGradientTouchesExactlyThem) {
  const Stream s = make_random_tiny_stream(4, 30, 40, 0, 200);
  MatrixFactorisation m(shape_of(s), MfParams{8}, 1);
  const std::vector<RowIndex> batch = {3, 17, 17, 42, 99, 150};
  const auto read = m.rows_read(s, batch);
  std::set<std::int32_t> users, items;
  for (const RowIndex r : batch) {
    users.insert(s.user[r]);
    items.insert(s.item[r]);
  }
  EXPECT_EQ(read[0], std::vector<std::int32_t>(users.begin(), users.end()));
  EXPECT_EQ(read[1], std::vector<std::int32_t>(items.begin(), items.end()));
  EXPECT_TRUE(read[2].empty());
  Gradient grad(m.layout());
  m.loss_and_gradient(s, batch, {}, grad);
  for (std::size_t b = 0; b < 2; ++b) {
    std::vector<std::int32_t> touched(grad.touched_rows(b).begin(), grad.touched_rows(b).end());
    std::sort(touched.begin(), touched.end());
    EXPECT_EQ(touched, read[b]);
  }
}

TEST(MatrixFactorisationTest, RegistryBuildsItWithItsDimensionAndRejectsBadOnes) {
  const Stream s = make_random_tiny_stream(1, 7, 11, 0, 40);
  const auto& reg = BaseModelRegistry::global();
  const auto model = reg.create("mf(dim=4)", shape_of(s), 1);
  EXPECT_EQ(model->kind(), "mf");
  EXPECT_EQ(model->layout()[0].cols, 5u);
  EXPECT_EQ(reg.create("mf", shape_of(s), 1)->layout()[0].cols, 9u);
  EXPECT_THROW(reg.create("mf(dim=0)", shape_of(s), 1), UsageError);
  EXPECT_THROW(reg.create("mf(rank=3)", shape_of(s), 1), UsageError);
}

}  // namespace
}  // namespace crbench
