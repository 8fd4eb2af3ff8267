// Test helper: a command line parsed into StreamRunOptions the way `crbench run`
// parses it (the same option groups, notifiers and checks).
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "bench/stream_options.hpp"

namespace crbench::test_support {

inline StreamRunOptions parse_run_options(const std::vector<std::string>& args) {
  namespace po = boost::program_options;
  StreamRunOptions o;
  const po::options_description desc = stream_option_groups(o);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  po::notify(vm);
  finish_stream_options(o);
  return o;
}

}  // namespace crbench::test_support
