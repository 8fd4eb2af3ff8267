// Where the checkout and the built crbench binary are. CMake writes them into
// one generated source (tests/CMakeLists.txt) instead of passing them to every
// test source as -D definitions: a test source's command line then does not
// name the checkout, so ccache serves a clone elsewhere on the machine from
// the compilations of an earlier one.
#pragma once

namespace crbench::test_support {

const char* source_dir();      // the checkout's root
const char* crbench_binary();  // the crbench executable of this build

}  // namespace crbench::test_support

#define CRBENCH_SOURCE_DIR (::crbench::test_support::source_dir())
#define CRBENCH_BINARY (::crbench::test_support::crbench_binary())
