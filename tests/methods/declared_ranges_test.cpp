// A declared range is a promise: every value in it gives a method that runs and
// serves probabilities. Each registered method is run with each of its numeric
// hyper-parameters at the lower end of its range (where 0/0 and empty windows
// live), and at the upper end when that is at most 1 (shares, rates, weights).
// popularity(smoothing=0) served NaN before its unseen items got the global rate.
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "methods/registry.hpp"
#include "sim/simulator.hpp"
#include "tests/support/run_method.hpp"

namespace crbench {
namespace {

struct BoundCase {
  std::string spec;  // method(param=bound)
};

std::vector<BoundCase> bound_cases() {
  std::vector<BoundCase> out;
  for (const MethodEntry* e : MethodRegistry::global().entries()) {
    if (!e->alias_of.empty()) continue;
    for (const ParamInfo& p : e->params.info()) {
      if (!p.has_range) continue;
      std::vector<double> values = {p.lower};
      if (p.upper <= 1.0 && p.upper != p.lower) values.push_back(p.upper);
      for (const double v : values)
        out.push_back({e->name + "(" + p.name + "=" + format_number(v) + ")"});
    }
  }
  return out;
}

class DeclaredRange : public ::testing::TestWithParam<BoundCase> {
 protected:
  static const Stream& stream() {
    static const Stream s = sim::simulate_stream(
        sim::parse_scenario("sudden(periods=8,t0=7,samples_per_period=600,users=120,items=150)"),
        3);
    return s;
  }
};

TEST_P(DeclaredRange, TheBoundRunsAndServesProbabilities) {
  ProtocolSettings protocol = test_support::quick_protocol();
  protocol.pretrain_periods = 5;
  protocol.pretrain_epochs = 1;
  const test_support::MethodRun run =
      test_support::run_method(stream(), GetParam().spec, 1, protocol);
  ASSERT_TRUE(run.result.ok) << GetParam().spec << ": " << run.result.error;
  ASSERT_FALSE(run.scores.empty());
  for (const float s : run.scores) ASSERT_TRUE(std::isfinite(s) && s >= 0.0f && s <= 1.0f) << s;
  for (const PeriodResult& p : run.result.periods) EXPECT_FALSE(std::isnan(p.metrics.auc));
}

INSTANTIATE_TEST_SUITE_P(EveryMethodsBounds, DeclaredRange, ::testing::ValuesIn(bound_cases()),
                         [](const ::testing::TestParamInfo<BoundCase>& info) {
                           std::string n = info.param.spec;
                           for (char& c : n)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace crbench
