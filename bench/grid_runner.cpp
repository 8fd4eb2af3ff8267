// Grid expansion into jobs, shared pre-training, the task graph and writing.
#include "bench/grid_runner.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "bench/progress.hpp"
#include "bench/stream_source.hpp"
#include "core/errors.hpp"
#include "methods/registry.hpp"

namespace crbench {

namespace {

struct Job {
  std::size_t stream;
  std::string spec;
  std::string canonical;
  std::uint64_t seed;
  JobConfig config;
  std::size_t slot;  // index into the results of jobs that run
};

// The pre-training shared by the jobs of one (stream, seed), with the seed's own
// world when the stream has one per seed: made by the first task, released when
// its last job ends.
struct SharedPretraining {
  std::size_t stream;
  std::uint64_t seed;
  std::vector<std::size_t> jobs;                  // indices into the job list
  std::unique_ptr<Stream> own_stream;             // this seed's open-loop world
  std::unique_ptr<sim::ClosedLoopStream> prefix;  // or its closed loop's open periods
  const Stream* data = nullptr;                   // what the jobs run on (open loop)
  std::unique_ptr<PretrainedModel> model;
  std::string error;  // why pre-training failed (then every job fails with it)
  std::atomic<std::size_t> remaining{0};
};

std::string seed_text(std::uint64_t seed) { return std::to_string(seed); }

}  // namespace

std::string GridStream::description() const {
  return stream ? describe_stream(*stream) : simulated->description();
}

void parse_shard(const std::string& text, std::size_t& index, std::size_t& count) {
  const std::size_t slash = text.find('/');
  bool ok = slash != std::string::npos && slash > 0 && slash + 1 < text.size();
  unsigned long long i = 0, n = 0;
  if (ok) {
    try {
      std::size_t used_i = 0, used_n = 0;
      i = std::stoull(text.substr(0, slash), &used_i);
      n = std::stoull(text.substr(slash + 1), &used_n);
      ok = used_i == slash && used_n == text.size() - slash - 1 && text[0] != '-' &&
           text[slash + 1] != '-';
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok || n == 0 || i >= n)
    throw UsageError("--shard '" + text + "' must be i/N with 0 <= i < N (e.g. 0/4 .. 3/4)");
  index = i;
  count = n;
}

GridRunReport run_grid(const std::vector<GridStream>& streams, const GridRunOptions& options) {
  const MethodRegistry& registry = MethodRegistry::global();
  if (options.shard_count == 0 || options.shard_index >= options.shard_count)
    throw UsageError("--shard: index must be below the shard count");

  // 1. Expand and validate every job before any work.
  std::vector<Job> jobs;
  for (std::size_t s = 0; s < streams.size(); ++s) {
    const GridStream& gs = streams[s];
    gs.protocol.validate(gs.num_periods(), gs.name);
    if (gs.methods.empty()) throw UsageError("--methods: no method given for " + gs.name);
    if (gs.seeds.empty()) throw UsageError("--seeds: no seed given for " + gs.name);
    const std::string stream_text = gs.description();
    const std::string protocol_text = describe_protocol(gs.protocol);
    const std::string drift =
        gs.stream ? drift_windows_text(gs.stream->meta) : gs.simulated->drift_windows_text();
    for (const std::string& spec_text : gs.methods) {
      const std::string canonical = registry.canonical(spec_text);
      for (const std::uint64_t seed : gs.seeds) {
        JobConfig config{gs.name, gs.variant, stream_text, protocol_text, canonical, seed, drift};
        jobs.push_back({s, spec_text, canonical, seed, std::move(config), 0});
      }
    }
  }

  std::unique_ptr<ResultsWriter> writer;
  if (!options.results_path.empty()) writer = std::make_unique<ResultsWriter>(options.results_path);
  std::ofstream predictions;
  if (!options.predictions_path.empty()) {
    predictions.open(options.predictions_path);
    if (!predictions)
      throw DataError(options.predictions_path, 0, "cannot open the predictions file for writing");
    predictions << "method,seed,period,user,item,label,score\n";
  }

  // 2. This shard's unfinished jobs, grouped by the pre-training they share.
  GridRunReport report;
  report.total = jobs.size();
  std::vector<std::size_t> to_run;
  std::map<std::pair<std::size_t, std::uint64_t>, std::size_t> group_of;
  std::vector<std::unique_ptr<SharedPretraining>> groups;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (j % options.shard_count != options.shard_index) continue;
    ++report.in_shard;
    if (writer && writer->finished().count(jobs[j].config.hash())) {
      ++report.skipped;
      continue;
    }
    jobs[j].slot = to_run.size();
    to_run.push_back(j);
    const auto key = std::make_pair(jobs[j].stream, jobs[j].seed);
    if (!group_of.count(key)) {
      group_of[key] = groups.size();
      groups.push_back(std::make_unique<SharedPretraining>());
      groups.back()->stream = jobs[j].stream;
      groups.back()->seed = jobs[j].seed;
    }
    groups[group_of[key]]->jobs.push_back(j);
  }
  for (auto& g : groups) g->remaining = g->jobs.size();
  report.pretrainings = groups.size();

  // 3. One task per pre-training; when it ends it spawns its jobs into the same
  // task group, so no thread waits at a barrier between the two phases.
  std::vector<JobResult> results(to_run.size());
  std::size_t test_periods = 0;  // of the jobs to run, for the progress line
  for (const std::size_t j : to_run) {
    const GridStream& gs = streams[jobs[j].stream];
    test_periods +=
        static_cast<std::size_t>(std::max(0, gs.num_periods() - gs.protocol.pretrain_periods - 1));
  }
  ProgressLine progress(to_run.size(), options.progress, test_periods);
  std::mutex predictions_mutex;
  const auto run_job = [&](SharedPretraining& group, std::size_t j) {
    const Job& job = jobs[j];
    const GridStream& gs = streams[job.stream];
    JobResult& result = results[job.slot];
    std::ostringstream buffer;
    if (!group.error.empty()) {
      result.method = job.canonical;
      result.seed = job.seed;
      result.ok = false;
      result.error = "pre-training failed: " + group.error;
    } else {
      // A closed-loop job grows its own copy of the seed's open periods.
      std::unique_ptr<StreamSource> source;
      if (group.prefix) {
        source = std::make_unique<ClosedLoopSource>(*group.prefix);
      } else {
        source = std::make_unique<FixedStream>(*group.data);
      }
      PredictionSink sink;
      if (predictions.is_open()) {
        const Stream& stream = source->stream();
        sink = [&](int period, RowIndex row, float score) {
          buffer << csv_field(job.canonical) << ',' << job.seed << ',' << period + 1 << ','
                 << stream.raw_user_id[static_cast<std::size_t>(stream.user[row])] << ','
                 << stream.raw_item_id[static_cast<std::size_t>(stream.item[row])] << ','
                 << stream.label[row] << ',' << score << '\n';
        };
      }
      try {
        std::unique_ptr<Method> method = registry.create(job.spec);
        result = run_protocol(*source, *group.model, *method, job.canonical, gs.protocol, job.seed,
                              sink, [&progress] { progress.period_done(); });
      } catch (const std::exception& e) {  // run_protocol catches the method's own errors
        result.method = job.canonical;
        result.seed = job.seed;
        result.ok = false;
        result.error = e.what();
      }
    }
    if (--group.remaining == 0) {  // its last job: free the model and the seed's world
      group.model.reset();
      group.own_stream.reset();
      group.prefix.reset();
    }
    if (writer) writer->write(job.config, result);
    if (predictions.is_open()) {
      const std::lock_guard<std::mutex> lock(predictions_mutex);
      predictions << buffer.str() << std::flush;
    }
    if (!options.quiet) {
      char line[512];
      if (result.ok) {
        std::snprintf(line, sizeof line, "done   %s%s%s  %s seed %s  AUC %.4f", gs.name.c_str(),
                      gs.variant.empty() ? "" : " ", gs.variant.c_str(), job.canonical.c_str(),
                      seed_text(job.seed).c_str(), result.mean_recorded().auc);
      } else {
        std::snprintf(line, sizeof line, "FAILED %s%s%s  %s seed %s: %s", gs.name.c_str(),
                      gs.variant.empty() ? "" : " ", gs.variant.c_str(), job.canonical.c_str(),
                      seed_text(job.seed).c_str(), result.error.c_str());
      }
      progress.message(line);
    }
    progress.job_done(!result.ok);
  };

  const int threads =
      options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
  report.threads = threads;
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::task_group tasks;
    for (auto& owned : groups) {
      SharedPretraining* group = owned.get();
      tasks.run([&, group] {
        const GridStream& gs = streams[group->stream];
        try {
          if (gs.stream) {
            group->data = gs.stream;
          } else if (gs.simulated->closed_loop()) {
            group->prefix =
                gs.simulated->closed_loop_prefix(group->seed, gs.protocol.pretrain_periods);
          } else {
            group->own_stream = std::make_unique<Stream>(gs.simulated->open_stream(group->seed));
            group->data = group->own_stream.get();
          }
          if (group->prefix) {
            const FixedStream source(group->prefix->stream(), group->prefix->total_periods());
            group->model =
                std::make_unique<PretrainedModel>(pretrain(source, gs.protocol, group->seed));
          } else {
            group->model =
                std::make_unique<PretrainedModel>(pretrain(*group->data, gs.protocol, group->seed));
          }
        } catch (const std::exception& e) {
          group->error = e.what();
        }
        for (const std::size_t j : group->jobs) tasks.run([&, group, j] { run_job(*group, j); });
      });
    }
    tasks.wait();
  });
  progress.finish();

  for (std::size_t k = 0; k < to_run.size(); ++k) {
    if (!results[k].ok) ++report.failed;
    report.results.push_back({jobs[to_run[k]].stream, std::move(results[k])});
  }
  return report;
}

}  // namespace crbench
