// SML and SML-MF (docs/methods/sml.md) driven period by period on the bundled
// MovieLens log: the served model keeps the base model's shape, the cost split is
// booked where docs/methods/sml.md says, and the hyper-parameters are validated.
#include <gtest/gtest.h>

#include <cmath>
#include <iomanip>
#include <memory>
#include <sstream>

#include "bench/protocol.hpp"
#include "core/errors.hpp"
#include "methods/registry.hpp"
#include "tests/support/bundled_data.hpp"
#include "tests/support/run_binary.hpp"
#include "tests/support/run_method.hpp"

namespace crbench {
namespace {

using test_support::bit_equal;
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

std::vector<float> served_scores(const std::string& spec, const ProtocolSettings& p) {
  const test_support::MethodRun run = test_support::run_method(short_stream(), spec, 4, p);
  EXPECT_TRUE(run.result.ok) << spec << ": " << run.result.error;
  EXPECT_FALSE(run.scores.empty()) << spec;
  return run.scores;
}

// `epochs` and `pretrain_lr` replace the protocol's --update-epochs and --lr for
// sml-mf alone: set to the protocol's values they change nothing, bit for bit,
// and epochs=2 is the protocol's --update-epochs 2.
TEST(Sml, EpochsAndPretrainLrAtTheProtocolsValuesAreTheDefault) {
  const ProtocolSettings p = quick_protocol();
  std::ostringstream lr;
  lr << std::setprecision(9) << p.learning_rate;  // 9 digits give the float back
  const std::vector<float> plain = served_scores("sml-mf", p);
  EXPECT_TRUE(bit_equal(served_scores("sml-mf(epochs=1,pretrain_lr=" + lr.str() + ")", p), plain));
  EXPECT_TRUE(bit_equal(served_scores("sml(epochs=1)", p), served_scores("sml", p)));
  ProtocolSettings two = p;
  two.update_epochs = 2;
  EXPECT_TRUE(bit_equal(served_scores("sml-mf(epochs=2)", p), served_scores("sml-mf", two)));
}

// A pre-training lr other than the protocol's pre-trains a different MF: the
// scores differ already in the first online period.
TEST(Sml, PretrainLrChangesTheOwnMfsPretraining) {
  const ProtocolSettings p = quick_protocol();
  EXPECT_FALSE(
      bit_equal(served_scores("sml-mf(pretrain_lr=0.001)", p), served_scores("sml-mf", p)));
}

// Two passes per phase serve other scores than one and take more training time:
// over the online periods, both the base (W-hat) and the meta (f) training
// booked with epochs=2 exceed those with epochs=1 (twice the batches; the
// comparison is within one test run, so machine load affects both).
TEST(Sml, TwoEpochsTrainLongerAndServeOtherScores) {
  const ProtocolSettings p = quick_protocol();
  EXPECT_FALSE(bit_equal(served_scores("sml-mf(epochs=2)", p), served_scores("sml-mf", p)));
  struct Booked {
    double base = 0.0, meta = 0.0;
  };
  auto booked = [](const std::string& spec) {
    Driver d(spec, 3);
    Booked b;
    for (int t = d.p.pretrain_periods; t < d.s.num_periods(); ++t) {
      d.observe(t);
      b.base += d.method->last_cost().base_train_seconds;
      b.meta += d.method->last_cost().meta_train_seconds;
    }
    return b;
  };
  const Booked one = booked("sml-mf(epochs=1)");
  const Booked two = booked("sml-mf(epochs=2)");
  EXPECT_GT(two.base, one.base);
  EXPECT_GT(two.meta, one.meta);
}

// Parameters left at 0 stay out of the canonical spec, so sml-mf's spec text
// (and every job hash made from it) is what it was before they were added.
TEST(Sml, NewParametersAtTheirDefaultsLeaveTheCanonicalSpecAsItWas) {
  const auto& reg = MethodRegistry::global();
  // The parameters of docs/methods/sml.md's table at their defaults.
  EXPECT_EQ(reg.canonical("sml-mf"),
            "sml-mf(multi_num=1,transfer_lr=0.001,hat_lr=0.01,batch_size=0,dim=8)");
  EXPECT_EQ(reg.canonical("sml-mf(epochs=0,pretrain_lr=0)"), reg.canonical("sml-mf"));
  EXPECT_EQ(reg.canonical("sml(epochs=0)"), reg.canonical("sml"));
  EXPECT_NE(reg.canonical("sml-mf(epochs=5,pretrain_lr=0.01)").find("epochs=5"), std::string::npos);
  EXPECT_NE(reg.canonical("sml-mf(epochs=5,pretrain_lr=0.01)").find("pretrain_lr=0.01"),
            std::string::npos);
}

TEST(Sml, MethodsCommandListsTheNewParameters) {
  const test_support::Outcome o = test_support::run_crbench("methods sml");
  ASSERT_EQ(o.exit_code, 0) << o.output;
  const std::size_t mf = o.output.find("sml-mf");
  ASSERT_NE(mf, std::string::npos) << o.output;
  // sml lists epochs; sml-mf lists epochs and pretrain_lr; sml has no pretrain_lr.
  EXPECT_NE(o.output.find("epochs"), std::string::npos) << o.output;
  EXPECT_LT(o.output.find("epochs"), mf) << o.output;
  EXPECT_NE(o.output.find("epochs", mf), std::string::npos) << o.output;
  EXPECT_NE(o.output.find("pretrain_lr", mf), std::string::npos) << o.output;
  EXPECT_EQ(o.output.find("pretrain_lr"), o.output.find("pretrain_lr", mf)) << o.output;
}

TEST(Sml, RejectsOutOfRangeHyperParameters) {
  const auto& reg = MethodRegistry::global();
  EXPECT_THROW(reg.create("sml(multi_num=0)"), UsageError);
  EXPECT_THROW(reg.create("sml(hat_lr=0)"), UsageError);
  EXPECT_THROW(reg.create("sml(batch_size=-1)"), UsageError);
  EXPECT_THROW(reg.create("sml-mf(dim=0)"), UsageError);
  EXPECT_THROW(reg.create("sml(dim=4)"), UsageError);  // only sml-mf brings an MF
  EXPECT_THROW(reg.create("sml(epochs=-1)"), UsageError);
  EXPECT_THROW(reg.create("sml-mf(pretrain_lr=-0.01)"), UsageError);
  EXPECT_THROW(reg.create("sml(pretrain_lr=0.01)"), UsageError);  // sml pre-trains nothing
}

}  // namespace
}  // namespace crbench
