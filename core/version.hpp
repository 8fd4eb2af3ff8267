// What built this binary: crbench's version (written once, as the project
// VERSION in CMakeLists.txt), the git commit of the source tree at build time
// (with "-dirty" when tracked files differed from it; "unknown" outside a git
// checkout) and the build type. Captured by scripts/build_info.cmake at every
// build; `crbench --version` prints them and `crbench run` records them.
#pragma once

#include <string>

namespace crbench {

const char* crbench_version();     // "0.1.0"
const char* crbench_git_commit();  // "db46791a1b2c", "db46791a1b2c-dirty" or "unknown"
const char* crbench_build_type();  // "Release", "Debug with sanitizers", ...

// "crbench 0.1.0 (commit db46791a1b2c, Release build)".
std::string crbench_version_line();

}  // namespace crbench
