// Test-then-train over periods, with the window gate and cost accounting.
#include "bench/protocol.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "bench/stream_source.hpp"
#include "core/errors.hpp"
#include "core/job_memory.hpp"
#include "core/seeding.hpp"
#include "core/stopwatch.hpp"
#include "methods/base_model_registry.hpp"
#include "methods/own_pretraining.hpp"
#include "methods/parallel.hpp"

namespace crbench {

void ProtocolSettings::declare(ParamDecls<ProtocolSettings>& d) {
  d.field("pretrain-periods", &ProtocolSettings::pretrain_periods)
      .range(1, 1e6)
      .describe("periods used for pre-training");
  d.field("pretrain-epochs", &ProtocolSettings::pretrain_epochs)
      .range(0, 1000)
      .describe("pre-training epochs");
  d.field("batch-size", &ProtocolSettings::batch_size)
      .range(1, 1 << 20)
      .describe("mini-batch size");
  d.field("lr", &ProtocolSettings::learning_rate).range(1e-8, 10).describe("Adam learning rate");
  d.field("update-lr", &ProtocolSettings::update_learning_rate)
      .range(0, 10)
      .describe("learning rate of period updates (0: same as --lr)");
  d.field("update-epochs", &ProtocolSettings::update_epochs)
      .range(1, 1000)
      .describe("epochs per period update");
  d.field("test-periods", &ProtocolSettings::recorded_periods)
      .range(0, 1e6)
      .describe("summarise the last N test periods (0: all online test periods)");
  d.field("embedding-adam", &ProtocolSettings::embedding_adam)
      .choice("dense", EmbeddingAdam::dense)
      .choice("lazy", EmbeddingAdam::lazy)
      .describe(
          "Adam on embedding rows a batch does not touch: dense (they decay and move every "
          "step, as TensorFlow's and PyTorch's Adam in the reference code) or lazy (they stay "
          "put: LazyAdam, SparseAdam)");
  d.field("base-model", &ProtocolSettings::base_model)
      .check([](const std::string& spec) -> std::string {
        try {
          BaseModelRegistry::global().canonical(spec);
        } catch (const UsageError& e) {
          return std::string("is not a base model: ") + e.what();
        }
        return "";
      })
      .describe("base model of the shared pre-trained model (`crbench base-models` lists them)");
  d.field("ranking-metrics", &ProtocolSettings::ranking_metrics)
      .check([](const std::string& text) -> std::string {
        try {
          parse_ranking_cutoffs(text);
        } catch (const std::invalid_argument& e) {
          return e.what();
        }
        return "";
      })
      .describe(
          "full-ranking evaluation per test period at these cutoffs, e.g. 10,20: Recall@K, "
          "NDCG@K, HR@K and MRR over all known items (empty: off)");
  d.field("ranking-users", &ProtocolSettings::ranking_users)
      .range(0, 1e9)
      .describe("rank at most this many users per test period, a seeded sample (0: all)");
  d.check([](const ProtocolSettings& p) -> std::string {
    if (p.ranking_users > 0 && p.ranking_metrics.empty())
      return "ranking-users needs --ranking-metrics";
    return "";
  });
}

std::vector<int> parse_ranking_cutoffs(const std::string& text) {
  std::vector<int> cutoffs;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t comma = std::min(text.find(',', pos), text.size());
    const std::string item = text.substr(pos, comma - pos);
    std::size_t used = 0;
    int k = 0;
    try {
      k = std::stoi(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (item.empty() || used != item.size() || k < 1 || k > 1000000)
      throw std::invalid_argument(
          "is not a list of cutoffs such as 10,20 (whole numbers in [1, "
          "1000000]): '" +
          item + "'");
    cutoffs.push_back(k);
    pos = comma + 1;
    if (comma + 1 == text.size()) throw std::invalid_argument("ends with a comma");
  }
  std::sort(cutoffs.begin(), cutoffs.end());
  cutoffs.erase(std::unique(cutoffs.begin(), cutoffs.end()), cutoffs.end());
  return cutoffs;
}

RankingSettings ProtocolSettings::ranking() const {
  return {parse_ranking_cutoffs(ranking_metrics), ranking_users};
}

void ProtocolSettings::validate(const Stream& stream) const {
  validate(stream.num_periods(), stream.meta.name);
}

void ProtocolSettings::validate(int periods, const std::string& name) const {
  declarations_of<ProtocolSettings>().validate(*this, "");
  // Online phase t = P .. T-2 needs at least one test period P+1 <= T-1.
  if (periods < pretrain_periods + 2)
    throw UsageError("the stream '" + name + "' has " + std::to_string(periods) +
                     " periods; --pretrain-periods " + std::to_string(pretrain_periods) +
                     " needs at least " + std::to_string(pretrain_periods + 2));
}

PeriodMetrics JobResult::mean_recorded(PeriodMetrics PeriodResult::*which) const {
  PeriodMetrics mean{};
  mean.auc = mean.log_loss = mean.gauc = mean.positive_rate = 0.0;
  std::size_t n = 0, with_auc = 0, with_gauc = 0;
  for (const PeriodResult& p : periods) {
    if (!p.recorded) continue;
    const PeriodMetrics& m = p.*which;
    // Undefined on a period with one label class (or, GAUC, without a user who has
    // both): such periods are left out of these two means, not turned into NaN.
    if (!std::isnan(m.auc)) mean.auc += m.auc, ++with_auc;
    if (!std::isnan(m.gauc)) mean.gauc += m.gauc, ++with_gauc;
    mean.log_loss += m.log_loss;
    mean.positive_rate += m.positive_rate;
    mean.samples += m.samples;
    ++n;
  }
  if (n == 0) return PeriodMetrics{NAN, NAN, NAN, 0, NAN};
  const double d = static_cast<double>(n);
  mean.auc = with_auc == 0 ? NAN : mean.auc / static_cast<double>(with_auc);
  mean.gauc = with_gauc == 0 ? NAN : mean.gauc / static_cast<double>(with_gauc);
  mean.log_loss /= d;
  mean.positive_rate /= d;
  return mean;
}

namespace {

// Mean of the finite values (NaN when none).
struct FiniteMean {
  double sum = 0.0;
  std::size_t n = 0;
  void add(double v) {
    if (std::isfinite(v)) sum += v, ++n;
  }
  double value() const { return n == 0 ? NAN : sum / static_cast<double>(n); }
};

}  // namespace

CohortMetrics JobResult::mean_recorded_cohorts() const {
  FiniteMean users, items, warm;
  CohortMetrics out;
  for (const PeriodResult& p : periods) {
    if (!p.recorded) continue;
    users.add(p.cohorts.new_users_auc);
    items.add(p.cohorts.new_items_auc);
    warm.add(p.cohorts.warm_auc);
    out.new_user_samples += p.cohorts.new_user_samples;
    out.new_item_samples += p.cohorts.new_item_samples;
  }
  out.new_users_auc = users.value();
  out.new_items_auc = items.value();
  out.warm_auc = warm.value();
  return out;
}

Exposure JobResult::mean_recorded_exposure() const {
  FiniteMean gini, coverage;
  for (const PeriodResult& p : periods) {
    if (!p.recorded) continue;
    gini.add(p.exposure.gini);
    coverage.add(p.exposure.coverage);
  }
  return {gini.value(), coverage.value()};
}

std::vector<std::pair<std::string, double>> JobResult::mean_recorded_ranking() const {
  std::vector<std::pair<std::string, double>> out;
  std::vector<std::size_t> n;
  for (const PeriodResult& p : periods) {
    if (!p.recorded) continue;
    for (const auto& [name, value] : p.ranking.metrics) {
      std::size_t j = 0;
      while (j < out.size() && out[j].first != name) ++j;
      if (j == out.size()) out.emplace_back(name, 0.0), n.push_back(0);
      if (std::isnan(value)) continue;
      out[j].second += value;
      ++n[j];
    }
  }
  for (std::size_t j = 0; j < out.size(); ++j)
    out[j].second = n[j] == 0 ? NAN : out[j].second / static_cast<double>(n[j]);
  return out;
}

double JobResult::mean_update_wall_seconds() const {
  double total = 0.0;
  std::size_t n = 0;
  for (const PeriodResult& p : periods)
    if (p.recorded) total += p.update_wall_seconds, ++n;
  return n == 0 ? NAN : total / static_cast<double>(n);
}

std::vector<int> unscorable_test_periods(const Stream& stream, const ProtocolSettings& settings) {
  std::vector<int> out;
  for (int p = settings.pretrain_periods + 1; p < stream.num_periods(); ++p) {
    bool positive = false, negative = false;
    for (RowIndex r = stream.period_begin(p); r < stream.period_end(p); ++r)
      (stream.label[r] == 1.0f ? positive : negative) = true;
    if (!(positive && negative)) out.push_back(p);
  }
  return out;
}

PretrainedModel pretrain(const Stream& stream, const ProtocolSettings& settings,
                         std::uint64_t seed) {
  const FixedStream source(stream);
  return pretrain(source, settings, seed);
}

PretrainedModel pretrain(const StreamSource& source, const ProtocolSettings& settings,
                         std::uint64_t seed) {
  const Stream& stream = source.stream();
  settings.validate(source.total_periods(), stream.meta.name);
  PretrainedModel out;
  out.pretrain_periods = settings.pretrain_periods;
  out.pretrain_settings = settings.pretrain_settings();
  out.state = TrainingState(BaseModelRegistry::global().create(
      settings.base_model, shape_of(stream), pretrain_init_seed(seed)));
  std::vector<RowIndex> rows(stream.period_begin(settings.pretrain_periods));
  std::iota(rows.begin(), rows.end(), RowIndex{0});
  train(out.state, stream, rows, {}, out.pretrain_settings, pretrain_shuffle_seed(seed));
  return out;
}

std::vector<float> score_rows(const Scorer& scorer, const FeatureView& stream,
                              std::span<const RowIndex> rows) {
  std::vector<float> scores(rows.size());
  constexpr std::size_t kChunk = 2048;
  const std::size_t chunks = (rows.size() + kChunk - 1) / kChunk;
  parallel_for_in_job(chunks, [&](std::size_t c) {
    const std::size_t b = c * kChunk;
    const std::size_t n = std::min(kChunk, rows.size() - b);
    scorer.score(stream, rows.subspan(b, n), std::span<float>(scores).subspan(b, n));
  });
  return scores;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

namespace {

// Scores D_{test} with the serving model into pr.metrics (and, on a simulated
// stream, the ground truth into pr.oracle), with its cohorts and exposure.
void score_period(const Scorer& scorer, const Stream& stream, const Period& test, int index,
                  const FirstSeen& seen, const PredictionSink& sink, PeriodResult& pr) {
  const std::vector<RowIndex> rows = test.rows();
  // The serving model sees the features of the rows up to the end of the period it
  // scores, and no label: the labels below are read by the protocol alone.
  const std::vector<float> scores = score_rows(scorer, FeatureView(stream, test.end), rows);
  for (const float s : scores)
    if (!std::isfinite(s) || s < 0.0f || s > 1.0f)
      throw DivergedError("served a score that is not a probability (" + std::to_string(s) +
                          ") on period " + std::to_string(index));
  std::vector<float> labels(rows.size());
  std::vector<std::int32_t> users(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    labels[k] = stream.label[rows[k]];
    users[k] = stream.user[rows[k]];
  }
  if (sink)
    for (std::size_t k = 0; k < rows.size(); ++k) sink(index, rows[k], scores[k]);
  pr.metrics = evaluate_period(labels, scores, users);
  pr.cohorts = cohort_metrics(stream, seen, index, rows, scores);
  pr.exposure = exposure_of(stream, index);
  pr.unscorable = !(pr.metrics.positive_rate > 0.0 && pr.metrics.positive_rate < 1.0);
  if (stream.has_true_probability()) {
    std::vector<float> truth(rows.size());
    for (std::size_t k = 0; k < rows.size(); ++k) truth[k] = stream.true_probability[rows[k]];
    pr.oracle = evaluate_period(labels, truth, users);
  }
}

}  // namespace

JobResult run_protocol(const Stream& stream, const PretrainedModel& pretrained, Method& method,
                       const std::string& method_name, const ProtocolSettings& settings,
                       std::uint64_t seed, const PredictionSink& sink,
                       const PeriodDone& period_done) {
  FixedStream source(stream);
  return run_protocol(source, pretrained, method, method_name, settings, seed, sink, period_done);
}

JobResult run_protocol(StreamSource& source, const PretrainedModel& pretrained, Method& method,
                       const std::string& method_name, const ProtocolSettings& settings,
                       std::uint64_t seed, const PredictionSink& sink,
                       const PeriodDone& period_done) {
  JobResult result;
  result.method = method_name;
  result.seed = seed;
  const Stream& stream = source.stream();  // the same object as it grows
  const int periods = source.total_periods();
  const int first_test = settings.pretrain_periods + 1;
  const int num_tests = periods - first_test;
  const int recorded =
      settings.recorded_periods == 0 ? num_tests : std::min(settings.recorded_periods, num_tests);
  // Everything the job allocates from here on, on this thread and the threads of
  // its parallel loops, is booked to it; the stream and the pre-trained model are not.
  JobMemory memory;
  const JobMemoryScope booking(&memory);
  try {
    settings.validate(periods, stream.meta.name);
    const RankingSettings ranking = settings.ranking();
    StreamWindow window(stream, settings.pretrain_periods);
    MethodContext ctx{&window, settings.update_settings(), seed};
    method.start(pretrained, ctx);
    // The first online period, drawn (in a closed loop) with the model served after start.
    source.reveal(settings.pretrain_periods, method.serving());
    FirstSeen seen;
    for (int p = 0; p <= settings.pretrain_periods; ++p) seen.add_period(stream, p);
    for (int t = settings.pretrain_periods; t + 1 < periods; ++t) {
      // D_t is released only now: the models serving it were scored last iteration.
      window.set_visible(t + 1);
      const Stopwatch watch;
      method.observe(window.period(t), ctx);
      PeriodResult pr;
      pr.update_wall_seconds = watch.wall_seconds();
      pr.update_cpu_seconds = watch.cpu_seconds();
      pr.cost = method.last_cost();
      pr.test_period = t + 1;
      pr.recorded = pr.test_period >= periods - recorded;
      // The protocol, not the method, reads D_{t+1}: the window still ends at t.
      // In a closed loop it exists only now, drawn with the model scored on it.
      source.reveal(t + 1, method.serving());
      seen.add_period(stream, t + 1);
      const Period test{t + 1, stream.period_begin(t + 1), stream.period_end(t + 1)};
      score_period(method.serving(), stream, test, t + 1, seen, sink, pr);
      pr.ranking = evaluate_ranking(method.serving(), stream, t + 1, ranking);
      result.periods.push_back(pr);
      if (period_done) period_done();
    }
    result.parameter_count = method.parameter_count();
    result.recovery = recovery_metrics(result.periods, stream.meta.drift_start_periods);
  } catch (const std::exception& e) {
    result.ok = false;
    result.error = e.what();
  }
  result.peak_rss_mb = peak_rss_mb();
  if (job_memory_counted()) result.job_peak_mb = memory.peak_mb();
  return result;
}

}  // namespace crbench
