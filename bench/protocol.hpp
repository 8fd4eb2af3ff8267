// The evaluation protocol (docs/protocol.md): pre-train once per (stream,
// seed), then for each online period t the method observes D_t and its serving
// model is scored on D_{t+1}. The method sees the stream only through a window
// that is widened after each period's scores are recorded, so it cannot peek.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bench/cohorts.hpp"
#include "bench/metrics.hpp"
#include "bench/ranking_eval.hpp"
#include "bench/recovery.hpp"
#include "core/params.hpp"
#include "methods/method.hpp"

namespace crbench {

class StreamSource;  // bench/stream_source.hpp

// The protocol's run options, declared once (core/params.hpp): `crbench run`'s
// options and a grid's keys, their defaults and range checks all come from the
// declaration (bench/protocol.cpp); describe_protocol (bench/results.hpp) writes
// what results rows say about them.
struct ProtocolSettings {
  int pretrain_periods = 10;  // P: periods [0, P) pre-train the shared model
  int pretrain_epochs = 10;
  int batch_size = 1024;              // of pre-training and of period updates
  float learning_rate = 1e-3f;        // Adam, pre-training
  float update_learning_rate = 0.0f;  // period updates; 0: learning_rate
  int update_epochs = 1;
  int recorded_periods = 7;  // summary over the last N test periods; 0 = all of them
  // Adam on embedding rows a batch skips: dense as the reference's TensorFlow Adam.
  EmbeddingAdam embedding_adam = EmbeddingAdam::dense;
  // Base-model spec (methods/base_model_registry.hpp) of the shared pre-trained model.
  std::string base_model = "emb-mlp";
  // Full-ranking evaluation (bench/ranking_eval.hpp): the cutoffs "10,20" ("":
  // off), and at most this many users per test period (0: all of them).
  std::string ranking_metrics;
  int ranking_users = 0;

  static void declare(ParamDecls<ProtocolSettings>& d);

  TrainSettings pretrain_settings() const {
    return {batch_size, learning_rate, pretrain_epochs, embedding_adam};
  }
  TrainSettings update_settings() const {
    return {batch_size, update_learning_rate > 0 ? update_learning_rate : learning_rate,
            update_epochs, embedding_adam};
  }
  // The ranking evaluation these settings ask for (no cutoffs: none).
  RankingSettings ranking() const;
  // Checks every setting against its declaration and that the stream has enough
  // periods; throws UsageError naming the options.
  void validate(const Stream& stream) const;
  // The same for a stream named `name` that has (or will have) `periods` periods.
  void validate(int periods, const std::string& name) const;
};

// "10,20" -> {10, 20} (sorted, duplicates removed; "" -> none). Throws
// std::invalid_argument saying what is wrong with the text.
std::vector<int> parse_ranking_cutoffs(const std::string& text);

// One scored test period (0-based index of the period the model was scored on).
struct PeriodResult {
  int test_period = 0;
  bool recorded = false;
  // The period's labels are all 1 or all 0: its AUC and GAUC are undefined (NaN),
  // results say so, and the means and tests over periods leave it out.
  bool unscorable = false;
  PeriodMetrics metrics;
  // The oracle's metrics on the same samples (simulated streams; NaN otherwise):
  // regret = oracle.auc - metrics.auc, excess log loss = metrics.log_loss - oracle.log_loss.
  PeriodMetrics oracle{NAN, NAN, NAN, 0, NAN};
  // The method's AUC on the period's new users, new items and warm samples.
  CohortMetrics cohorts;
  // How concentrated the period's impressions are (simulated streams; NaN
  // otherwise). Under closed-loop exposure the served model chose some of them.
  Exposure exposure;
  RankingResult ranking;  // full-ranking metrics, when the settings ask for them
  double update_wall_seconds = 0.0;
  double update_cpu_seconds = 0.0;
  CostBreakdown cost;
};

struct JobResult {
  std::string method;  // canonical spec
  std::uint64_t seed = 0;
  bool ok = true;
  std::string error;  // the reason when !ok
  std::vector<PeriodResult> periods;
  std::size_t parameter_count = 0;
  // Peak resident memory of the whole process when the job ended (getrusage): not
  // the job's own in a run of several jobs.
  double peak_rss_mb = 0.0;
  // Regret at the stream's drift points (NaN without them or without ground truth).
  RecoveryMetrics recovery;
  // The job's own peak heap memory (core/job_memory.hpp): the most its threads had
  // allocated and not yet freed. NaN when the build does not count allocations.
  double job_peak_mb = NAN;
  // Means over recorded periods, of the method's metrics or (with &PeriodResult::oracle)
  // of the oracle's. AUC and GAUC average the periods where they are defined (not
  // the unscorable ones); NaN when there is none.
  PeriodMetrics mean_recorded(PeriodMetrics PeriodResult::*which = &PeriodResult::metrics) const;
  // Over recorded periods: each cohort's mean AUC over the periods where it has
  // one, and its samples summed; the exposure measures' means.
  CohortMetrics mean_recorded_cohorts() const;
  Exposure mean_recorded_exposure() const;
  // Each ranking metric's mean over the recorded periods that have it (NaN
  // periods, with no user to evaluate, left out), in the periods' metric order.
  std::vector<std::pair<std::string, double>> mean_recorded_ranking() const;
  double mean_update_wall_seconds() const;
};

// Receives every scored test sample, for --predictions-out.
using PredictionSink = std::function<void(int test_period, RowIndex row, float score)>;

// The test periods (0-based) of `stream` under `settings` whose labels are all 1
// or all 0: no method can be scored there (AUC undefined).
std::vector<int> unscorable_test_periods(const Stream& stream, const ProtocolSettings& settings);

// The shared pre-trained model of a (stream, seed) pair, trained on its first
// pretrain_periods periods (a closed-loop stream needs only those so far).
PretrainedModel pretrain(const Stream& stream, const ProtocolSettings& settings,
                         std::uint64_t seed);
PretrainedModel pretrain(const StreamSource& source, const ProtocolSettings& settings,
                         std::uint64_t seed);

// Called after each scored test period (the grid's progress line).
using PeriodDone = std::function<void()>;

// Runs one method through the online phase. Never throws for a failing method:
// its exception becomes JobResult::error.
JobResult run_protocol(const Stream& stream, const PretrainedModel& pretrained, Method& method,
                       const std::string& method_name, const ProtocolSettings& settings,
                       std::uint64_t seed, const PredictionSink& sink = {},
                       const PeriodDone& period_done = {});
// The same on a stream that may grow as the job runs (a closed-loop world): each
// period is revealed with the model that is scored on it, just before it is.
JobResult run_protocol(StreamSource& source, const PretrainedModel& pretrained, Method& method,
                       const std::string& method_name, const ProtocolSettings& settings,
                       std::uint64_t seed, const PredictionSink& sink = {},
                       const PeriodDone& period_done = {});

// Scores rows with a serving model, in parallel over chunks (deterministic: each
// score depends only on its row).
std::vector<float> score_rows(const Scorer& scorer, const FeatureView& stream,
                              std::span<const RowIndex> rows);

// Peak resident memory of this process so far, in MiB.
double peak_rss_mb();

}  // namespace crbench
