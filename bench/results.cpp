// Results rows: formatting, hashing and append-and-flush writing.
#include "bench/results.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>

#include "core/errors.hpp"
#include "core/seeding.hpp"
#include "methods/base_model_registry.hpp"
#include "methods/base_models/emb_mlp.hpp"

namespace crbench {

namespace {

std::string number(double v) {
  if (std::isnan(v)) return "nan";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

std::string settings_text(const TrainSettings& s) {
  return "batch=" + std::to_string(s.batch_size) + "/lr=" + number(s.learning_rate) +
         "/epochs=" + std::to_string(s.epochs);
}

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::size_t results_column(const std::string& name) {
  static const std::vector<std::string> columns = split_csv_line(results_header());
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return i;
  throw std::out_of_range("no results column '" + name + "'");
}

const std::string& ResultsRow::at(const std::string& column) const {
  return fields.at(results_column(column));
}

const std::string& results_header() {
  static const std::string header =
      "job_hash,kind,stream,variant,method,seed,test_period,recorded,auc,log_loss,gauc,oracle_auc,"
      "oracle_log_loss,samples,"
      "positive_rate,update_wall_s,update_cpu_s,base_train_s,meta_train_s,generation_s,"
      "other_s,parameters,peak_rss_mb,status,error,config";
  return header;
}

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\n") == std::string::npos) return value;
  std::string out = "\"";
  for (const char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string describe_stream(const Stream& s) {
  return "name=" + s.meta.name + ";source=" + s.meta.source + ";labelling=" + s.meta.labelling +
         ";periods=" + s.meta.period_rule + ";samples=" + std::to_string(s.num_samples()) +
         ";history=" + std::to_string(s.max_history);
}

namespace {

// The shared model as results have always described it: the base-model spec
// without the Emb&MLP's sizes, then those sizes ("emb-mlp/d=8/hidden=20-10",
// "mf(dim=8)/d=8/hidden=20-10": a model without them shows the reference sizes).
std::string describe_model(const std::string& base_model) {
  const BaseModelRegistry::Resolved r = BaseModelRegistry::global().resolve(base_model);
  const std::vector<SpecArg> reference = declarations_of<EmbMlpParams>().args(EmbMlpParams{});
  std::vector<SpecArg> own;
  std::vector<SpecArg> sizes = reference;
  for (const SpecArg& arg : r.values.args()) {
    bool is_size = false;
    for (SpecArg& size : sizes) {
      if (size.key != arg.key) continue;
      size.value = arg.value;
      is_size = true;
    }
    if (!is_size) own.push_back(arg);
  }
  std::string out = Spec{r.entry->name, own}.text();
  for (const SpecArg& size : sizes) out += "/" + size.key + "=" + size.value;
  return out;
}

// A protocol setting as its declaration writes it (named choices by name).
std::string declared_value(const ProtocolSettings& p, const std::string& key) {
  for (const SpecArg& arg : declarations_of<ProtocolSettings>().args(p))
    if (arg.key == key) return arg.value;
  throw std::logic_error("no protocol setting '" + key + "'");
}

}  // namespace

std::string describe_protocol(const ProtocolSettings& p) {
  return "pretrain_periods=" + std::to_string(p.pretrain_periods) +
         ";pretrain=" + settings_text(p.pretrain_settings()) +
         ";update=" + settings_text(p.update_settings()) +
         ";recorded=" + std::to_string(p.recorded_periods) +
         ";model=" + describe_model(p.base_model) +
         ";embedding_adam=" + declared_value(p, "embedding-adam");
}

std::string JobConfig::canonical() const {
  return "stream{" + stream + "};protocol{" + protocol + "};method=" + method +
         ";seed=" + std::to_string(seed);
}

std::string JobConfig::hash() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fnv1a(canonical())));
  return buf;
}

ResultsWriter::ResultsWriter(const std::string& path) : path_(path) {
  const std::string text = read_whole_file(path);
  const std::size_t status = results_column("status");
  // Byte offset just past the last complete job block (or the header).
  std::size_t keep = 0;
  for (std::size_t pos = 0, line_no = 1; pos < text.size(); ++line_no) {
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;  // a line cut short by a kill: not complete
    const std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (line_no == 1) {
      if (line != results_header())
        throw DataError(path, 1, "not a crbench results file (unexpected header)");
      keep = pos;
      continue;
    }
    const auto fields = split_csv_line(line);
    if (fields.size() > status && fields[1] == "summary") {
      keep = pos;
      if (fields[status] == "ok") finished_.insert(fields[0]);
    }
  }
  if (!text.empty() && keep == 0)
    throw DataError(path, 1, "not a crbench results file (unexpected header)");
  if (keep < text.size()) std::filesystem::resize_file(path, keep);
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw DataError(path, 0, "cannot open the results file for writing");
  if (keep == 0) {
    const std::string header = results_header() + '\n';
    if (::write(fd_, header.data(), header.size()) != static_cast<ssize_t>(header.size()))
      throw DataError(path, 0, "writing the results header failed");
  }
}

ResultsWriter::~ResultsWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void ResultsWriter::write(const JobConfig& config, const JobResult& r) {
  const std::string hash = config.hash();
  const std::string prefix = hash + ",%KIND%," + csv_field(config.stream_name) + "," +
                             csv_field(config.variant) + "," + csv_field(r.method) + "," +
                             std::to_string(r.seed) + ",";
  const std::string suffix_config = csv_field(config.canonical());
  std::ostringstream rows;
  auto kind = [&](const std::string& k) {
    std::string p = prefix;
    p.replace(p.find("%KIND%"), 6, k);
    return p;
  };
  for (const PeriodResult& p : r.periods) {
    rows << kind("period") << p.test_period + 1 << ',' << (p.recorded ? 1 : 0) << ','
         << number(p.metrics.auc) << ',' << number(p.metrics.log_loss) << ','
         << number(p.metrics.gauc) << ',' << number(p.oracle.auc) << ','
         << number(p.oracle.log_loss) << ',' << p.metrics.samples << ','
         << number(p.metrics.positive_rate) << ',' << number(p.update_wall_seconds) << ','
         << number(p.update_cpu_seconds) << ',' << number(p.cost.base_train_seconds) << ','
         << number(p.cost.meta_train_seconds) << ',' << number(p.cost.generation_seconds) << ','
         << number(p.cost.other_seconds) << ',' << r.parameter_count << ",,"
         << "ok," << csv_field(p.cost.note) << ',' << suffix_config << '\n';
  }
  const PeriodMetrics mean = r.mean_recorded();
  const PeriodMetrics oracle = r.mean_recorded(&PeriodResult::oracle);
  double cpu = 0.0;
  std::size_t n = 0;
  for (const PeriodResult& p : r.periods)
    if (p.recorded) cpu += p.update_cpu_seconds, ++n;
  rows << kind("summary") << ",," << number(mean.auc) << ',' << number(mean.log_loss) << ','
       << number(mean.gauc) << ',' << number(oracle.auc) << ',' << number(oracle.log_loss) << ','
       << mean.samples << ',' << number(mean.positive_rate) << ','
       << number(r.mean_update_wall_seconds()) << ','
       << number(n ? cpu / static_cast<double>(n) : NAN) << ",,,,," << r.parameter_count << ','
       << number(r.peak_rss_mb) << ',' << (r.ok ? "ok" : "failed") << ',' << csv_field(r.error)
       << ',' << suffix_config << '\n';
  const std::string block = rows.str();
  const std::lock_guard<std::mutex> lock(mutex_);
  std::size_t done = 0;
  while (done < block.size()) {
    const ssize_t n = ::write(fd_, block.data() + done, block.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw DataError(path_, 0, "writing results failed (disk full?)");
    done += static_cast<std::size_t>(n);
  }
  if (r.ok) finished_.insert(hash);
}

std::vector<ResultsRow> read_results(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw DataError(path, 0, "cannot open the results file");
  std::string line;
  if (!std::getline(in, line) || line != results_header())
    throw DataError(path, 1, "not a crbench results file (unexpected header)");
  const std::size_t columns = split_csv_line(results_header()).size();
  // Blocks in file order; a later block of the same hash replaces an earlier one.
  std::vector<std::vector<ResultsRow>> blocks;
  std::map<std::string, std::size_t> block_of;  // hash -> index in blocks
  std::vector<ResultsRow> current;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (in.eof()) break;  // no newline: a last line cut short by a kill
    ResultsRow row{split_csv_line(line)};
    if (row.fields.size() != columns) {
      throw DataError(path, line_no,
                      "expected " + std::to_string(columns) + " fields, found " +
                          std::to_string(row.fields.size()));
    }
    if (!current.empty() && current.front().fields[0] != row.fields[0]) current.clear();
    const bool summary = row.fields[1] == "summary";
    current.push_back(std::move(row));
    if (!summary) continue;
    const std::string hash = current.front().fields[0];
    const auto it = block_of.find(hash);
    if (it == block_of.end()) {
      block_of[hash] = blocks.size();
      blocks.push_back(std::move(current));
    } else {
      blocks[it->second] = std::move(current);
    }
    current.clear();
  }
  std::vector<ResultsRow> rows;
  for (auto& block : blocks)
    for (auto& row : block) rows.push_back(std::move(row));
  return rows;
}

}  // namespace crbench
