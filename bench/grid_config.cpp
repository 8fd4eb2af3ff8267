// Parsing and expansion of grid configs into per-stream option sets.
#include "bench/grid_config.hpp"

#include <boost/program_options.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "bench/ini_file.hpp"
#include "bench/simulated_stream.hpp"
#include "core/errors.hpp"
#include "core/quoting.hpp"
#include "core/spec.hpp"
#include "datasets/loaders.hpp"
#include "methods/registry.hpp"
#include "sim/simulator.hpp"

namespace crbench {

namespace po = boost::program_options;

namespace {

const std::string kSectionPrefix = "stream.";

// Keys of `crbench run` that hold for the whole run, not for one stream.
bool is_run_wide(const std::string& key) {
  return key == "threads" || key == "results" || key == "quiet" || key == "shard" ||
         key == "predictions-out";
}

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
    // Boost's message repeats the value as given: keep it to a line.
    throw UsageError(where + ": " + excerpt(e.what(), 300));
  }
}

}  // namespace

void check_stream_setting(const std::string& key, const std::string& value) {
  StreamRunOptions scratch;
  const po::options_description desc = stream_option_groups(scratch);
  po::variables_map vm;
  po::parsed_options parsed(&desc);
  parsed.options.push_back(po::option(key, {value}));
  po::store(parsed, vm);
  po::notify(vm);
  if (key == "methods") expand_methods(value, true);
  if (key == "seeds" && parse_seed_list(value).empty()) throw UsageError("no seed given");
  if (key == "param") with_extra_args("scenario", {value}, "param");
}

namespace {

// "grid.ini:12: [stream.ml] methods = "bu(w=2|fast)"" (the section left out at the
// top level): where a setting was written and what.
std::string describe_entry(const IniFile& ini, const IniEntry& e) {
  return ini.where(e) + ": " + (e.section.empty() ? "" : "[" + e.section + "] ") + e.key + " = " +
         quoted_text(e.value);
}

// check_setting with the file, section and line of the entry in the message.
void check_entry(const IniFile& ini, const IniEntry& e) {
  try {
    check_stream_setting(e.key, e.value);
  } catch (const po::error& error) {
    throw UsageError(describe_entry(ini, e) + ": " + excerpt(error.what(), 300));
  } catch (const UsageError& error) {
    throw UsageError(describe_entry(ini, e) + ": " + error.what());
  }
}

// A key given twice in one section is a slip (Boost would refuse it without
// saying where); --param may repeat, one override per line.
void check_no_repeats(const IniFile& ini) {
  std::map<std::pair<std::string, std::string>, std::size_t> first;
  for (const IniEntry& e : ini.entries) {
    if (e.key == "param") continue;
    const auto [it, added] = first.try_emplace({e.section, e.key}, e.line);
    if (!added)
      throw UsageError(ini.where(e) + ": " + (e.section.empty() ? "" : "[" + e.section + "] ") +
                       "'" + e.key + "' is given twice (first on line " +
                       std::to_string(it->second) + ")");
  }
}

po::option as_option(const IniEntry& e) {
  po::option o(e.key, {e.value});
  o.original_tokens = {e.key, e.value};
  return o;
}

// The stream a data file is read for is checked before any stream loads, so that a
// typo in the last section does not wait for the others to load.
void check_files(const StreamRunOptions& options, const std::string& where) {
  for (const std::string* file : {&options.data.path, &options.data.genres}) {
    if (file->empty()) continue;
    try {
      check_readable_file(*file);
    } catch (const DataError& e) {
      throw DataError(where + ": " + e.what());
    }
  }
}

}  // namespace

bool is_grid_config(const std::string& path) {
  for (const IniSection& s : read_ini_file(path).sections)
    if (s.name.compare(0, kSectionPrefix.size(), kSectionPrefix) == 0) return true;
  return false;
}

po::parsed_options read_option_file(const std::string& path, const po::options_description& desc) {
  const IniFile ini = read_ini_file(path);
  if (ini.entries.empty() && ini.sections.empty())
    throw UsageError(path + ": the config is empty (no settings and no [stream.NAME] section)");
  if (!ini.sections.empty())
    throw UsageError(path + ":" + std::to_string(ini.sections.front().line) +
                     ": unknown section [" + ini.sections.front().name +
                     "] (sections are [stream.NAME])");
  check_no_repeats(ini);
  po::parsed_options parsed(&desc);
  for (const IniEntry& e : ini.entries) {
    if (!is_run_wide(e.key)) check_entry(ini, e);
    parsed.options.push_back(as_option(e));
    // Keys of the whole run are checked when stored, with this entry's place.
    if (is_run_wide(e.key)) {
      po::variables_map scratch;
      store({parsed.options.back()}, desc, scratch, describe_entry(ini, e));
    }
  }
  return parsed;
}

