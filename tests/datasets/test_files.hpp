// Helpers for the datasets tests: paths of the bundled fixtures, scratch files with
// given content, and checking that a call throws DataError with the expected text.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

#include "core/errors.hpp"
#include "tests/support/build_paths.hpp"

namespace crbench::testing {

inline std::string fixture(const std::string& relative) {
  return std::string(CRBENCH_SOURCE_DIR) + "/tests/datasets/data/" + relative;
}

// Writes `content` to a fresh file in a per-test scratch folder and returns its path.
inline std::string scratch_file(const std::string& name, const std::string& content) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                                    "crbench_datasets" / info->test_suite_name() / info->name();
  std::filesystem::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  return path;
}

// Runs `fn`, expecting a DataError whose message contains every one of `parts`.
template <class Fn>
void expect_data_error(Fn&& fn, std::initializer_list<std::string> parts) {
  try {
    fn();
    ADD_FAILURE() << "expected DataError, nothing was thrown";
  } catch (const DataError& e) {
    const std::string message = e.what();
    for (const std::string& part : parts) {
      EXPECT_NE(message.find(part), std::string::npos)
          << "message \"" << message << "\" lacks \"" << part << "\"";
    }
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected DataError, got another exception: " << e.what();
  }
}

}  // namespace crbench::testing
