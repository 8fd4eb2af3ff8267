// The crbench subcommands; each returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace crbench::cli {

// Exit codes: 0 success, 1 bad input (options, files), 3 some jobs failed.
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 1;
inline constexpr int kExitJobsFailed = 3;

int run_command(const std::vector<std::string>& args);
int methods_command(const std::vector<std::string>& args);
int base_models_command(const std::vector<std::string>& args);
int datasets_command(const std::vector<std::string>& args);
int simulate_command(const std::vector<std::string>& args);
int scenarios_command(const std::vector<std::string>& args);
int leaderboard_command(const std::vector<std::string>& args);
int speedup_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);
int tune_command(const std::vector<std::string>& args);

}  // namespace crbench::cli
