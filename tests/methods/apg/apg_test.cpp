// Tests of the APG layer kernels and the APG base model (docs/methods/apg.md):
// the decomposed layer against dense products computed independently in double,
// collapse-for-serving against the over-parameterised training form, the
// finite-difference gradient of every condition design, the activity bucket, and
// bad configurations.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "methods/apg/apg_layer.hpp"
#include "methods/apg/apg_model.hpp"
#include "methods/base_model_registry.hpp"
#include "tests/support/gradient_check.hpp"
#include "tests/support/tiny_stream.hpp"

namespace crbench {
namespace {

using test_support::make_tiny_stream;
using test_support::TinySpec;

std::vector<float> random_matrix(std::size_t rows, std::size_t cols, std::mt19937_64& gen,
                                 float scale = 1.0f) {
  std::uniform_real_distribution<float> u(-scale, scale);
  std::vector<float> m(rows * cols);
  for (float& x : m) x = u(gen);
  return m;
}

// Row-major double product (a: n x k, b: k x m), the independent reference.
std::vector<double> multiply(const std::vector<double>& a, const std::vector<double>& b, int n,
                             int k, int m) {
  std::vector<double> c(static_cast<std::size_t>(n * m), 0.0);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < m; ++j)
      for (int t = 0; t < k; ++t) c[i * m + j] += a[i * k + t] * b[t * m + j];
  return c;
}

std::vector<double> to_double(const std::vector<float>& v) { return {v.begin(), v.end()}; }

TEST(ApgLayer, CollapsedChainIsTheProductOfItsFactors) {
  std::mt19937_64 gen(1);
  const auto a = random_matrix(7, 12, gen);
  const auto b = random_matrix(12, 3, gen);
  const auto collapsed = apg::collapse({{a.data(), b.data()}, {7, 12, 3}});
  const auto expected = multiply(to_double(a), to_double(b), 7, 12, 3);
  ASSERT_EQ(collapsed.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(collapsed[i], expected[i], 1e-5);
}

// With S = I for every sample and square U, V, the layer is the static dense
// layer x (U V) + b, whether U and V are single factors or chains.
TEST(ApgLayer, IdentityConditionWithSquareFactorsIsAStaticDenseLayer) {
  std::mt19937_64 gen(2);
  const int n = 6;
  const std::size_t batch = 5;
  const auto x = random_matrix(batch, n, gen);
  const auto u = random_matrix(n, n, gen);
  const auto v = random_matrix(n, n, gen);
  const auto bias = random_matrix(1, n, gen);
  std::vector<float> s(batch * n * n, 0.0f);
  for (std::size_t r = 0; r < batch; ++r)
    for (int i = 0; i < n; ++i) s[r * n * n + i * n + i] = 1.0f;
  const auto w = multiply(to_double(u), to_double(v), n, n, n);
  const auto dense = multiply(to_double(x), w, static_cast<int>(batch), n, n);

  apg::LayerCache cache;
  std::vector<float> z(batch * n);
  apg::layer_forward({{u.data()}, {n, n}}, {{v.data()}, {n, n}}, bias.data(), x.data(), s.data(),
                     batch, cache, z.data());
  for (std::size_t r = 0; r < batch; ++r)
    for (int j = 0; j < n; ++j) EXPECT_NEAR(z[r * n + j], dense[r * n + j] + bias[j], 1e-4);

  // U = U_l U_r, V = V_l V_r with square factors: the dense weight is their product.
  const auto u2 = random_matrix(n, n, gen);
  const auto v2 = random_matrix(n, n, gen);
  const auto w2 =
      multiply(multiply(multiply(to_double(u), to_double(u2), n, n, n), to_double(v), n, n, n),
               to_double(v2), n, n, n);
  const auto dense2 = multiply(to_double(x), w2, static_cast<int>(batch), n, n);
  apg::layer_forward({{u.data(), u2.data()}, {n, n, n}}, {{v.data(), v2.data()}, {n, n, n}},
                     bias.data(), x.data(), s.data(), batch, cache, z.data());
  for (std::size_t r = 0; r < batch; ++r)
    for (int j = 0; j < n; ++j)
      EXPECT_NEAR(z[r * n + j], dense2[r * n + j] + bias[j],
                  1e-3 * (1 + std::abs(dense2[r * n + j])));
}

// Per-sample S: each row of the output is x_b U S_b V + b, computed densely.
TEST(ApgLayer, CollapsedServingLayerEqualsTheOverparameterisedTrainingLayer) {
  std::mt19937_64 gen(3);
  const int n = 40, m = 20, k = 5, p = 20;
  const std::size_t batch = 9;
  const auto x = random_matrix(batch, n, gen);
  const auto ul = random_matrix(n, p, gen, 0.3f);
  const auto ur = random_matrix(p, k, gen, 0.3f);
  const auto vl = random_matrix(k, p, gen, 0.3f);
  const auto vr = random_matrix(p, m, gen, 0.3f);
  const auto bias = random_matrix(1, m, gen);
  const auto s = random_matrix(batch, k * k, gen);
  const apg::MatrixChain u_train{{ul.data(), ur.data()}, {n, p, k}};
  const apg::MatrixChain v_train{{vl.data(), vr.data()}, {k, p, m}};
  const auto u = apg::collapse(u_train);
  const auto v = apg::collapse(v_train);
  apg::LayerCache cache;
  std::vector<float> train_out(batch * m), serve_out(batch * m);
  apg::layer_forward(u_train, v_train, bias.data(), x.data(), s.data(), batch, cache,
                     train_out.data());
  apg::layer_forward({{u.data()}, {n, k}}, {{v.data()}, {k, m}}, bias.data(), x.data(), s.data(),
                     batch, cache, serve_out.data());
  const auto ud = multiply(to_double(ul), to_double(ur), n, p, k);
  const auto vd = multiply(to_double(vl), to_double(vr), k, p, m);
  for (std::size_t r = 0; r < batch; ++r) {
    const std::vector<double> xr(x.begin() + static_cast<long>(r * n),
                                 x.begin() + static_cast<long>((r + 1) * n));
    const std::vector<double> sr(s.begin() + static_cast<long>(r * k * k),
                                 s.begin() + static_cast<long>((r + 1) * k * k));
    const auto expected = multiply(multiply(multiply(xr, ud, 1, n, k), sr, 1, k, k), vd, 1, k, m);
    for (int j = 0; j < m; ++j) {
      const double want = expected[j] + bias[j];
      EXPECT_NEAR(train_out[r * m + j], want, 1e-4 * (1 + std::abs(want)));
      EXPECT_NEAR(serve_out[r * m + j], train_out[r * m + j], 1e-4 * (1 + std::abs(want)));
    }
  }
}

// 8 users of very different activity (user 0 has 40 prior positives by the end,
// user 7 none), 12 items in 6 categories (item 11 without any). The check batch
// is the last 24 rows plus a repeated row.
Stream make_check_stream(bool with_categories) {
  std::mt19937_64 gen(11);
  TinySpec spec;
  spec.num_users = 8;
  spec.num_items = 12;
  if (with_categories) {
    spec.num_categories = 6;
    spec.item_categories = {{0}, {1, 2}, {2}, {0, 1, 2}, {1}, {0, 2},
                            {3}, {4, 5}, {5}, {3, 4},    {4}, {}};
  }
  std::int64_t t = 0;
  const int activity[8] = {40, 20, 9, 5, 3, 2, 1, 0};
  for (int u = 0; u < 8; ++u) {
    for (int k = 0; k < activity[u]; ++k) {
      spec.interactions.push_back(
          {u, static_cast<std::int32_t>(gen() % 12), gen() % 10 < 8 ? 1.0f : 0.0f, t++});
    }
  }
  for (int k = 0; k < 24; ++k) {
    const auto user = static_cast<std::int32_t>(k % 8);
    spec.interactions.push_back(
        {user, static_cast<std::int32_t>(gen() % 12), gen() % 2 ? 1.0f : 0.0f, 1000 + t++});
  }
  spec.max_history = 6;
  return make_tiny_stream(spec);
}

std::vector<RowIndex> check_batch(const Stream& s) {
  std::vector<RowIndex> rows;
  for (auto r = static_cast<RowIndex>(s.user.size() - 24); r < s.user.size(); ++r)
    rows.push_back(r);
  rows.push_back(rows[3]);  // a repeated row counts twice
  return rows;
}

TEST(ApgModel, ActivityBucketIsTheBitWidthOfPriorPositives) {
  const Stream s = make_check_stream(true);
  std::set<int> buckets;
  for (RowIndex r = 0; r < s.user.size(); ++r) {
    int prior = 0;  // counted independently from the rows
    for (RowIndex q = 0; q < s.user.size(); ++q) {
      prior += s.user[q] == s.user[r] && s.timestamp[q] < s.timestamp[r] && s.label[q] > 0.5f;
    }
    const int expected = std::min(static_cast<int>(std::bit_width(static_cast<unsigned>(prior))),
                                  kActivityBuckets - 1);
    EXPECT_EQ(activity_bucket(s, r), expected) << "row " << r;
    buckets.insert(expected);
  }
  EXPECT_GE(buckets.size(), 5u);  // the check stream exercises many buckets
}

// The activity embedding exists only as a condition: it starts at the user
// embedding's scale (Glorot for 2000 x 8, limit sqrt(6/2008)), not at Glorot's for
// its own 8 x 8 shape (limit sqrt(6/16), 11 times larger), so that S(z) = z G + I
// starts as close to I with the activity condition as with the user condition.
TEST(ApgModel, ActivityConditionStartsAtTheUserEmbeddingScale) {
  const StreamShape shape{2000, 3000, 20, 30};
  ApgParams config;
  config.condition = ApgCondition::kActivity;
  const ApgModel model(shape, config, 4);
  const double user_limit = std::sqrt(6.0 / (2000.0 + 8.0));
  double user_ss = 0.0, activity_ss = 0.0, activity_max = 0.0;
  std::size_t user_n = 0, activity_n = 0;
  for (const ParamBlock& b : model.layout()) {
    for (std::size_t k = 0; k < b.size(); ++k) {
      const double w = model.parameters()[b.offset + k];
      if (b.name == "user_embedding") {
        user_ss += w * w;
        ++user_n;
      } else if (b.name == "activity_embedding") {
        activity_ss += w * w;
        activity_max = std::max(activity_max, std::abs(w));
        ++activity_n;
      }
    }
  }
  ASSERT_EQ(activity_n, 8u * 8u);
  EXPECT_LE(activity_max, user_limit);
  // Uniform(-a, a) has RMS a / sqrt(3); 64 draws give it within about 10%.
  const double user_rms = std::sqrt(user_ss / static_cast<double>(user_n));
  const double activity_rms = std::sqrt(activity_ss / static_cast<double>(activity_n));
  EXPECT_NEAR(user_rms, user_limit / std::sqrt(3.0), 0.02 * user_limit);
  EXPECT_GT(activity_rms, 0.5 * user_rms);
  EXPECT_LT(activity_rms, 1.5 * user_rms);
}

TEST(ApgModel, LayoutHasLowRankOverparameterisedLayers) {
  const Stream s = make_check_stream(true);
  const ApgModel model(shape_of(s), ApgParams{}, 1);
  ASSERT_EQ(model.num_apg_layers(), 2u);
  EXPECT_EQ(model.rank(0), 5);  // ceil(min(40, 20) / 4)
  EXPECT_EQ(model.width(0), 20);
  EXPECT_EQ(model.rank(1), 3);  // ceil(min(20, 10) / 4)
  EXPECT_EQ(model.width(1), 12);
  const auto& layout = model.layout();
  EXPECT_EQ(layout[0].name, "user_embedding");
  EXPECT_EQ(layout[1].name, "item_embedding");
  EXPECT_EQ(layout[2].name, "category_embedding");
  const std::map<std::string, std::pair<std::size_t, std::size_t>> shapes = {
      {"apg.0.u_left", {40, 20}},  {"apg.0.u_right", {20, 5}},      {"apg.0.v_left", {5, 20}},
      {"apg.0.v_right", {20, 20}}, {"apg.0.gen.0.weight", {8, 25}}, {"apg.1.u_left", {20, 12}},
      {"apg.1.v_right", {12, 10}}, {"mlp.2.weight", {10, 1}}};
  std::size_t checked = 0;
  std::size_t total = 0;
  for (const ParamBlock& b : layout) {
    EXPECT_EQ(b.offset, total) << b.name;
    total += b.size();
    const auto want = shapes.find(b.name);
    if (want != shapes.end()) {
      EXPECT_EQ(b.rows, want->second.first) << b.name;
      EXPECT_EQ(b.cols, want->second.second) << b.name;
      ++checked;
    }
    if (b.name == "apg.1.gen.0.bias") {
      // Initialised to the flattened 3 x 3 identity.
      for (std::size_t i = 0; i < 9; ++i)
        EXPECT_EQ(model.parameters()[b.offset + i], i % 4 == 0 ? 1.0f : 0.0f);
    }
  }
  EXPECT_EQ(checked, shapes.size());
  EXPECT_EQ(total, model.parameter_count());
  EXPECT_EQ(layout.back().name, "mlp.2.bias");
}

const std::vector<ApgCondition> kAllConditions = {ApgCondition::kUser,      ApgCondition::kActivity,
                                                  ApgCondition::kCategory,  ApgCondition::kMixInput,
                                                  ApgCondition::kMixOutput, ApgCondition::kSelf};

ApgParams with_condition(ApgCondition c) {
  ApgParams p;
  p.condition = c;
  return p;
}

class ApgConditionTest : public ::testing::TestWithParam<ApgCondition> {
 protected:
  ApgParams config() const { return with_condition(GetParam()); }
};

// Checked at a generic point: a fresh model has zero biases, so a sample whose
// layer-0 units are all dead gives layer-1 pre-activations of exactly 0, a ReLU
// kink where central differences are undefined; small noise on every parameter
// moves the check off such points.
void perturb(ApgModel& model, std::uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<float> noise(-0.05f, 0.05f);
  for (float& p : model.parameters()) p += noise(gen);
}

TEST_P(ApgConditionTest, GradientMatchesFiniteDifferences) {
  const Stream s = make_check_stream(true);
  ApgModel model(shape_of(s), config(), 5);
  perturb(model, 50);
  test_support::expect_gradient_matches_finite_differences(model, s, check_batch(s), {});
}

TEST_P(ApgConditionTest, GradientMatchesFiniteDifferencesWithSoftTargetsWithoutCategories) {
  if (GetParam() == ApgCondition::kCategory) GTEST_SKIP();
  const Stream s = make_check_stream(false);
  ApgModel model(shape_of(s), config(), 6);
  perturb(model, 60);
  const auto rows = check_batch(s);
  std::vector<float> targets;
  for (std::size_t k = 0; k < rows.size(); ++k) targets.push_back(0.1f + 0.8f * (k % 5) / 4.0f);
  test_support::expect_gradient_matches_finite_differences(model, s, rows, targets);
}

TEST_P(ApgConditionTest, CollapsedServingScoresEqualTheTrainingForm) {
  const Stream s = make_check_stream(true);
  ApgModel model(shape_of(s), config(), 7);
  // Move every parameter off its initial value (generator biases included).
  std::mt19937_64 gen(8);
  std::uniform_real_distribution<float> noise(-0.3f, 0.3f);
  for (float& p : model.parameters()) p += noise(gen);
  std::vector<RowIndex> rows(s.user.size());
  for (RowIndex r = 0; r < rows.size(); ++r) rows[r] = r;
  std::vector<float> served(rows.size()), trained(rows.size());
  model.score(s, rows, served);
  model.score_training_form(s, rows, trained);
  double spread = 0.0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    EXPECT_NEAR(served[r], trained[r], 1e-5) << "row " << r;
    spread = std::max(spread, static_cast<double>(std::abs(served[r] - served[0])));
  }
  EXPECT_GT(spread, 0.05);  // the scores are not all alike
}

INSTANTIATE_TEST_SUITE_P(AllConditionDesigns, ApgConditionTest, ::testing::ValuesIn(kAllConditions),
                         [](const ::testing::TestParamInfo<ApgCondition>& info) {
                           return "condition" + std::to_string(static_cast<int>(info.param));
                         });

// The rows a batch reads are exactly the rows its gradient writes, for every
// condition (the activity buckets included).
TEST(ApgModel, RowsReadAreTheRowsTheGradientTouches) {
  const Stream s = make_check_stream(true);
  const auto rows = check_batch(s);
  for (const ApgCondition c : kAllConditions) {
    const ApgModel model(shape_of(s), with_condition(c), 2);
    Gradient grad(model.layout());
    model.loss_and_gradient(s, rows, {}, grad);
    const auto read = model.rows_read(s, rows);
    ASSERT_EQ(read.size(), model.layout().size());
    for (std::size_t b = 0; b < read.size(); ++b) {
      std::vector<std::int32_t> touched(grad.touched_rows(b).begin(), grad.touched_rows(b).end());
      std::sort(touched.begin(), touched.end());
      EXPECT_EQ(read[b], touched) << model.layout()[b].name << " condition " << static_cast<int>(c);
    }
  }
}

TEST(ApgModel, ConditionDesignsGiveDifferentModels) {
  const Stream s = make_check_stream(true);
  std::vector<RowIndex> rows(s.user.size());
  for (RowIndex r = 0; r < rows.size(); ++r) rows[r] = r;
  std::vector<std::vector<float>> scores;
  for (const ApgCondition c : kAllConditions) {
    const ApgModel model(shape_of(s), with_condition(c), 3);
    scores.emplace_back(rows.size());
    model.score(s, rows, scores.back());
  }
  for (std::size_t c = 1; c < scores.size(); ++c) EXPECT_NE(scores[c], scores[0]) << c;
}

TEST(ApgModel, RejectsBadConfigurations) {
  const Stream no_cats = make_check_stream(false);
  ApgParams category;
  category.condition = ApgCondition::kCategory;
  EXPECT_THROW(ApgModel(shape_of(no_cats), category, 1), UsageError);
  ApgParams flat;
  flat.hidden = {};
  EXPECT_THROW(ApgModel(shape_of(no_cats), flat, 1), UsageError);
  ApgParams bad_code;
  bad_code.condition = static_cast<ApgCondition>(9);
  EXPECT_THROW(ApgModel(shape_of(no_cats), bad_code, 1), UsageError);
  const auto& registry = BaseModelRegistry::global();
  EXPECT_THROW(registry.create("apg(k_div=0)", shape_of(no_cats), 1), UsageError);
  EXPECT_THROW(registry.create("apg(condition=5)", shape_of(no_cats), 1), UsageError);
  EXPECT_THROW(registry.create("apg(condition=users)", shape_of(no_cats), 1), UsageError);
  EXPECT_THROW(registry.create("apg(hidden=20-0)", shape_of(no_cats), 1), UsageError);
  const auto model = registry.create("apg(condition=self,k_div=2)", shape_of(no_cats), 1);
  EXPECT_EQ(model->kind(), "apg");
  EXPECT_EQ(dynamic_cast<const ApgModel&>(*model).rank(0), 10);
}

// Conditions are written by name in specs, and each name means its design.
TEST(ApgModel, ConditionsAreNamedInSpecs) {
  const auto& registry = BaseModelRegistry::global();
  const std::vector<std::pair<std::string, ApgCondition>> names = {
      {"user", ApgCondition::kUser},
      {"activity", ApgCondition::kActivity},
      {"category", ApgCondition::kCategory},
      {"mix-input", ApgCondition::kMixInput},
      {"mix-output", ApgCondition::kMixOutput},
      {"self", ApgCondition::kSelf}};
  ASSERT_EQ(names.size(), kAllConditions.size());
  const Stream s = make_check_stream(true);
  for (const auto& [name, condition] : names) {
    const auto model = registry.create("apg(condition=" + name + ")", shape_of(s), 1);
    EXPECT_EQ(dynamic_cast<const ApgModel&>(*model).config().condition, condition) << name;
    EXPECT_EQ(registry.canonical("apg(condition=" + name + ")"),
              "apg(d=8,hidden=20-10,k_div=4,p_mult=4,condition=" + name + ")");
  }
}

}  // namespace
}  // namespace crbench
