// Grouping results rows into boards by their configuration (all but the seed).
#include "bench/boards.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "bench/results.hpp"
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

std::size_t count(const std::string& text) {
  const double v = number(text);
  return std::isfinite(v) && v > 0 ? static_cast<std::size_t>(v) : 0;
}

// The numbers of a label "a=1,b=2", for ordering sweeps.
std::vector<double> label_values(const std::string& label) {
  std::vector<double> out;
  std::size_t pos = 0;
  while ((pos = label.find('=', pos)) != std::string::npos)
    out.push_back(number(label.substr(++pos)));
  return out;
}

std::string trim(const std::string& s) {
  const std::size_t a = s.find_first_not_of(' ');
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(' ') - a + 1);
}

using Leaves = std::vector<std::pair<std::string, std::string>>;

void flatten_value(const std::string& key, const std::string& value, Leaves& out);

// "a=b" items (anything else is a positional leaf "key.#i").
void flatten_items(const std::string& key, const std::vector<std::string>& items, Leaves& out) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string item = trim(items[i]);
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos) {
      out.emplace_back(key + ".#" + std::to_string(i), item);
    } else {
      flatten_value(key + "." + item.substr(0, eq), item.substr(eq + 1), out);
    }
  }
}

void flatten_value(const std::string& key, const std::string& value, Leaves& out) {
  const std::size_t open = value.find('(');
  const std::size_t close = value.rfind(')');
  if (open != std::string::npos && close != std::string::npos && close > open) {
    // name(args) [trailing key=value words], e.g. "sudden(t0=16) seed=1".
    out.emplace_back(key, value.substr(0, open));
    flatten_items(key, split_top_level(value.substr(open + 1, close - open - 1), ','), out);
    flatten_items(key, split_top_level(value.substr(close + 1), ' '), out);
    return;
  }
  const std::vector<std::string> parts = split_top_level(value, '/');
  const bool keyed = parts.size() > 1 && std::all_of(parts.begin() + 1, parts.end(), [](auto& p) {
                       return p.find('=') != std::string::npos;
                     });
  if (!keyed) {  // a plain value (a path has '/' but no '=' in its parts)
    out.emplace_back(key, value);
    return;
  }
  // "batch=256/lr=0.001" or "emb-mlp/d=8/hidden=20-10" (a leading name).
  if (parts[0].find('=') == std::string::npos) {
    out.emplace_back(key, parts[0]);
    flatten_items(key, {parts.begin() + 1, parts.end()}, out);
  } else {
    flatten_items(key, parts, out);
  }
}

