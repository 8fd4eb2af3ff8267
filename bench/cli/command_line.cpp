// Strict argument parsing (see command_line.hpp).
#include "bench/cli/command_line.hpp"

#include "core/errors.hpp"
#include "core/suggest.hpp"

namespace crbench::cli {

namespace po = boost::program_options;

namespace {

std::vector<std::string> option_names(const po::options_description& opts) {
  std::vector<std::string> names;
  for (const auto& o : opts.options()) names.push_back("--" + o->long_name());
  return names;
}

// "--seeds 1" of the option before a stray word, for the error message.
std::string option_before(const po::parsed_options& parsed, std::size_t index) {
  for (std::size_t i = index; i-- > 0;) {
    const po::option& o = parsed.options[i];
    if (o.string_key.empty()) continue;
    std::string text = "--" + o.string_key;
    for (const std::string& v : o.value) text += " " + v;
    return text;
  }
  return "";
}

}  // namespace

ParsedArguments parse_arguments(const std::vector<std::string>& args,
                                const po::options_description& opts, std::size_t max_positional,
                                const std::string& what) {
  ParsedArguments out;
  try {
    out.options = po::command_line_parser(args).options(opts).run();
  } catch (const po::unknown_option& e) {
    const std::string name = e.get_option_name();
    throw UsageError("unknown option '" + name + "'" + did_you_mean(name, option_names(opts)) +
                     " (--help lists the options)");
  }
  std::vector<po::option> kept;
  for (std::size_t i = 0; i < out.options.options.size(); ++i) {
    const po::option& o = out.options.options[i];
    if (!o.string_key.empty()) {
      kept.push_back(o);
      continue;
    }
    const std::string word = o.original_tokens.empty() ? "" : o.original_tokens.front();
    if (out.positional.size() < max_positional) {
      out.positional.push_back(word);
      continue;
    }
    const std::string before = option_before(out.options, i);
    std::string message = "unexpected argument '" + word + "'";
    if (!before.empty())
      message += " after " + before +
                 ": an option takes one word; write a list comma-separated without spaces "
                 "(--seeds 1,2,3; --methods iu,bu-3) or quote it";
    else if (max_positional == 0)
      message += ": this command takes no arguments besides its options";
    if (max_positional > 0)
      message += " (at most " + std::to_string(max_positional) + " " + what + ")";
    throw UsageError(message);
  }
  out.options.options = std::move(kept);
  return out;
}

std::vector<std::string> store_arguments(const std::vector<std::string>& args,
                                         const po::options_description& opts, po::variables_map& vm,
                                         std::size_t max_positional, const std::string& what) {
  ParsedArguments parsed = parse_arguments(args, opts, max_positional, what);
  po::store(parsed.options, vm);
  return parsed.positional;
}

}  // namespace crbench::cli
