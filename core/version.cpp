// The one-line form of the build facts (the facts themselves are generated).
#include "core/version.hpp"

namespace crbench {

std::string crbench_version_line() {
  return std::string("crbench ") + crbench_version() + " (commit " + crbench_git_commit() + ", " +
         crbench_build_type() + " build)";
}

}  // namespace crbench
