// Settings chosen on validation data: candidate jobs, their mean AUC, the
// choice, and the tuned copy of the grid file.
#include "bench/tune.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "bench/grid_runner.hpp"
#include "bench/leaderboard_table.hpp"
#include "bench/simulated_stream.hpp"
#include "core/errors.hpp"
#include "core/params.hpp"
#include "core/spec.hpp"
#include "methods/registry.hpp"

namespace crbench {

namespace {

const std::string kBegin = "# --- crbench tune: begin ---";
const std::string kEnd = "# --- crbench tune: end ---";

std::string seed_list(const std::vector<std::uint64_t>& seeds) {
  std::string out;
  for (const std::uint64_t s : seeds) out += (out.empty() ? "" : ",") + std::to_string(s);
  return out;
}

bool declares(const std::string& spec, const std::string& key) {
  for (const ParamInfo& p : MethodRegistry::global().resolve(spec).entry->params.info())
    if (p.name == key) return true;
  return false;
}

// The validation stream of a section, its seeds and a sentence saying what it is.
struct Validation {
  std::unique_ptr<Stream> stream;  // a log's pre-training periods
  std::shared_ptr<const SimulatedStreamSpec> simulated;
  ProtocolSettings protocol;
  std::vector<std::uint64_t> seeds;
  std::string text;
};

Validation validation_of(const GridStreamSpec& spec, const TuneOptions& options) {
  const StreamRunOptions& o = spec.options;
  Validation v;
  v.protocol = o.protocol;
  v.protocol.recorded_periods = 0;  // every validation test period counts
  const std::vector<std::uint64_t> test_seeds = parse_seed_list(o.seeds);
  if (!o.scenario.empty()) {
    SimulatedStreamSpec s = simulated_stream_spec(o);
    std::set<std::uint64_t> test_worlds;
    if (s.worlds == WorldMode::kFixed) {
      test_worlds.insert(s.fixed_seed);
    } else {
      test_worlds.insert(test_seeds.begin(), test_seeds.end());
    }
    for (const std::uint64_t seed : options.validation_seeds)
      if (test_worlds.count(seed))
        throw UsageError("tune: validation seed " + std::to_string(seed) + " is a test world of [" +
                         "stream." + spec.name + "]; choose --validation-seeds outside them");
    s.worlds = WorldMode::kReplicate;  // one validation world per validation seed
    v.simulated = std::make_shared<const SimulatedStreamSpec>(std::move(s));
    v.seeds = options.validation_seeds;
    v.text = "validation worlds " + seed_list(v.seeds) + " of the same scenario (test worlds: " +
             (o.worlds == "fixed" ? std::to_string(o.stream_seed) : seed_list(test_seeds)) +
             "), every test period";
    return v;
  }
  const int p = o.protocol.pretrain_periods;
  if (p < 4)
    throw UsageError("tune: [stream." + spec.name + "] has " + std::to_string(p) +
                     " pre-training periods; tuning on them needs at least 4");
  GridStreamSpec pre = spec;
  pre.options.keep_periods = p;
  pre.options.protocol.pretrain_periods = p - 3;
  v.protocol.pretrain_periods = p - 3;
  v.stream = std::make_unique<Stream>(load_grid_stream(pre));
  v.seeds = test_seeds;
  v.text = "the stream's pre-training periods only: pre-train on periods 1-" +
           std::to_string(p - 3) + ", score " + std::to_string(p - 1) + "-" + std::to_string(p) +
           ", seeds " + seed_list(v.seeds);
  return v;
}

}  // namespace

std::string spec_with_settings(const std::string& spec_text, float lr, int epochs) {
  Spec spec = Spec::parse(spec_text);
  std::erase_if(spec.args, [](const SpecArg& a) { return a.key == "lr" || a.key == "epochs"; });
  spec.args.push_back({"lr", params_detail::print_float(lr)});
  if (epochs > 0) spec.args.push_back({"epochs", std::to_string(epochs)});
  return spec.text();
}

std::vector<TunedStream> tune_grid(const std::vector<GridStreamSpec>& specs,
                                   const TuneOptions& options) {
  std::map<std::string, int> sections;
  for (const GridStreamSpec& s : specs)
    if (++sections[s.name] > 1)
      throw UsageError("tune: [stream." + s.name +
                       "] sweeps its scenario; tune each value in a section of its own");
  if (options.lrs.empty()) throw UsageError("tune: --lrs: no learning rate given");
  const MethodRegistry& registry = MethodRegistry::global();

  std::vector<TunedStream> out;
  std::vector<Validation> validations;
  std::vector<GridStream> grid;
  for (const GridStreamSpec& spec : specs) {
    TunedStream ts;
    ts.name = spec.name;
    ts.methods = expand_methods(spec.options.methods, !spec.options.scenario.empty());
    std::vector<std::string> candidates;
    for (const std::string& m : ts.methods) {
      if (!declares(m, "lr")) continue;
      TunedMethod tm{m, m, {}};
      const bool epochs = declares(m, "epochs");
      for (const float lr : options.lrs)
        for (const int e : epochs ? options.epochs : std::vector<int>{0}) {
          tm.candidates.emplace_back(spec_with_settings(m, lr, e), NAN);
          candidates.push_back(tm.candidates.back().first);
        }
      ts.tuned.push_back(std::move(tm));
    }
    out.push_back(std::move(ts));
    if (candidates.empty()) continue;
    validations.push_back(validation_of(spec, options));
    const Validation& v = validations.back();
    out.back().validation = v.text;
    GridStream gs{spec.name, "", v.stream.get(), v.protocol, candidates, v.seeds};
    gs.simulated = v.simulated;
    grid.push_back(std::move(gs));
  }
  if (grid.empty()) return out;

  GridRunOptions run;
  run.threads = options.threads;
  run.quiet = options.quiet;
  run.progress = false;
  run.results_path = options.results_path;
  const GridRunReport report = run_grid(grid, run);
  // (section, canonical spec) -> mean over seeds of the job's mean AUC.
  std::map<std::pair<std::string, std::string>, std::vector<double>> auc;
  for (const GridJobResult& r : report.results) {
    std::vector<double>& a = auc[{grid[r.stream].name, r.result.method}];
    a.push_back(r.result.ok ? r.result.mean_recorded().auc : NAN);
  }
  for (TunedStream& ts : out) {
    for (TunedMethod& tm : ts.tuned) {
      double best = -1.0;
      for (auto& [candidate, mean] : tm.candidates) {
        const auto it = auc.find({ts.name, registry.canonical(candidate)});
        if (it == auc.end() || it->second.empty()) continue;  // skipped: already in --results
        double sum = 0.0;
        for (const double a : it->second) sum += a;  // NaN when a job failed
        mean = sum / static_cast<double>(it->second.size());
        if (mean > best) {  // ties: the earlier (smaller) setting
          best = mean;
          tm.chosen = candidate;
        }
      }
      std::replace(ts.methods.begin(), ts.methods.end(), tm.spec, tm.chosen);
    }
  }
  return out;
}

std::string tuned_grid_text(const std::string& original, const std::vector<TunedStream>& streams,
                            const std::string& command) {
  std::map<std::string, const TunedStream*> by_name;
  for (const TunedStream& ts : streams)
    if (!ts.tuned.empty()) by_name[ts.name] = &ts;

  std::ostringstream head;
  head << kBegin << "\n# Settings chosen by\n#   " << command
       << "\n# on validation data only (never a test world or a test period); the mean AUC "
          "of each\n# candidate over its validation jobs, the chosen one marked *.\n";
  for (const TunedStream& ts : streams) {
    if (ts.tuned.empty()) continue;
    head << "# [stream." << ts.name << "]: " << ts.validation << "\n";
    for (const TunedMethod& tm : ts.tuned) {
      head << "#   " << tm.spec << ":";
      for (const auto& [candidate, mean] : tm.candidates) {
        const Spec s = Spec::parse(candidate);
        std::string setting;
        for (const SpecArg& a : s.args)
          if (a.key == "lr" || a.key == "epochs")
            setting += (setting.empty() ? "" : "/") + a.key + "=" + a.value;
        head << " " << setting << " " << format_number(mean, "%.4f")
             << (candidate == tm.chosen ? "*" : "");
      }
      head << "\n";
    }
  }
  head << kEnd << "\n";

  std::istringstream in(original);
  std::string line, section, body;
  std::size_t after_last_key = 0;  // in body: just after the section's last key line
  bool skipping = false;
  const auto close_section = [&] {
    const auto it = by_name.find(section);
    if (it == by_name.end()) return;
    std::string list;
    for (const std::string& m : it->second->methods) list += (list.empty() ? "" : ",") + m;
    // After the section's keys, before any blank or comment lines that follow them
    // (which usually introduce the next section).
    body.insert(after_last_key, "methods = " + list + "\n");
  };
  while (std::getline(in, line)) {
    if (line == kBegin) skipping = true;
    if (skipping) {
      if (line == kEnd) skipping = false;
      continue;
    }
    const std::size_t first = line.find_first_not_of(" \t");
    const std::string trimmed = first == std::string::npos ? "" : line.substr(first);
    if (trimmed.rfind("[stream.", 0) == 0) {
      close_section();
      section = trimmed.substr(8, trimmed.find(']') - 8);
    } else if (by_name.count(section) && trimmed.rfind("methods", 0) == 0 &&
               trimmed.find_first_not_of(" \t", 7) != std::string::npos &&
               trimmed[trimmed.find_first_not_of(" \t", 7)] == '=') {
      continue;  // replaced at the section's end
    }
    body += line + "\n";
    if (!trimmed.empty() && trimmed[0] != '#' && trimmed[0] != ';') after_last_key = body.size();
  }
  close_section();
  return head.str() + body;
}

}  // namespace crbench
