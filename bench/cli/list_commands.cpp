// `crbench methods`, `crbench base-models` and `crbench datasets`: what the suite offers, from the
// registry's declarations and the dataset format table.
#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "bench/cli/command_line.hpp"
#include "bench/cli/commands.hpp"
#include "bench/cli/listing.hpp"
#include "bench/dataset_source.hpp"
#include "core/errors.hpp"
#include "core/suggest.hpp"
#include "methods/base_model_registry.hpp"
#include "methods/registry.hpp"

namespace crbench::cli {

namespace po = boost::program_options;

bool wants_help(const std::vector<std::string>& args, const std::string& text,
                std::vector<std::string>* filters) {
  po::options_description opts("options");
  opts.add_options()("help,h", "show this help");
  po::variables_map vm;
  const std::vector<std::string> words =
      store_arguments(args, opts, vm, filters ? args.size() : 0, "filters");
  if (filters != nullptr) *filters = words;
  if (vm.count("help")) {
    std::cout << text << "\n" << opts;
    return true;
  }
  return false;
}

std::vector<std::string> filter_names(const std::vector<std::string>& names,
                                      const std::vector<std::string>& filters,
                                      const std::string& kind) {
  if (filters.empty()) return names;
  std::vector<std::string> kept;
  for (const std::string& name : names)
    for (const std::string& f : filters)
      if (name.find(f) != std::string::npos) {
        kept.push_back(name);
        break;
      }
  if (!kept.empty()) return kept;
  // The names and their dash-separated words ("asmg" of "asmg-linear").
  std::vector<std::string> candidates;
  for (const std::string& name : names) {
    candidates.push_back(name);
    for (std::size_t b = 0, e; b < name.size(); b = e + 1) {
      e = std::min(name.find('-', b), name.size());
      if (e - b > 1) candidates.push_back(name.substr(b, e - b));
    }
  }
  std::string words;
  for (const std::string& f : filters) words += (words.empty() ? "'" : ", '") + f + "'";
  throw UsageError("no " + kind + " name contains " + words +
                   did_you_mean(filters.front(), candidates));
}

void print_params(const std::vector<ParamInfo>& params) {
  int width = 22;
  for (const ParamInfo& p : params)
    width = std::max(width, static_cast<int>(p.name.size() + p.default_text.size()) + 3);
  for (const ParamInfo& p : params) {
    const std::string setting = p.name + " = " + p.default_text;
    std::printf("    %-*s %s\n", width, setting.c_str(), p.description.c_str());
    if (!p.allowed.empty()) std::printf("    %-*s (%s)\n", width, "", p.allowed.c_str());
  }
}

int methods_command(const std::vector<std::string>& args) {
  std::vector<std::string> filters;
  if (wants_help(args,
                 "usage: crbench methods [WORD...]\nLists every registered method, its "
                 "hyper-parameters (default, what they may be) and what it does, and the "
                 "aliases; with words, only the methods whose name contains one of them "
                 "(crbench methods asmg).",
                 &filters))
    return kExitOk;
  std::vector<std::string> names;
  for (const MethodEntry* e : MethodRegistry::global().entries()) names.push_back(e->name);
  for (const std::string& name : filter_names(names, filters, "method")) {
    const MethodEntry* e = &MethodRegistry::global().find(name);
    if (!e->alias_of.empty()) {
      std::printf("%-14s alias of %s (not in methods = all)\n", e->name.c_str(),
                  e->alias_of.c_str());
      continue;
    }
    std::printf("%-14s %s%s\n", e->name.c_str(), e->description.c_str(),
                e->needs_ground_truth ? " [simulated streams only]" : "");
    print_params(e->params.info());
  }
  return kExitOk;
}

int base_models_command(const std::vector<std::string>& args) {
  if (wants_help(args,
                 "usage: crbench base-models\nLists the base models `crbench run --base-model` "
                 "accepts, with their parameters."))
    return kExitOk;
  for (const BaseModelEntry* e : BaseModelRegistry::global().entries()) {
    std::printf("%-14s %s\n", e->name.c_str(), e->description.c_str());
    print_params(e->params.info());
  }
  return kExitOk;
}

int datasets_command(const std::vector<std::string>& args) {
  if (wants_help(args, "usage: crbench datasets\nLists the dataset formats crbench reads."))
    return kExitOk;
  for (const DatasetFormatInfo& f : dataset_formats())
    std::printf("%-10s %s\n", f.name.c_str(), f.description.c_str());
  return kExitOk;
}

}  // namespace crbench::cli
