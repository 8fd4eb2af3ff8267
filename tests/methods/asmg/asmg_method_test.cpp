// ASMG as a method (docs/methods/asmg.md): its input chain is the plain IU chain,
// its time is booked where it goes, and every variant actually changes the model.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/protocol.hpp"
#include "core/errors.hpp"
#include "core/seeding.hpp"
#include "methods/asmg/asmg_generator.hpp"
#include "methods/registry.hpp"
#include "tests/support/bundled_data.hpp"
#include "tests/support/run_method.hpp"

namespace crbench {
namespace {

using test_support::quick_protocol;

const Stream& short_stream() {
  static const Stream s = test_support::movielens_prefix(14);
  return s;
}

using test_support::bit_equal;

// One more online period: the windowed variants (k = 3) train their generator
// from the fourth online period on.
const Stream& variant_stream() {
  static const Stream s = test_support::movielens_prefix(15);
  return s;
}

JobResult run(const std::string& spec, std::vector<float>* scores,
              const Stream& stream = short_stream()) {
  test_support::MethodRun r = test_support::run_method(stream, spec, 2);
  if (scores) *scores = std::move(r.scores);
  return r.result;
}

TEST(AsmgMethod, LinearWithWindowOneServesTheIncrementalUpdateChain) {
  // softmax over one model is 1: the served model is the newest IU model, so the
  // chain ASMG keeps must be exactly the "iu" entry's (same seeds, same data).
  std::vector<float> linear, iu;
  ASSERT_TRUE(run("asmg-linear(k=1)", &linear).ok);
  ASSERT_TRUE(run("iu", &iu).ok);
  EXPECT_TRUE(bit_equal(linear, iu));
}

// The IU models of the first `count` online periods, trained as the "iu" entry
// trains them (same settings and seeds), from the pre-trained model.
std::vector<std::vector<float>> iu_chain(const PretrainedModel& pre, const ProtocolSettings& p,
                                         std::uint64_t seed, int count) {
  const Stream& s = short_stream();
  TrainingState state = pre.state;
  std::vector<std::vector<float>> chain;
  for (int t = p.pretrain_periods; t < p.pretrain_periods + count; ++t) {
    std::vector<RowIndex> rows;
    for (RowIndex r = s.period_begin(t); r < s.period_end(t); ++r) rows.push_back(r);
    train(state, s, rows, {}, p.update_settings(),
          derive_seed(seed, "update-shuffle", static_cast<std::uint64_t>(t)));
    chain.emplace_back(state.model->parameters().begin(), state.model->parameters().end());
  }
  return chain;
}

// What a fresh (untrained) GRU generator of the method's seed makes of `window`
// from a zero state, as the scores of period `period`.
std::vector<float> fresh_generator_scores(const PretrainedModel& pre,
                                          const std::vector<std::vector<float>>& window,
                                          std::uint64_t seed, int period) {
  const AsmgGenerator generator(pre.state.model->layout(), GeneratorKind::gru, 4, 3,
                                derive_seed(seed, "asmg-generator", 0));
  std::unique_ptr<BaseModel> model = pre.state.model->clone();
  std::vector<const float*> inputs;
  for (const auto& m : window) inputs.push_back(m.data());
  std::vector<float*> outputs(window.size(), nullptr);
  outputs.back() = model->parameters().data();
  generator.forward(inputs, nullptr, {}, outputs);
  const Stream& s = short_stream();
  std::vector<RowIndex> rows;
  for (RowIndex r = s.period_begin(period); r < s.period_end(period); ++r) rows.push_back(r);
  std::vector<float> scores(rows.size());
  model->score(s, rows, scores);
  return scores;
}

// Every served score of a run, by test period.
std::map<int, std::vector<float>> scores_by_period(const std::string& spec, std::uint64_t seed,
                                                   const PretrainedModel& pre) {
  const ProtocolSettings p = quick_protocol();
  auto method = MethodRegistry::global().create(spec);
  std::map<int, std::vector<float>> out;
  const JobResult r =
      run_protocol(short_stream(), pre, *method, spec, p, seed,
                   [&](int period, RowIndex, float v) { out[period].push_back(v); });
  EXPECT_TRUE(r.ok) << r.error;
  return out;
}

TEST(AsmgMethod, TheChainStartsAtTheFirstOnlineModelAndWaitsForKOfThem) {
  // As the reference's training loops: the pre-trained model is never an input.
  // GRUmulti (k = 3) serves the IU model of the first two online periods, then
  // the fresh generator's output over the first three IU models (zero state, no
  // training before: no complete window ended earlier). GRUfull starts at once,
  // with a window of one: the first online IU model.
  const ProtocolSettings p = quick_protocol();
  const std::uint64_t seed = 2;
  const PretrainedModel pre = pretrain(short_stream(), p, seed);
  const std::vector<std::vector<float>> chain = iu_chain(pre, p, seed, 3);
  const int first = p.pretrain_periods + 1;  // the first test period

  const auto iu = scores_by_period("iu", seed, pre);
  const auto multi = scores_by_period("asmg-gru-multi", seed, pre);
  EXPECT_TRUE(bit_equal(multi.at(first), iu.at(first)));
  EXPECT_TRUE(bit_equal(multi.at(first + 1), iu.at(first + 1)));
  EXPECT_TRUE(bit_equal(multi.at(first + 2), fresh_generator_scores(pre, chain, seed, first + 2)));
  EXPECT_FALSE(bit_equal(multi.at(first + 2), iu.at(first + 2)));

  const auto full = scores_by_period("asmg-gru-full", seed, pre);
  EXPECT_TRUE(bit_equal(full.at(first), fresh_generator_scores(pre, {chain[0]}, seed, first)));
  EXPECT_FALSE(bit_equal(full.at(first), iu.at(first)));
}

class AsmgVariant : public ::testing::TestWithParam<std::string> {};

TEST_P(AsmgVariant, ServesItsOwnModelAndBooksItsCost) {
  static std::vector<float> iu;
  static const JobResult iu_result = run("iu", &iu, variant_stream());
  ASSERT_TRUE(iu_result.ok);
  std::vector<float> scores;
  const JobResult r = run(GetParam(), &scores, variant_stream());
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(bit_equal(scores, iu));
  // The generator trains once a complete window ended before the period: from
  // the second online period for GRUfull, the (k + 1)-th = fourth for the
  // windowed variants (k = 3), the last of the stream's four.
  ASSERT_EQ(r.periods.size(), 4u);
  const std::size_t first_training = GetParam() == "asmg-gru-full" ? 1 : 3;
  for (std::size_t k = 0; k < r.periods.size(); ++k) {
    const PeriodResult& p = r.periods[k];
    EXPECT_GT(p.cost.base_train_seconds, 0.0);
    EXPECT_GT(p.cost.generation_seconds, 0.0);
    if (k >= first_training) {
      EXPECT_GT(p.cost.meta_train_seconds, 0.0) << k;
    }
  }
  // The served model plus the generator's meta-parameters.
  EXPECT_GT(r.parameter_count, iu_result.parameter_count);
}

INSTANTIATE_TEST_SUITE_P(AllVariants, AsmgVariant,
                         ::testing::Values("asmg-linear", "asmg-gru-single", "asmg-gru-multi",
                                           "asmg-gru-unif", "asmg-gru-zero", "asmg-gru-full"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) c = c == '-' ? '_' : c;
                           return n;
                         });

TEST(AsmgMethod, OutOfRangeHyperParametersAreUsageErrors) {
  EXPECT_THROW(MethodRegistry::global().create("asmg-gru-multi(k=0)"), UsageError);
  EXPECT_THROW(MethodRegistry::global().create("asmg-gru-multi(H=0)"), UsageError);
  EXPECT_THROW(MethodRegistry::global().create("asmg-gru-multi(meta_lr=0)"), UsageError);
  EXPECT_THROW(MethodRegistry::global().create("asmg-gru-multi(weighting=3)"), UsageError);
}

}  // namespace
}  // namespace crbench
