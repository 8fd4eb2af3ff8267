// Parsing and expansion of grid configs into per-stream option sets.
#include "bench/grid_config.hpp"

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/errors.hpp"
#include "core/spec.hpp"
#include "methods/registry.hpp"
#include "sim/simulator.hpp"

namespace crbench {

namespace po = boost::program_options;

namespace {

const std::string kSectionPrefix = "stream.";

// Stores parsed options into vm, wrapping po errors as UsageErrors naming `where`.
void store(const std::vector<po::option>& options, const po::options_description& desc,
           po::variables_map& vm, const std::string& where) {
  po::parsed_options parsed(&desc);
  parsed.options = options;
  // Keys of a config read without declarations come marked unregistered; they are
  // checked against the declarations here (an unknown key is an error).
  for (po::option& o : parsed.options) o.unregistered = false;
  try {
    po::store(parsed, vm);
  } catch (const po::error& e) {
    throw UsageError(where + ": " + e.what());
  }
}

}  // namespace

bool is_grid_config(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line.compare(first, 8, "[stream.") == 0) return true;
  }
  return false;
}

std::vector<GridStreamSpec> read_grid_config(const std::string& path,
                                             const std::vector<po::option>& overrides) {
  std::ifstream in(path);
  if (!in) throw DataError(path, 0, "cannot open the grid config");
  po::parsed_options parsed(nullptr);
  try {
    parsed = po::parse_config_file(in, po::options_description(), /*allow_unregistered=*/true);
  } catch (const po::error& e) {
    throw UsageError(path + ": " + e.what());
  }
  std::vector<po::option> top;
  std::vector<std::string> order;  // section names in file order
  std::map<std::string, std::vector<po::option>> sections;
  for (const po::option& opt : parsed.options) {
    const std::string& key = opt.string_key;
    const std::size_t dot = key.rfind('.');
    if (dot == std::string::npos) {
      // run-wide keys (threads, results, ...) belong to the command line, not to streams
      if (key == "threads" || key == "results" || key == "quiet" || key == "shard")
        throw UsageError(path + ": '" + key +
                         "' is a command-line option of crbench run, not a grid setting");
      top.push_back(opt);
      continue;
    }
    if (key.compare(0, kSectionPrefix.size(), kSectionPrefix) != 0)
      throw UsageError(path + ": unknown section in '" + key + "' (sections are [stream.NAME])");
    const std::string name = key.substr(kSectionPrefix.size(), dot - kSectionPrefix.size());
    if (name.empty() || name.find_first_of("/\\ ") != std::string::npos)
      throw UsageError(path + ": bad stream name '" + name + "'");
    if (!sections.count(name)) order.push_back(name);
    po::option o = opt;
    o.string_key = key.substr(dot + 1);
    sections[name].push_back(o);
  }
  if (order.empty()) throw UsageError(path + ": no [stream.NAME] section");

  std::vector<GridStreamSpec> out;
  for (const std::string& name : order) {
    StreamRunOptions options;
    const po::options_description desc = stream_option_groups(options);
    po::variables_map vm;
    store(overrides, desc, vm, "command line");
    store(sections[name], desc, vm, path + " [stream." + name + "]");
    store(top, desc, vm, path);
    try {
      po::notify(vm);
    } catch (const po::error& e) {
      throw UsageError(path + " [stream." + name + "]: " + e.what());
    }
    finish_stream_options(options);
    // Relative file names are relative to the config file, so a grid runs from any directory.
    const std::filesystem::path base = std::filesystem::path(path).parent_path();
    for (std::string* file : {&options.data.path, &options.data.genres})
      if (!file->empty() && std::filesystem::path(*file).is_relative())
        *file = (base / *file).lexically_normal().string();
    if (options.scenario.empty() && options.data.path.empty())
      throw UsageError(path + " [stream." + name + "]: give either data = FILE or scenario = SPEC");
    for (GridStreamSpec& spec : expand_stream(name, options)) out.push_back(std::move(spec));
  }
  return out;
}

std::vector<GridStreamSpec> expand_stream(const std::string& name,
                                          const StreamRunOptions& options) {
  if (options.scenario.empty()) return {{name, "", options}};
  // Merge --param overrides into the spec first, so that param = rate=0|6 sweeps too.
  const std::string merged = with_extra_args(options.scenario, options.params, "--param");
  std::vector<GridStreamSpec> out;
  for (const auto& [spec, label] : expand_alternatives(merged)) {
    GridStreamSpec s{name, label, options};
    s.options.scenario = sim::parse_scenario(spec).canonical();  // validates now
    s.options.params.clear();
    out.push_back(std::move(s));
  }
  return out;
}

Stream load_grid_stream(const GridStreamSpec& spec) {
  const StreamRunOptions& o = spec.options;
  Stream stream = o.scenario.empty() ? load_dataset(o.data, o.protocol.pretrain_periods + 2)
                                     : sim::simulate_stream(sim::parse_scenario(o.scenario),
                                                            o.stream_seed, o.data.history);
  if (o.keep_periods > 0) stream.keep_first_periods(o.keep_periods);
  o.protocol.validate(stream);
  return stream;
}

std::vector<std::string> expand_methods(const std::string& methods_text, bool has_ground_truth) {
  const MethodRegistry& registry = MethodRegistry::global();
  std::vector<std::string> out;
  std::set<std::string> seen;  // canonical specs, so 'all,iu' and 'bu,bu-3' run once
  const auto add = [&](const std::string& spec_text) {
    if (seen.insert(registry.canonical(spec_text)).second) out.push_back(spec_text);
  };
  for (const std::string& item : split_spec_list(methods_text)) {
    if (item == "all") {
      for (const MethodEntry* entry : registry.entries())
        if (entry->alias_of.empty() && (!entry->needs_ground_truth || has_ground_truth))
          add(entry->name);
      continue;
    }
    for (const SpecAlternative& alternative : expand_alternatives(item)) add(alternative.spec);
  }
  if (out.empty()) throw UsageError("--methods: no method given");
  return out;
}

}  // namespace crbench
