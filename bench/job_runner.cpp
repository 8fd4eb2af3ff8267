// Job expansion, shared pre-training, parallel execution and result writing.
#include "bench/job_runner.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "datasets/errors.hpp"
#include "methods/registry.hpp"

namespace crbench {

std::vector<std::string> split_method_list(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  for (const char c : text) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else if (c != ' ') {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

JobRunReport run_jobs(const Stream& stream, const JobPlan& plan) {
  const MethodRegistry& registry = MethodRegistry::global();
  plan.protocol.validate(stream);
  if (plan.methods.empty()) throw UsageError("--methods: no method given");
  if (plan.seeds.empty()) throw UsageError("--seeds: no seed given");

  struct Job {
    std::string spec;
    std::string canonical;
    std::uint64_t seed;
    std::size_t seed_index;
    JobConfig config;
  };
  std::vector<Job> jobs;
  const std::string stream_text = describe_stream(stream);
  const std::string protocol_text = describe_protocol(plan.protocol);
  for (const std::string& spec_text : plan.methods) {
    const MethodSpec spec = MethodSpec::parse(spec_text);
    const std::string canonical = registry.canonical(spec.name, registry.resolve(spec));
    for (std::size_t s = 0; s < plan.seeds.size(); ++s) {
      JobConfig config{stream.meta.name, stream_text, protocol_text, canonical, plan.seeds[s]};
      jobs.push_back({spec_text, canonical, plan.seeds[s], s, config});
    }
  }

  std::unique_ptr<ResultsWriter> writer;
  if (!plan.results_path.empty()) writer = std::make_unique<ResultsWriter>(plan.results_path);
  std::ofstream predictions;
  if (!plan.predictions_path.empty()) {
    predictions.open(plan.predictions_path);
    if (!predictions)
      throw DataError(plan.predictions_path, 0, "cannot open the predictions file for writing");
    predictions << "method,seed,period,user,item,label,score\n";
  }
  std::mutex io_mutex;

  JobRunReport report;
  std::vector<char> run(jobs.size(), 1);
  std::vector<char> seed_needed(plan.seeds.size(), 0);
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (writer && writer->finished().count(jobs[j].config.hash())) {
      run[j] = 0;
      ++report.skipped;
    } else {
      seed_needed[jobs[j].seed_index] = 1;
    }
  }

  const int threads = plan.threads > 0 ? plan.threads : tbb::this_task_arena::max_concurrency();
  tbb::task_arena arena(threads);
  std::vector<std::optional<PretrainedModel>> pretrained(plan.seeds.size());
  std::vector<JobResult> results(jobs.size());
  arena.execute([&] {
    tbb::parallel_for(std::size_t{0}, plan.seeds.size(), [&](std::size_t s) {
      if (seed_needed[s]) pretrained[s] = pretrain(stream, plan.protocol, plan.seeds[s]);
    });
    tbb::parallel_for(std::size_t{0}, jobs.size(), [&](std::size_t j) {
      if (!run[j]) return;
      const Job& job = jobs[j];
      std::ostringstream buffer;
      PredictionSink sink;
      if (predictions.is_open()) {
        sink = [&](int period, RowIndex row, float score) {
          buffer << csv_field(job.canonical) << ',' << job.seed << ',' << period + 1 << ','
                 << stream.raw_user_id[static_cast<std::size_t>(stream.user[row])] << ','
                 << stream.raw_item_id[static_cast<std::size_t>(stream.item[row])] << ','
                 << stream.label[row] << ',' << score << '\n';
        };
      }
      std::unique_ptr<Method> method = registry.create(job.spec);
      results[j] = run_protocol(stream, *pretrained[job.seed_index], *method, job.canonical,
                                plan.protocol, job.seed, sink);
      if (writer) writer->write(job.config, results[j]);
      const std::lock_guard<std::mutex> lock(io_mutex);
      if (predictions.is_open()) predictions << buffer.str() << std::flush;
      if (!plan.quiet) {
        const JobResult& r = results[j];
        if (r.ok) {
          std::fprintf(stderr, "done  %-40s seed %llu  AUC %.4f\n", job.canonical.c_str(),
                       static_cast<unsigned long long>(job.seed), r.mean_recorded().auc);
        } else {
          std::fprintf(stderr, "FAILED %s seed %llu: %s\n", job.canonical.c_str(),
                       static_cast<unsigned long long>(job.seed), r.error.c_str());
        }
      }
    });
  });
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (!run[j]) continue;
    if (!results[j].ok) ++report.failed;
    report.results.push_back(std::move(results[j]));
  }
  return report;
}

}  // namespace crbench
