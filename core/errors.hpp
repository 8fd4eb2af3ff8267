// The exception types for bad input. Their messages are complete sentences for a
// user: DataError names the file (and line), UsageError the option or name at
// fault. The CLI prints them as they are and exits non-zero.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace crbench {

class DataError : public std::runtime_error {
 public:
  // "path:line: what"; line 0 means the file as a whole: "path: what".
  DataError(const std::string& path, std::size_t line, const std::string& what)
      : std::runtime_error(path +
                           (line > 0 ? std::string(":") + std::to_string(line) : std::string()) +
                           ": " + what) {}
  explicit DataError(const std::string& what) : std::runtime_error(what) {}
};

// A bad option, method spec, hyper-parameter value or unknown name.
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace crbench