std::string last_component(const std::string& key) {
  const std::size_t dot = key.rfind('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

std::string without_prefix(const std::string& key) {
  for (const char* p : {"stream.", "protocol."})
    if (key.rfind(p, 0) == 0) return key.substr(std::string(p).size());
  return key;
}

JobResult& job_of(std::map<std::string, JobResult>& jobs, const ResultsRow& row) {
  JobResult& j = jobs[row.at("job_hash")];
  j.method = row.at("method");
  j.seed = std::stoull(row.at("seed"));
  return j;
}

void add_row(JobResult& job, const ResultsRow& row) {
  if (row.at("kind") == "summary") {
    job.ok = row.at("status") == "ok";
    job.error = row.at("error");
    job.parameter_count = static_cast<std::size_t>(number(row.at("parameters")));
    job.peak_rss_mb = number(row.at("peak_rss_mb"));
    job.recovery.drift_points = static_cast<int>(count(row.at("drift_points")));
    job.recovery.drop = number(row.at("drift_drop"));
    job.recovery.half_periods = number(row.at("recovery_half_periods"));
    job.recovery.ninety_periods = number(row.at("recovery_90_periods"));
    job.recovery.regret_area = number(row.at("regret_area_after_drift"));
    job.job_peak_mb = number(row.at("job_peak_mb"));
    return;
  }
  PeriodResult p;
  p.test_period = static_cast<int>(number(row.at("test_period"))) - 1;
  p.recorded = row.at("recorded") == "1";
  p.unscorable = row.at("status") == "unscorable";
  p.metrics = {number(row.at("auc")), number(row.at("log_loss")), number(row.at("gauc")),
               static_cast<std::size_t>(number(row.at("samples"))),
               number(row.at("positive_rate"))};
  p.oracle = {number(row.at("oracle_auc")), number(row.at("oracle_log_loss")), NAN,
              p.metrics.samples, NAN};
  // Empty in files written before these columns existed: NaN, left out of the means.
  p.cohorts.new_users_auc = number(row.at("auc_new_users"));
  p.cohorts.new_items_auc = number(row.at("auc_new_items"));
  p.cohorts.warm_auc = number(row.at("auc_warm"));
  p.cohorts.new_user_samples = count(row.at("samples_new_users"));
  p.cohorts.new_item_samples = count(row.at("samples_new_items"));
  p.exposure.gini = number(row.at("exposure_gini"));
  p.exposure.coverage = number(row.at("exposure_coverage"));
  p.update_wall_seconds = number(row.at("update_wall_s"));
  p.update_cpu_seconds = number(row.at("update_cpu_s"));
  p.cost.base_train_seconds = number(row.at("base_train_s"));
  p.cost.meta_train_seconds = number(row.at("meta_train_s"));
  p.cost.generation_seconds = number(row.at("generation_s"));
  p.cost.other_seconds = number(row.at("other_s"));
  // A period row's error column holds the method's note for that period (e.g. a
  // solver that failed and kept the previous model): the job itself is ok.
  // (without the writer's own words on an unscorable period, which is no note of it)
  p.cost.note = row.at("error");
  if (const std::size_t own = p.cost.note.find(kUnscorableNote); own != std::string::npos)
    p.cost.note.erase(own >= 2 ? own - 2 : own);
  p.ranking = parse_ranking_cell(row.at("ranking"));
  p.ranking.seconds = number(row.at("ranking_s"));
  job.periods.push_back(p);
}

}  // namespace

std::vector<std::string> split_top_level(const std::string& text, char separator) {
  std::vector<std::string> parts(1);
  int depth = 0;
  for (const char c : text) {
    if (c == '(' || c == '{') ++depth;
    if (c == ')' || c == '}') --depth;
    if (c == separator && depth == 0) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

std::pair<std::string, std::string> split_setting(const std::string& setting) {
  static const std::string open = "stream{", mid = "};protocol{";
  const std::size_t split = setting.find(mid);
  if (setting.rfind(open, 0) != 0 || split == std::string::npos || setting.back() != '}')
    return {setting, ""};
  return {setting.substr(open.size(), split - open.size()),
          setting.substr(split + mid.size(), setting.size() - split - mid.size() - 1)};
}

std::string setting_value(const std::string& description, const std::string& key) {
  for (const std::string& item : split_top_level(description, ';'))
    if (item.rfind(key + "=", 0) == 0) return item.substr(key.size() + 1);
  return "";
}

ParsedConfig parse_config(const std::string& config) {
  static const std::string open = "stream{", mid = "};protocol{",
                           method = "};method=", seed = ";seed=";
  const std::size_t m = config.find(mid), me = config.find(method), s = config.rfind(seed);
  if (config.rfind(open, 0) != 0 || m == std::string::npos || me == std::string::npos ||
      s == std::string::npos || !(m < me && me < s))
    throw std::invalid_argument("not 'stream{...};protocol{...};method=...;seed=N'");
  ParsedConfig p;
  p.stream = config.substr(open.size(), m - open.size());
  p.protocol = config.substr(m + mid.size(), me - m - mid.size());
  p.method = config.substr(me + method.size(), s - me - method.size());
  const std::string seed_text = config.substr(s + seed.size());
  if (seed_text.empty() || seed_text.find_first_not_of("0123456789") != std::string::npos)
    throw std::invalid_argument("the seed '" + seed_text + "' is not a number");
  p.seed = std::stoull(seed_text);
  return p;
}

std::vector<std::pair<std::string, std::string>> flatten_setting(const std::string& text,
                                                                 const std::string& prefix) {
  Leaves out;
  const std::vector<std::string> items = split_top_level(text, ';');
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::size_t eq = items[i].find('=');
    if (eq == std::string::npos) {
      if (!items[i].empty()) out.emplace_back(prefix + "#" + std::to_string(i), items[i]);
      continue;
    }
    flatten_value(prefix + items[i].substr(0, eq), items[i].substr(eq + 1), out);
  }
  return out;
}

std::vector<std::string> difference_labels(const std::vector<Leaves>& settings) {
  // Keys in first-seen order, and whether they take one value everywhere.
  std::vector<std::string> keys;
  std::map<std::string, std::set<std::string>> values;
  std::vector<std::map<std::string, std::string>> lookup(settings.size());
  for (std::size_t i = 0; i < settings.size(); ++i)
    for (const auto& [k, v] : settings[i]) {
      if (!values.count(k)) keys.push_back(k);
      values[k].insert(v);
      lookup[i][k] = v;
    }
  std::vector<std::string> differing;
  for (const std::string& k : keys) {
    bool everywhere = true;
    for (const auto& l : lookup) everywhere = everywhere && l.count(k);
    if (values[k].size() > 1 || !everywhere) differing.push_back(k);
  }
  std::map<std::string, int> short_count;
  for (const std::string& k : differing) ++short_count[last_component(k)];
  std::vector<std::string> labels(settings.size());
  for (std::size_t i = 0; i < settings.size(); ++i)
    for (const std::string& k : differing) {
      const auto it = lookup[i].find(k);
      if (it == lookup[i].end()) continue;
      const std::string shown =
          short_count[last_component(k)] > 1 ? without_prefix(k) : last_component(k);
      labels[i] += (labels[i].empty() ? "" : ",") + shown + "=" + it->second;
    }
  return labels;
}

std::vector<std::string> sort_variants(std::vector<std::string> variants) {
  std::stable_sort(variants.begin(), variants.end(),
                   [](const auto& a, const auto& b) { return label_values(a) < label_values(b); });
  return variants;
}

std::vector<StreamResults> collect_results(const std::vector<std::string>& paths,
                                           std::vector<IncompleteJob>* incomplete) {
  if (paths.empty()) throw UsageError("--results: no results file given");
  // hash -> rows of its block, the last block seen winning; first-seen order kept.
  std::vector<std::string> order;
  std::map<std::string, std::vector<ResultsRow>> blocks;
  std::map<std::string, std::string> file_of;  // hash -> the file its block came from
  for (const std::string& path : paths) {
    std::vector<std::string> file_order;
    std::map<std::string, std::vector<ResultsRow>> in_file;
    for (ResultsRow& row : read_results(path, incomplete)) {
      const std::string hash = row.at("job_hash");
      if (!in_file.count(hash)) file_order.push_back(hash);
      in_file[hash].push_back(std::move(row));
    }
    for (const std::string& hash : file_order) {
      if (!blocks.count(hash)) order.push_back(hash);
      blocks[hash] = std::move(in_file[hash]);
      file_of[hash] = path;
    }
  }
  // (stream column, setting) -> board, in first-seen order per stream.
  std::vector<StreamResults> out;
  std::map<std::string, std::size_t> stream_index;
  std::map<std::pair<std::string, std::string>, std::size_t> board_index;
  std::map<std::pair<std::string, std::string>, std::map<std::string, JobResult>> parsed;
  for (const std::string& hash : order) {
    const std::vector<ResultsRow>& rows = blocks[hash];
    ParsedConfig config;
    try {
      config = parse_config(rows.front().at("config"));
    } catch (const std::invalid_argument& e) {
      throw DataError(file_of[hash], 0,
                      "job " + hash + ": its config column cannot be read (" + e.what() + ")");
    }
    const std::string& stream = rows.front().at("stream");
    const std::string setting = "stream{" + config.stream + "};protocol{" + config.protocol + "}";
    if (!stream_index.count(stream)) {
      stream_index[stream] = out.size();
      out.push_back({stream, {}, false});
    }
    StreamResults& sr = out[stream_index[stream]];
    const auto key = std::make_pair(stream, setting);
    if (!board_index.count(key)) {
      board_index[key] = sr.boards.size();
      sr.boards.push_back(
          {stream, rows.front().at("variant"), "", setting, {}, rows.front().at("drift_windows")});
    }
    std::map<std::string, JobResult>& jobs = parsed[key];
    try {
      for (const ResultsRow& row : rows) add_row(job_of(jobs, row), row);
    } catch (const std::invalid_argument& e) {
      throw DataError(file_of[hash], 0, "job " + hash + ": " + e.what());
    }
  }
  // By name: a results file's order is the order jobs finished in, which
  // changes with the thread count.
  std::stable_sort(out.begin(), out.end(), [](const StreamResults& x, const StreamResults& y) {
    return x.stream < y.stream;
  });
  for (StreamResults& sr : out) {
    std::set<std::string> variants;
    std::vector<Leaves> settings;
    for (Board& b : sr.boards) {
      for (auto& [hash, job] : parsed[{sr.stream, b.setting}]) b.jobs.push_back(std::move(job));
      // A fixed order (method, seed), whatever order the jobs finished in.
      std::stable_sort(b.jobs.begin(), b.jobs.end(), [](const JobResult& x, const JobResult& y) {
        return std::tie(x.method, x.seed) < std::tie(y.method, y.seed);
      });
      variants.insert(b.variant);
      const auto [stream_text, protocol_text] = split_setting(b.setting);
      Leaves leaves = flatten_setting(stream_text, "stream.");
      const Leaves protocol = flatten_setting(protocol_text, "protocol.");
      leaves.insert(leaves.end(), protocol.begin(), protocol.end());
      settings.push_back(std::move(leaves));
    }
    sr.mixed = sr.boards.size() > variants.size();
    const std::vector<std::string> labels = difference_labels(settings);
    for (std::size_t i = 0; i < sr.boards.size(); ++i)
      sr.boards[i].label = sr.mixed ? labels[i] : sr.boards[i].variant;
    std::stable_sort(sr.boards.begin(), sr.boards.end(), [](const Board& x, const Board& y) {
      return std::make_pair(label_values(x.variant), label_values(x.label)) <
             std::make_pair(label_values(y.variant), label_values(y.label));
    });
  }
  return out;
}

}  // namespace crbench