std::vector<GridStreamSpec> read_grid_config(const std::string& path,
                                             const std::vector<po::option>& overrides) {
  const IniFile ini = read_ini_file(path);
  check_no_repeats(ini);
  std::vector<const IniEntry*> top;
  std::vector<std::string> order;  // stream names in file order
  std::map<std::string, std::size_t> section_line;
  std::map<std::string, std::vector<const IniEntry*>> sections;
  for (const IniSection& s : ini.sections) {
    if (s.name.compare(0, kSectionPrefix.size(), kSectionPrefix) != 0)
      throw UsageError(path + ":" + std::to_string(s.line) + ": unknown section [" + s.name +
                       "] (sections are [stream.NAME])");
    const std::string name = s.name.substr(kSectionPrefix.size());
    if (name.empty() || name.find_first_of("/\\ ") != std::string::npos)
      throw UsageError(path + ":" + std::to_string(s.line) + ": bad stream name " +
                       quoted_text(name));
    order.push_back(name);
    section_line[name] = s.line;
    sections[name];
  }
  if (order.empty()) throw UsageError(path + ": no [stream.NAME] section");
  // Every setting checked on its own first, naming its line.
  for (const IniEntry& e : ini.entries) {
    if (is_run_wide(e.key))
      throw UsageError(ini.where(e) + ": '" + e.key +
                       "' is a command-line option of crbench run, not a grid setting");
    check_entry(ini, e);
    if (e.section.empty()) {
      top.push_back(&e);
    } else {
      sections[e.section.substr(kSectionPrefix.size())].push_back(&e);
    }
  }

  std::vector<GridStreamSpec> out;
  for (const std::string& name : order) {
    const std::string where =
        path + ":" + std::to_string(section_line[name]) + ": [stream." + name + "]";
    StreamRunOptions options;
    const po::options_description desc = stream_option_groups(options);
    po::variables_map vm;
    std::vector<po::option> own, shared;
    for (const IniEntry* e : sections[name]) own.push_back(as_option(*e));
    for (const IniEntry* e : top) shared.push_back(as_option(*e));
    store(overrides, desc, vm, "command line");
    store(own, desc, vm, where);
    store(shared, desc, vm, path);
    try {
      po::notify(vm);
      finish_stream_options(options);
    } catch (const po::error& e) {
      throw UsageError(where + ": " + e.what());
    } catch (const UsageError& e) {
      throw UsageError(where + ": " + e.what());
    }
    // Relative file names are relative to the config file, so a grid runs from any directory.
    const std::filesystem::path base = std::filesystem::path(path).parent_path();
    for (std::string* file : {&options.data.path, &options.data.genres})
      if (!file->empty() && std::filesystem::path(*file).is_relative())
        *file = (base / *file).lexically_normal().string();
    if (options.scenario.empty() && options.data.path.empty())
      throw UsageError(where + ": give either data = FILE or scenario = SPEC");
    check_files(options, where);
    // The scenario as written (with its --param lines) names its own line.
    std::string scenario_where = where;
    for (const auto* entries : {&sections[name], &top})
      for (const IniEntry* e : *entries)
        if (e->key == "scenario" && scenario_where == where)
          scenario_where = describe_entry(ini, *e);
    try {
      for (GridStreamSpec& spec : expand_stream(name, options)) out.push_back(std::move(spec));
    } catch (const UsageError& e) {
      throw UsageError(scenario_where +
                       (scenario_where == where ? "" : " in [stream." + name + "]") + ": " +
                       e.what());
    }
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
  if (!o.scenario.empty() && !simulated_stream_spec(o).shared_by_seeds())
    throw UsageError(spec.name +
                     ": a simulated stream with a world per seed (or a closed loop) "
                     "is not one stream; give worlds = fixed");
  Stream stream = o.scenario.empty() ? load_dataset(o.data, o.protocol.pretrain_periods + 2)
                                     : simulated_stream_spec(o).open_stream(o.stream_seed);
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
