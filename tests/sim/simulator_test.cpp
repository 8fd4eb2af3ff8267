// Tests of the simulator as a whole: determinism (seeds, threads), the stream's
// shape, the CSV round trip through the generic loader, a stationary world's
// constant click rate and oracle AUC, and the oracle's calibration.
#include <gtest/gtest.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/metrics.hpp"
#include "core/errors.hpp"
#include "datasets/loaders.hpp"
#include "datasets/stream_builder.hpp"
#include "sim/simulator.hpp"
#include "sim/world.hpp"
#include "tests/sim/sim_test_util.hpp"

namespace crbench::sim {
namespace {

using testing::all_periods;
using testing::auc_se;
using testing::binomial_se;
using testing::file_bytes;

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("crbench_sim_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

constexpr const char* kSmallMixed =
    "mixed(periods=10,samples_per_period=1500,users=300,items=400,sudden_t0=5)";

TEST(SimulatorDeterminism, SameSeedSameBytesOnAnyNumberOfThreads) {
  const Scenario s = parse_scenario(kSmallMixed);
  const std::string a = temp_path("a.csv"), b = temp_path("b.csv"), c = temp_path("c.csv");
  tbb::task_arena one(1), two(2);
  one.execute([&] { write_simulated_csv(s, 7, a); });
  // Two streams written concurrently in an arena of two threads.
  two.execute([&] {
    tbb::parallel_for(0, 2, [&](int k) { write_simulated_csv(s, k == 0 ? 7 : 8, k == 0 ? b : c); });
  });
  const std::string bytes_a = file_bytes(a);
  ASSERT_GT(bytes_a.size(), 10000u);
  EXPECT_EQ(bytes_a, file_bytes(b));
  EXPECT_NE(bytes_a, file_bytes(c));  // a different seed gives a different stream
  for (const auto& p : {a, b, c}) std::filesystem::remove(p);

  const Stream x = simulate_stream(s, 3), y = simulate_stream(s, 3), z = simulate_stream(s, 4);
  EXPECT_EQ(x.user, y.user);
  EXPECT_EQ(x.item, y.item);
  EXPECT_EQ(x.label, y.label);
  EXPECT_EQ(x.true_probability, y.true_probability);
  EXPECT_NE(x.true_probability, z.true_probability);
}

TEST(SimulatorShape, EveryPeriodHasItsSamplesInStrictTimeOrder) {
  const auto periods = all_periods(kSmallMixed, 1);
  ASSERT_EQ(periods.size(), 10u);
  std::int64_t last = 0;
  for (const SimulatedPeriod& p : periods) {
    ASSERT_EQ(p.user.size(), 1500u);
    ASSERT_EQ(p.probability.size(), 1500u);
    for (std::size_t j = 0; j < p.user.size(); ++j) {
      ASSERT_GT(p.timestamp[j], last);
      last = p.timestamp[j];
      ASSERT_TRUE(p.label[j] == 0.0f || p.label[j] == 1.0f);
      ASSERT_GT(p.probability[j], 0.0f);
      ASSERT_LT(p.probability[j], 1.0f);
    }
  }
  Simulator sim(parse_scenario(kSmallMixed), 1);
  SimulatedPeriod p;
  for (int t = 0; t < sim.num_periods(); ++t) sim.next_period(p);
  EXPECT_EQ(sim.periods_generated(), 10);
  EXPECT_THROW(sim.next_period(p), std::logic_error);
}

TEST(SimulatorShape, StreamHasTheSimulatorsPeriodsAndDriftMarks) {
  const Stream s = simulate_stream(parse_scenario(kSmallMixed), 2, 20);
  ASSERT_EQ(s.num_periods(), 10);
  for (int t = 0; t < 10; ++t) EXPECT_EQ(s.period_end(t) - s.period_begin(t), 1500u);
  EXPECT_TRUE(s.has_true_probability());
  EXPECT_TRUE(s.has_categories());
  EXPECT_EQ(s.max_history, 20);
  EXPECT_EQ(s.meta.labelling, "given-label");
  // mixed: rotation from period index 1, sudden at index 4, bursts from 0, churn from 1.
  EXPECT_EQ(s.meta.drift_start_periods, (std::vector<int>{0, 1, 1, 4}));
  EXPECT_EQ(s.meta.drift_end_periods, (std::vector<int>{9, 9, 9, 4}));
}

TEST(SimulatorCsv, RoundTripThroughTheGenericLoaderGivesTheSameStream) {
  const Scenario s = parse_scenario(kSmallMixed);
  const std::string path = temp_path("roundtrip.csv");
  write_simulated_csv(s, 11, path);
  CsvColumns cols;
  cols.label = "label";
  cols.category = "category";
  cols.probability = "probability";
  const RawLog raw = load_interaction_csv(path, cols);
  std::filesystem::remove(path);
  StreamOptions options;
  options.label_rule = LabelRule::kGivenLabel;
  options.period_rule = PeriodRule::kEqualCount;
  options.num_periods = 10;
  const Stream a = build_stream(raw, options);
  const Stream b = simulate_stream(s, 11);
  EXPECT_EQ(a.user, b.user);
  EXPECT_EQ(a.item, b.item);
  EXPECT_EQ(a.timestamp, b.timestamp);
  EXPECT_EQ(a.label, b.label);
  EXPECT_EQ(a.true_probability, b.true_probability);
  EXPECT_EQ(a.period_offset, b.period_offset);
  EXPECT_EQ(a.history_end, b.history_end);
  EXPECT_EQ(a.history_len, b.history_len);
  EXPECT_EQ(a.positive_items, b.positive_items);
  EXPECT_EQ(a.raw_user_id, b.raw_user_id);
  EXPECT_EQ(a.raw_item_id, b.raw_item_id);
  EXPECT_EQ(a.item_category_offset, b.item_category_offset);
  EXPECT_EQ(a.item_categories, b.item_categories);
  EXPECT_EQ(a.num_categories, b.num_categories);
}

TEST(SimulatorCsv, UnwritablePathIsADataError) {
  EXPECT_THROW(write_simulated_csv(parse_scenario("stationary(periods=2,samples_per_period=5)"), 1,
                                   "/nonexistent-dir/x.csv"),
               DataError);
}

TEST(SimulatorStationary, ClickRateAndOracleAucStayConstant) {
  const auto periods = all_periods("stationary", 5);
  ASSERT_EQ(periods.size(), 31u);
  std::vector<float> labels, probs;
  for (const auto& p : periods) {
    labels.insert(labels.end(), p.label.begin(), p.label.end());
    probs.insert(probs.end(), p.probability.begin(), p.probability.end());
  }
  double clicks = 0;
  for (float l : labels) clicks += l;
  const double n_all = static_cast<double>(labels.size());
  const double rate = clicks / n_all;
  const double auc = roc_auc(labels, probs);
  EXPECT_GT(rate, 0.3);
  EXPECT_LT(rate, 0.5);
  for (const auto& p : periods) {
    const double n = static_cast<double>(p.label.size());
    double c = 0;
    for (float l : p.label) c += l;
    // Each period's click rate is within 4 binomial standard errors sqrt(r(1-r)/n)
    // of the pooled rate, and its oracle AUC within 4 Hanley-McNeil standard errors.
    EXPECT_NEAR(c / n, rate, 4.0 * binomial_se(rate, n));
    EXPECT_NEAR(roc_auc(p.label, p.probability), auc, 4.0 * auc_se(auc, c, n - c));
  }
}

TEST(SimulatorOracle, TrueProbabilityRanksWellAndMatchesTheClickRate) {
  for (const char* spec : {"stationary", "sudden", "gradual", "incremental", "recurring",
                           "popularity-shift", "churn", "mixed"}) {
    const Stream s = simulate_stream(parse_scenario(spec), 9);
    double clicks = 0, mass = 0;
    for (std::size_t r = 0; r < s.num_samples(); ++r) {
      clicks += s.label[r];
      mass += s.true_probability[r];
    }
    const double n = static_cast<double>(s.num_samples());
    EXPECT_GT(roc_auc(s.label, s.true_probability), 0.7) << spec;
    // Law of large numbers: the labels are Bernoulli(p), so the click rate differs
    // from the mean probability by less than 4 sqrt(r(1-r)/n) (at most, since the
    // variance of a sum of Bernoullis is at most that of equal ones).
    EXPECT_NEAR(clicks / n, mass / n, 4.0 * binomial_se(mass / n, n)) << spec;
    EXPECT_GT(clicks / n, 0.25) << spec;
    EXPECT_LT(clicks / n, 0.55) << spec;
  }
}

TEST(SimulatorOracle, RecordedProbabilityIsTheWorldsGroundTruth) {
  for (const char* spec : {"stationary(periods=4)", "sudden(periods=6,t0=3,share=0.5)",
                           "mixed(periods=6,sudden_t0=3)", "stationary(periods=3,noise=0.3)"}) {
    const Scenario s = parse_scenario(spec);
    const internal::WorldModel world(internal::config_from_scenario(s), 21);
    internal::PeriodState st;
    const auto periods = all_periods(spec, 21);
    for (int t = 0; t < static_cast<int>(periods.size()); ++t) {
      world.prepare(t, st);
      const SimulatedPeriod& p = periods[static_cast<std::size_t>(t)];
      for (std::size_t j = 0; j < p.user.size(); ++j) {
        ASSERT_EQ(p.probability[j], static_cast<float>(st.probability_of(
                                        static_cast<std::int32_t>(p.user[j]),
                                        static_cast<std::int32_t>(p.item[j]), false)))
            << spec << " period " << t << " sample " << j;
      }
    }
  }
}

TEST(SimulatorOracle, NoiseLowersTheOraclesAuc) {
  const Stream clean = simulate_stream(parse_scenario("stationary(periods=4)"), 3);
  const Stream noisy = simulate_stream(parse_scenario("stationary(periods=4,noise=0.6)"), 3);
  EXPECT_LT(roc_auc(noisy.label, noisy.true_probability) + 0.05,
            roc_auc(clean.label, clean.true_probability));
}

}  // namespace
}  // namespace crbench::sim
