// ASMG as a method (docs/methods/asmg.md): its input chain is the plain IU chain,
// its time is booked where it goes, and every variant actually changes the model.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "bench/protocol.hpp"
#include "core/errors.hpp"
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

JobResult run(const std::string& spec, std::vector<float>* scores) {
  test_support::MethodRun r = test_support::run_method(short_stream(), spec, 2);
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

class AsmgVariant : public ::testing::TestWithParam<std::string> {};

TEST_P(AsmgVariant, ServesItsOwnModelAndBooksItsCost) {
  static std::vector<float> iu;
  static const JobResult iu_result = run("iu", &iu);
  ASSERT_TRUE(iu_result.ok);
  std::vector<float> scores;
  const JobResult r = run(GetParam(), &scores);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_FALSE(bit_equal(scores, iu));
  for (const PeriodResult& p : r.periods) {
    EXPECT_GT(p.cost.base_train_seconds, 0.0);
    EXPECT_GT(p.cost.meta_train_seconds, 0.0);
    EXPECT_GT(p.cost.generation_seconds, 0.0);
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
