// Results rows -> JobResults -> leaderboard tables (Markdown and CSV).
#include "bench/leaderboard.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

#include "bench/results.hpp"
#include "bench/summary.hpp"
#include "core/errors.hpp"

namespace crbench {

namespace {

double number(const std::string& text) {
  if (text.empty() || text == "nan") return NAN;
  try {
    return std::stod(text);
  } catch (const std::exception&) {
    return NAN;
  }
}

std::string num(double v, const char* format = "%.6g") {
  if (std::isnan(v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// The numbers of a variant label "a=1,b=2", for ordering sweeps.
std::vector<double> variant_values(const std::string& variant) {
  std::vector<double> out;
  std::size_t pos = 0;
  while ((pos = variant.find('=', pos)) != std::string::npos)
    out.push_back(number(variant.substr(++pos)));
  return out;
}

JobResult& job_of(std::map<std::string, JobResult>& jobs, const ResultsRow& row) {
  JobResult& j = jobs[row.at("job_hash")];
  j.method = row.at("method");
  j.seed = std::stoull(row.at("seed"));
  return j;
}

std::vector<MethodSummary> ranked(const std::vector<JobResult>& jobs) {
  std::vector<MethodSummary> s = summarise(jobs);
  std::stable_sort(s.begin(), s.end(), [](const auto& a, const auto& b) {
    const double x = std::isnan(a.auc.mean) ? -1 : a.auc.mean;
    const double y = std::isnan(b.auc.mean) ? -1 : b.auc.mean;
    return x > y;
  });
  return s;
}

}  // namespace

std::vector<std::string> sort_variants(std::vector<std::string> variants) {
  std::stable_sort(variants.begin(), variants.end(), [](const auto& a, const auto& b) {
    return variant_values(a) < variant_values(b);
  });
  return variants;
}

std::vector<StreamResults> collect_results(const std::vector<std::string>& paths) {
  if (paths.empty()) throw UsageError("--results: no results file given");
  // hash -> rows of its block, the last block seen winning; first-seen order kept.
  std::vector<std::string> order;
  std::map<std::string, std::vector<ResultsRow>> blocks;
  for (const std::string& path : paths) {
    std::vector<std::string> file_order;
    std::map<std::string, std::vector<ResultsRow>> in_file;
    for (ResultsRow& row : read_results(path)) {
      const std::string hash = row.at("job_hash");
      if (!in_file.count(hash)) file_order.push_back(hash);
      in_file[hash].push_back(std::move(row));
    }
    for (const std::string& hash : file_order) {
      if (!blocks.count(hash)) order.push_back(hash);
      blocks[hash] = std::move(in_file[hash]);
    }
  }
  std::vector<StreamResults> out;
  std::map<std::string, std::size_t> stream_index;
  std::map<std::string, std::map<std::string, JobResult>> parsed;  // stream/variant -> hash -> job
  for (const std::string& hash : order) {
    for (const ResultsRow& row : blocks[hash]) {
      const std::string& stream = row.at("stream");
      const std::string& variant = row.at("variant");
      if (!stream_index.count(stream)) {
        stream_index[stream] = out.size();
        out.push_back({stream, {}, {}});
      }
      StreamResults& sr = out[stream_index[stream]];
      if (!sr.jobs.count(variant)) {
        sr.variants.push_back(variant);
        sr.jobs[variant];
      }
      std::map<std::string, JobResult>& jobs = parsed[stream + '\n' + variant];
      JobResult& job = job_of(jobs, row);
      if (row.at("kind") == "summary") {
        job.ok = row.at("status") == "ok";
        job.error = row.at("error");
        job.parameter_count = static_cast<std::size_t>(number(row.at("parameters")));
        job.peak_rss_mb = number(row.at("peak_rss_mb"));
        continue;
      }
      PeriodResult p;
      p.test_period = static_cast<int>(number(row.at("test_period"))) - 1;
      p.recorded = row.at("recorded") == "1";
      p.metrics = {number(row.at("auc")), number(row.at("log_loss")), number(row.at("gauc")),
                   static_cast<std::size_t>(number(row.at("samples"))),
                   number(row.at("positive_rate"))};
      p.oracle = {number(row.at("oracle_auc")), number(row.at("oracle_log_loss")), NAN,
                  p.metrics.samples, NAN};
      p.update_wall_seconds = number(row.at("update_wall_s"));
      p.update_cpu_seconds = number(row.at("update_cpu_s"));
      p.cost.base_train_seconds = number(row.at("base_train_s"));
      p.cost.meta_train_seconds = number(row.at("meta_train_s"));
      p.cost.generation_seconds = number(row.at("generation_s"));
      p.cost.other_seconds = number(row.at("other_s"));
      job.periods.push_back(p);
    }
  }
  for (StreamResults& sr : out) {
    sr.variants = sort_variants(sr.variants);
    for (const std::string& v : sr.variants)
      for (auto& [hash, job] : parsed[sr.stream + '\n' + v]) sr.jobs[v].push_back(std::move(job));
    // A fixed order (method, seed), whatever order the jobs finished in.
    for (auto& [v, jobs] : sr.jobs)
      std::stable_sort(jobs.begin(), jobs.end(), [](const JobResult& a, const JobResult& b) {
        return std::tie(a.method, a.seed) < std::tie(b.method, b.seed);
      });
  }
  return out;
}

std::string leaderboard_csv(const StreamResults& sr) {
  std::string out =
      "stream,variant,rank,method,seeds,failed,auc_mean,auc_std,auc_ci95,log_loss,gauc,"
      "auc_regret,excess_log_loss,update_s,base_train_s,meta_train_s,generation_s,other_s,"
      "parameters,pairs_vs_iu,z_vs_iu,p_vs_iu,first_error\n";
  for (const std::string& v : sr.variants) {
    int rank = 0;
    for (const MethodSummary& s : ranked(sr.jobs.at(v))) {
      out += csv_field(sr.stream) + ',' + csv_field(v) + ',' + std::to_string(++rank) + ',' +
             csv_field(s.method) + ',' + std::to_string(s.auc.n) + ',' + std::to_string(s.failed) +
             ',' + num(s.auc.mean) + ',' + num(s.auc.std) + ',' + num(s.auc.ci95) + ',' +
             num(s.log_loss.mean) + ',' + num(s.gauc.mean) + ',' + num(s.auc_regret.mean) + ',' +
             num(s.excess_log_loss.mean) + ',' + num(s.update_seconds) + ',' +
             num(s.base_train_seconds) + ',' + num(s.meta_train_seconds) + ',' +
             num(s.generation_seconds) + ',' + num(s.other_seconds) + ',' +
             std::to_string(s.parameters) + ',' + std::to_string(s.vs_iu.n) + ',' +
             (s.vs_iu.n ? num(s.vs_iu.z) : "") + ',' + (s.vs_iu.n ? num(s.vs_iu.p_value) : "") +
             ',' + csv_field(s.first_error) + '\n';
    }
  }
  return out;
}

std::string leaderboard_md(const StreamResults& sr) {
  std::string out = "# Leaderboard: " + sr.stream + "\n\n";
  out +=
      "Methods ranked by mean AUC over the recorded test periods; mean ± std and 95% CI over "
      "seeds; regret = oracle AUC − method AUC (simulated streams); update time per period "
      "and its split (base training / meta training / generation / other); p vs iu: "
      "two-sided Wilcoxon signed-rank test (normal approximation, tie-corrected, zeros "
      "dropped) of the method's AUC against iu's over matched (seed, period) pairs.\n";
  for (const std::string& v : sr.variants) {
    if (!v.empty()) out += "\n## " + sr.stream + " " + v + "\n";
    out += "\n" + leaderboard_markdown(summarise(sr.jobs.at(v)));
    out += "\n### AUC per test period (mean over seeds; * = recorded in the summary)\n\n" +
           per_period_markdown(sr.jobs.at(v));
  }
  return out;
}

std::string per_period_csv(const StreamResults& sr) {
  std::string out = "stream,variant,method,test_period,recorded,auc,auc_regret,seeds\n";
  for (const std::string& v : sr.variants) {
    // method -> period -> (sum auc, sum regret, n, recorded)
    std::vector<std::string> methods;
    std::map<std::string, std::map<int, std::tuple<double, double, int, bool>>> cells;
    for (const JobResult& r : sr.jobs.at(v)) {
      if (!r.ok) continue;
      if (!cells.count(r.method)) methods.push_back(r.method);
      for (const PeriodResult& p : r.periods) {
        auto& [auc, regret, n, recorded] = cells[r.method][p.test_period];
        auc += p.metrics.auc;
        regret += p.oracle.auc - p.metrics.auc;
        ++n;
        recorded = p.recorded;
      }
    }
    for (const std::string& m : methods)
      for (const auto& [period, cell] : cells[m]) {
        const auto& [auc, regret, n, recorded] = cell;
        out += csv_field(sr.stream) + ',' + csv_field(v) + ',' + csv_field(m) + ',' +
               std::to_string(period + 1) + ',' + (recorded ? "1" : "0") + ',' + num(auc / n) +
               ',' + num(regret / n) + ',' + std::to_string(n) + '\n';
      }
  }
  return out;
}

}  // namespace crbench
