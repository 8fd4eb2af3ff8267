// SML and SML-MF (docs/methods/sml.md) driven period by period on the bundled
// MovieLens log: the served model keeps the base model's shape, the cost split is
// booked where docs/methods/sml.md says, and the hyper-parameters are validated.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "bench/protocol.hpp"
#include "core/errors.hpp"
#include "methods/registry.hpp"
#include "tests/support/bundled_data.hpp"
#include "tests/support/run_method.hpp"

namespace crbench {
namespace {

using test_support::movielens_prefix;
using test_support::quick_protocol;

const Stream& short_stream() {
  static const Stream s = movielens_prefix(13);
  return s;
}

// Runs a method through the online periods P..last of the short stream, calling
// after(t, method) after each observe(D_t).
struct Driver {
  const Stream& s = short_stream();
  ProtocolSettings p = quick_protocol();
  PretrainedModel pre;
  StreamWindow window{s, 0};
  MethodContext ctx;
  std::unique_ptr<Method> method;

  Driver(const std::string& spec, std::uint64_t seed) {
    pre = pretrain(s, p, seed);
    window.set_visible(p.pretrain_periods);
    ctx = MethodContext{&window, p.update_settings(), seed};
    method = MethodRegistry::global().create(spec);
    method->start(pre, ctx);
  }
  Period period(int t) const { return Period{t, s.period_begin(t), s.period_end(t)}; }
  void observe(int t) {
    window.set_visible(t + 1);
    method->observe(period(t), ctx);
  }
  // Mean BCE of the served model on period t.
  double served_loss(int t) const {
    const std::vector<RowIndex> rows = period(t).rows();
    const std::vector<float> scores = score_rows(method->serving(), s, rows);
    double sum = 0.0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      const double q = std::clamp(static_cast<double>(scores[k]), 1e-7, 1.0 - 1e-7);
      sum += s.label[rows[k]] > 0.5f ? -std::log(q) : -std::log(1.0 - q);
    }
    return sum / static_cast<double>(rows.size());
  }
};

TEST(Sml, ServesAModelOfTheSharedBaseModelsShapeAndBooksTheCostSplit) {
  Driver d("sml", 3);
  const auto* served = dynamic_cast<const BaseModel*>(&d.method->serving());
  ASSERT_NE(served, nullptr);
  EXPECT_EQ(served->kind(), "emb-mlp");
  EXPECT_EQ(served->parameter_count(), d.pre.state.model->parameter_count());
  // The method's count adds the transfer nets to the served model.
  EXPECT_GT(d.method->parameter_count(), served->parameter_count());
  const int first = d.p.pretrain_periods;
  d.observe(first);
  // No earlier (W_prev, Ŵ) pair: f is not trained in the first online period.
  EXPECT_EQ(d.method->last_cost().meta_train_seconds, 0.0);
  EXPECT_GT(d.method->last_cost().base_train_seconds, 0.0);
  EXPECT_GT(d.method->last_cost().generation_seconds, 0.0);
  d.observe(first + 1);
  EXPECT_GT(d.method->last_cost().meta_train_seconds, 0.0);
  EXPECT_GT(d.method->last_cost().base_train_seconds, 0.0);
  EXPECT_GT(d.method->last_cost().generation_seconds, 0.0);
  EXPECT_EQ(dynamic_cast<const BaseModel*>(&d.method->serving())->parameter_count(),
            d.pre.state.model->parameter_count());
}

TEST(Sml, SmlMfServesItsOwnMatrixFactorisation) {
  Driver d("sml-mf", 3);
  d.observe(d.p.pretrain_periods);
  const auto* served = dynamic_cast<const BaseModel*>(&d.method->serving());
  ASSERT_NE(served, nullptr);
  EXPECT_EQ(served->kind(), "mf");
  const auto users = static_cast<std::size_t>(d.s.num_users);
  const auto items = static_cast<std::size_t>(d.s.num_items);
  EXPECT_EQ(served->parameter_count(), (users + items) * 9 + 1);
}

// sml-mf pre-trains its own MF with the protocol's seeds and settings, so it must
// serve exactly what sml serves when the protocol's shared model is that MF.
TEST(Sml, SmlMfIsSmlOnASharedMatrixFactorisation) {
  const Stream& s = short_stream();
  auto scores = [&](const std::string& spec, const std::string& base_model) {
    ProtocolSettings p = quick_protocol();
    p.base_model = base_model;
    const test_support::MethodRun run = test_support::run_method(s, spec, 4, p);
    EXPECT_TRUE(run.result.ok) << run.result.error;
    return run.scores;
  };
  const std::vector<float> own = scores("sml-mf", "emb-mlp");
  const std::vector<float> shared = scores("sml", "mf");
  ASSERT_FALSE(own.empty());
  EXPECT_EQ(own, shared);
}

TEST(Sml, RejectsOutOfRangeHyperParameters) {
  const auto& reg = MethodRegistry::global();
  EXPECT_THROW(reg.create("sml(multi_num=0)"), UsageError);
  EXPECT_THROW(reg.create("sml(hat_lr=0)"), UsageError);
  EXPECT_THROW(reg.create("sml(batch_size=-1)"), UsageError);
  EXPECT_THROW(reg.create("sml-mf(dim=0)"), UsageError);
  EXPECT_THROW(reg.create("sml(dim=4)"), UsageError);  // only sml-mf brings an MF
}

}  // namespace
}  // namespace crbench
