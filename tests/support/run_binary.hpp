// Test helper: runs the real crbench binary through the shell and captures its
// exit code and output (stdout and stderr together).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "tests/support/build_paths.hpp"

namespace crbench::test_support {

struct Outcome {
  int exit_code = -1;
  std::string output;
};

// Runs a shell command line (stderr merged into stdout).
inline Outcome run_crbench_shell(const std::string& command) {
  const std::string cmd = command + " 2>&1";
  Outcome out;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), buf.size(), pipe) != nullptr) out.output += buf.data();
  const int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

inline Outcome run_crbench(const std::string& args) {
  return run_crbench_shell(std::string(CRBENCH_BINARY) + " " + args);
}

// A fresh per-process scratch directory under the system temp directory.
inline std::filesystem::path scratch_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("crbench_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace crbench::test_support
