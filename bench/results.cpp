// Results rows: formatting, hashing and append-and-flush writing.
#include "bench/results.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>

#include "core/errors.hpp"
#include "core/quoting.hpp"
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

std::vector<std::size_t> header_map(const std::string& path, const std::string& line);

// A period row's error column: the method's note, and why the period has no AUC.
std::string period_note(const PeriodResult& p) {
  if (!p.unscorable) return p.cost.note;
  const std::string why = std::string(kUnscorableNote) + " (all labels " +
                          (p.metrics.positive_rate > 0.5 ? "1" : "0") + ")";
  return p.cost.note.empty() ? why : p.cost.note + "; " + why;
}

// A finished job's error column: which recorded periods its AUC mean leaves out.
std::string summary_note(const JobResult& r) {
  std::size_t recorded = 0, unscorable = 0;
  for (const PeriodResult& p : r.periods)
    if (p.recorded) ++recorded, unscorable += p.unscorable ? 1 : 0;
  if (unscorable == 0) return "";
  return "AUC and GAUC over " + std::to_string(recorded - unscorable) + " of " +
         std::to_string(recorded) + " recorded periods (" + std::to_string(unscorable) +
         " with one label class)";
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

namespace {

// The columns of today's header that a file's header lacks, given its header_map.
std::vector<std::string> missing_columns(const std::vector<std::size_t>& map) {
  const std::vector<std::string> ours = split_csv_line(results_header());
  std::vector<std::string> missing;
  for (std::size_t c = 0; c < ours.size(); ++c)
    if (map[c] == std::string::npos) missing.push_back(ours[c]);
  return missing;
}

}  // namespace

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
      "other_s,parameters,peak_rss_mb,job_peak_mb,ranking,ranking_s,status,error,config,"
      "auc_new_users,auc_new_items,auc_warm,samples_new_users,samples_new_items,exposure_gini,"
      "exposure_coverage,drift_windows,drift_points,drift_drop,recovery_half_periods,"
      "recovery_90_periods,regret_area_after_drift";
  return header;
}

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\n") == std::string::npos) return value;
  std::string out = "\"";
  for (const char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string describe_stream(const Stream& s) {
  return describe_stream(s.meta, s.num_samples(), s.max_history);
}

std::string describe_stream(const StreamMetadata& meta, std::size_t samples, int history) {
  return "name=" + meta.name + ";source=" + meta.source + ";labelling=" + meta.labelling +
         ";periods=" + meta.period_rule + ";samples=" + std::to_string(samples) +
         ";history=" + std::to_string(history);
}

std::string drift_windows_text(const StreamMetadata& meta) {
  std::string out;
  for (std::size_t k = 0; k < meta.drift_start_periods.size(); ++k)
    out += (out.empty() ? "" : ";") + std::to_string(meta.drift_start_periods[k] + 1) + "-" +
           std::to_string(meta.drift_end_periods[k] + 1);
  return out;
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
  std::string out = "pretrain_periods=" + std::to_string(p.pretrain_periods) +
                    ";pretrain=" + settings_text(p.pretrain_settings()) +
                    ";update=" + settings_text(p.update_settings()) +
                    ";recorded=" + std::to_string(p.recorded_periods) +
                    ";model=" + describe_model(p.base_model) +
                    ";embedding_adam=" + declared_value(p, "embedding-adam");
  // Only when set, so that the jobs run without them keep their hashes.
  const RankingSettings ranking = p.ranking();
  if (!ranking.cutoffs.empty()) {
    std::string cutoffs;
    for (const int k : ranking.cutoffs) cutoffs += (cutoffs.empty() ? "" : ",") + std::to_string(k);
    out += ";ranking=" + cutoffs;
  }
  if (ranking.max_users > 0) out += ";ranking_users=" + std::to_string(ranking.max_users);
  return out;
}

namespace {
// The count fields of a ranking cell, after its metrics, in this order.
constexpr const char* kRankingCounts[] = {
    "users", "eligible_users", "positives", "new_item_positives", "repeat_positives", "candidates"};
template <class R>
auto ranking_counts(R& r) {
  return std::array{
      &r.users,     &r.eligible_users, &r.positives, &r.new_item_positives, &r.repeat_positives,
      &r.candidates};
}
}  // namespace

std::string ranking_cell(const RankingResult& r) {
  if (!r.evaluated()) return "";
  std::string out;
  for (const auto& [name, value] : r.metrics) out += name + "=" + number(value) + ";";
  const auto counts = ranking_counts(r);
  for (std::size_t k = 0; k < counts.size(); ++k)
    out += std::string(kRankingCounts[k]) + "=" + std::to_string(*counts[k]) + ";";
  out.pop_back();
  return out;
}

RankingResult parse_ranking_cell(const std::string& cell) {
  RankingResult r;
  std::size_t pos = 0;
  while (pos < cell.size()) {
    const std::size_t end = std::min(cell.find(';', pos), cell.size());
    const std::string item = cell.substr(pos, end - pos);
    pos = end + 1;
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0)
      throw std::invalid_argument("ranking cell item '" + item + "' is not name=value");
    const std::string key = item.substr(0, eq), text = item.substr(eq + 1);
    double value = NAN;
    if (text != "nan") {
      std::size_t used = 0;
      try {
        value = std::stod(text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != text.size() || text.empty())
        throw std::invalid_argument("ranking cell value '" + item + "' is not a number");
    }
    const auto counts = ranking_counts(r);
    std::size_t k = 0;
    while (k < counts.size() && key != kRankingCounts[k]) ++k;
    if (k < counts.size()) {
      // A count is written as a whole number; anything else (and a cast of a
      // negative or huge double) is refused.
      if (!(value >= 0.0 && value <= 9007199254740992.0 && value == std::floor(value)))
        throw std::invalid_argument("ranking cell count '" + item + "' is not a whole number");
      *counts[k] = static_cast<std::size_t>(value);
    } else {
      r.metrics.emplace_back(key, value);
    }
  }
  return r;
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
      if (line != results_header()) {
        // A foreign header: "not a crbench results file".
        const std::vector<std::string> missing = missing_columns(header_map(path, line));
        std::string list;
        for (const std::string& c : missing) list += (list.empty() ? "" : ", ") + c;
        throw DataError(path, 1,
                        "written by an older crbench, without the column(s) " + list +
                            ": rows cannot be appended to it; give a new results file "
                            "(crbench leaderboard reads both)");
      }
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

namespace {
// The summary row's ranking: each metric's mean over the recorded periods, the
// users evaluated in them all, and the mean evaluation time.
RankingResult recorded_ranking(const JobResult& r) {
  RankingResult out;
  out.metrics = r.mean_recorded_ranking();
  std::size_t n = 0;
  for (const PeriodResult& p : r.periods) {
    if (!p.recorded || !p.ranking.evaluated()) continue;
    out.users += p.ranking.users;
    out.eligible_users += p.ranking.eligible_users;
    out.positives += p.ranking.positives;
    out.new_item_positives += p.ranking.new_item_positives;
    out.repeat_positives += p.ranking.repeat_positives;
    out.candidates += p.ranking.candidates;
    out.seconds += p.ranking.seconds;
    ++n;
  }
  if (n > 0) {
    out.candidates /= n;
    out.seconds /= static_cast<double>(n);
  }
  return out;
}
}  // namespace

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
  const auto cohort_cells = [&](const CohortMetrics& c, const Exposure& e) {
    return number(c.new_users_auc) + ',' + number(c.new_items_auc) + ',' + number(c.warm_auc) +
           ',' + std::to_string(c.new_user_samples) + ',' + std::to_string(c.new_item_samples) +
           ',' + number(e.gini) + ',' + number(e.coverage) + ',' + csv_field(config.drift_windows);
  };
  for (const PeriodResult& p : r.periods) {
    rows << kind("period") << p.test_period + 1 << ',' << (p.recorded ? 1 : 0) << ','
         << number(p.metrics.auc) << ',' << number(p.metrics.log_loss) << ','
         << number(p.metrics.gauc) << ',' << number(p.oracle.auc) << ','
         << number(p.oracle.log_loss) << ',' << p.metrics.samples << ','
         << number(p.metrics.positive_rate) << ',' << number(p.update_wall_seconds) << ','
         << number(p.update_cpu_seconds) << ',' << number(p.cost.base_train_seconds) << ','
         << number(p.cost.meta_train_seconds) << ',' << number(p.cost.generation_seconds) << ','
         << number(p.cost.other_seconds) << ',' << r.parameter_count << ",,,"
         << csv_field(ranking_cell(p.ranking)) << ','
         << (p.ranking.evaluated() ? number(p.ranking.seconds) : "") << ','
         << (p.unscorable ? "unscorable," : "ok,") << csv_field(period_note(p)) << ','
         << suffix_config << ',' << cohort_cells(p.cohorts, p.exposure) << ",,,,,\n";
  }
  const PeriodMetrics mean = r.mean_recorded();
  const RankingResult ranking = recorded_ranking(r);
  const PeriodMetrics oracle = r.mean_recorded(&PeriodResult::oracle);
  const CohortMetrics cohorts = r.mean_recorded_cohorts();
  const Exposure exposure = r.mean_recorded_exposure();
  double cpu = 0.0;
  std::size_t n = 0;
  for (const PeriodResult& p : r.periods)
    if (p.recorded) cpu += p.update_cpu_seconds, ++n;
  rows << kind("summary") << ",," << number(mean.auc) << ',' << number(mean.log_loss) << ','
       << number(mean.gauc) << ',' << number(oracle.auc) << ',' << number(oracle.log_loss) << ','
       << mean.samples << ',' << number(mean.positive_rate) << ','
       << number(r.mean_update_wall_seconds()) << ','
       << number(n ? cpu / static_cast<double>(n) : NAN) << ",,,,," << r.parameter_count << ','
       << number(r.peak_rss_mb) << ',' << number(r.job_peak_mb) << ','
       << csv_field(ranking_cell(ranking)) << ','
       << (ranking.evaluated() ? number(ranking.seconds) : "") << ',' << (r.ok ? "ok" : "failed")
       << ',' << csv_field(r.ok ? summary_note(r) : r.error) << ',' << suffix_config << ','
       << cohort_cells(cohorts, exposure) << ',' << r.recovery.drift_points << ','
       << number(r.recovery.drop) << ',' << number(r.recovery.half_periods) << ','
       << number(r.recovery.ninety_periods) << ',' << number(r.recovery.regret_area) << '\n';
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

namespace {

// Columns a results file from before the column was added may lack; read as empty.
// Any subset of them may be missing: job_peak_mb, the ranking columns and the
// cohort, exposure and recovery columns at the end were added independently, so
// files exist with any combination of them.
bool is_newer_column(const std::string& name) {
  return name == "job_peak_mb" || name == "ranking" || name == "ranking_s" ||
         results_column(name) >= results_column("auc_new_users");
}

// The file's header mapped onto results_header(): for each current column, its
// position in the file (npos when an older file lacks it). DataError when the
// header is not a crbench results header of any version.
std::vector<std::size_t> header_map(const std::string& path, const std::string& line) {
  const std::vector<std::string> current = split_csv_line(results_header());
  const std::vector<std::string> file = split_csv_line(line);
  std::vector<std::size_t> map(current.size(), std::string::npos);
  for (std::size_t c = 0; c < current.size(); ++c) {
    for (std::size_t f = 0; f < file.size(); ++f)
      if (file[f] == current[c]) map[c] = f;
    if (map[c] == std::string::npos && !is_newer_column(current[c]))
      throw DataError(path, 1, "not a crbench results file (unexpected header)");
  }
  if (file.size() != current.size() - static_cast<std::size_t>(
                                          std::count(map.begin(), map.end(), std::string::npos)))
    throw DataError(path, 1, "not a crbench results file (unexpected header)");
  return map;
}

bool is_number_text(const std::string& text, double& value) {
  if (text == "nan") {
    value = NAN;
    return true;
  }
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return !text.empty() && *end == '\0' && std::isfinite(value);
}

bool is_whole_text(const std::string& text) {
  return !text.empty() && text.size() <= 19 &&
         text.find_first_not_of("0123456789") == std::string::npos;
}

// Checks a row's values against what the writer writes (docs/results.md), so that
// an edited or corrupt file is refused rather than read as NaN or a wrong period.
void check_row(const ResultsRow& row, const std::string& path, std::size_t line) {
  const auto fail = [&](const std::string& column, const std::string& what) {
    throw DataError(path, line,
                    "column " + column + ": " + quoted_text(row.at(column)) + " " + what);
  };
  const std::string& hash = row.at("job_hash");
  if (hash.size() != 16 || hash.find_first_not_of("0123456789abcdef") != std::string::npos)
    fail("job_hash", "is not 16 hex digits");
  const std::string& kind = row.at("kind");
  if (kind != "period" && kind != "summary") fail("kind", "is not period or summary");
  const bool period = kind == "period";
  if (!is_whole_text(row.at("seed"))) fail("seed", "is not a non-negative whole number");
  if (period) {
    if (!is_whole_text(row.at("test_period")) ||
        row.at("test_period").find_first_not_of('0') == std::string::npos)
      fail("test_period", "is not a period number (1, 2, ...)");
    if (row.at("recorded") != "0" && row.at("recorded") != "1") fail("recorded", "is not 0 or 1");
    const std::string& status = row.at("status");
    if (status != "ok" && status != "unscorable") fail("status", "is not ok or unscorable");
  } else {
    const std::string& status = row.at("status");
    if (status != "ok" && status != "failed") fail("status", "is not ok or failed");
  }
  double v = 0.0;
  // Probabilities and AUCs in [0, 1]; losses, counts, seconds and sizes >= 0. The
  // columns a row kind leaves empty may be empty.
  for (const char* column : {"auc", "gauc", "oracle_auc", "positive_rate"}) {
    const std::string& text = row.at(column);
    if (!is_number_text(text, v) || v < 0.0 || v > 1.0) fail(column, "is not a number in [0, 1]");
  }
  for (const char* column :
       {"log_loss", "oracle_log_loss", "update_wall_s", "update_cpu_s", "base_train_s",
        "meta_train_s", "generation_s", "other_s", "peak_rss_mb", "job_peak_mb", "ranking_s"}) {
    const std::string& text = row.at(column);
    if (text.empty()) continue;
    if (!is_number_text(text, v) || v < 0.0) fail(column, "is not a non-negative number");
  }
  for (const char* column : {"samples", "parameters"})
    if (!is_whole_text(row.at(column))) fail(column, "is not a non-negative whole number");
  // The ranking cell (empty when the job ran no ranking evaluation): its metrics
  // are means of per-user values in [0, 1].
  if (const std::string& cell = row.at("ranking"); !cell.empty()) {
    RankingResult ranking;
    try {
      ranking = parse_ranking_cell(cell);
    } catch (const std::invalid_argument& e) {
      fail("ranking", std::string("is not a ranking cell (") + e.what() + ")");
    }
    for (const auto& [name, value] : ranking.metrics)
      if (!std::isnan(value) && (value < 0.0 || value > 1.0))
        fail("ranking", "has " + name + " outside [0, 1]");
  }
}

}  // namespace

std::vector<ResultsRow> read_results(const std::string& path,
                                     std::vector<IncompleteJob>* incomplete) {
  std::ifstream in(path);
  if (!in) throw DataError(path, 0, "cannot open the results file");
  std::string line;
  if (!std::getline(in, line)) throw DataError(path, 1, "not a crbench results file (empty)");
  const std::vector<std::size_t> map = header_map(path, line);
  const std::size_t columns = split_csv_line(line).size();
  // Blocks in file order; a later block of the same hash replaces an earlier one.
  std::vector<std::vector<ResultsRow>> blocks;
  std::map<std::string, std::size_t> block_of;  // hash -> index in blocks
  std::vector<ResultsRow> current;
  std::size_t current_line = 0;  // line of the current block's first row
  const auto drop_current = [&] {
    if (!current.empty() && incomplete != nullptr)
      incomplete->push_back({path, current_line, current.front().fields[0], current.size()});
    current.clear();
  };
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (in.eof()) {  // no newline: a last line cut short by a kill
      if (incomplete != nullptr && current.empty())
        incomplete->push_back({path, line_no, line.substr(0, 16), 0});
      break;
    }
    const std::vector<std::string> fields = split_csv_line(line);
    if (fields.size() != columns) {
      throw DataError(path, line_no,
                      "expected " + std::to_string(columns) + " fields, found " +
                          std::to_string(fields.size()));
    }
    ResultsRow row;
    for (const std::size_t f : map)
      row.fields.push_back(f == std::string::npos ? std::string() : fields[f]);
    check_row(row, path, line_no);
    if (!current.empty() && current.front().fields[0] != row.fields[0]) drop_current();
    const bool summary = row.fields[1] == "summary";
    if (current.empty()) current_line = line_no;
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
  drop_current();
  std::vector<ResultsRow> rows;
  for (auto& block : blocks)
    for (auto& row : block) rows.push_back(std::move(row));
  return rows;
}

}  // namespace crbench
