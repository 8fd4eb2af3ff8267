// Shared by the libFuzzer targets (fuzz/README.md): the input written to a file
// (the loaders and config readers take paths), and the rule every target checks:
// bad input may only ever end in DataError or UsageError, the errors crbench
// turns into a message and exit status 1. Any other exception is a finding and
// aborts, as a crash does, so libFuzzer keeps the input.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>
#include <string_view>

#include "core/errors.hpp"

namespace crbench::fuzz {

// A file of this process under the temporary folder, holding `bytes`. `name` keeps
// the extension or name a loader may look at; one file per name and process.
inline std::string write_input(std::string_view name, std::string_view bytes) {
  const char* tmp = std::getenv("TMPDIR");
  const std::string path = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                           "/crbench-fuzz-" + std::to_string(::getpid()) + "-" + std::string(name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

// Splits the input at the first `marker`: (before, after); no marker: (all, none).
inline std::pair<std::string_view, std::string_view> split_at(std::string_view input,
                                                              std::string_view marker,
                                                              bool& found) {
  const std::size_t at = input.find(marker);
  found = at != std::string_view::npos;
  if (!found) return {input, {}};
  return {input.substr(0, at), input.substr(at + marker.size())};
}

// Runs `body`; DataError and UsageError are the expected outcomes of bad input.
template <class Body>
void expect_clean_errors(Body&& body) {
  try {
    body();
  } catch (const DataError&) {
  } catch (const UsageError&) {
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crbench fuzz: escaped %s instead of DataError/UsageError\n", e.what());
    std::abort();
  }
}

}  // namespace crbench::fuzz
