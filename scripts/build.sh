#!/usr/bin/env bash
# Configures and builds crbench into build/<config> from any working directory.
#
# Usage: scripts/build.sh [release|sanitize|fuzz] [TARGET...]   (default: release, all targets)
#   release:  build/release, optimised; also builds the crbench_micro benchmarks
#             (built so that they keep compiling; the tests do not run them) and
#             the end-to-end test binary. The test sources compile at -O1
#             (tests/CMakeLists.txt says why), the libraries at -O2.
#   sanitize: build/sanitize, with clang, AddressSanitizer and
#             UndefinedBehaviorSanitizer, and libFuzzer's coverage
#             instrumentation: one build serves the sanitizer pass (the crbench
#             binary and the unit-test binary; no microbenchmarks, no end-to-end
#             tests, which run in the Release build only) and the fuzz smoke (the
#             fuzz/ targets, scripts/fuzz.sh --smoke). Before, GCC's sanitizer
#             build and the fuzz smoke's own clang build compiled every library
#             twice. Optimisation per part, for compile time where the tests
#             spend none and for speed where they spend it:
#             - the methods library at -O2 (the tests spend their time there;
#               clang with the sanitizers compiles it in the same time at -O2 as
#               at -O1, and at -O1 it leaves Eigen's accessors out of line, which
#               made the logistic-regression tests 10 times slower);
#             - the other libraries and the CLI at -O1;
#             - the test sources at -O1 (CRBENCH_TEST_COMPILE_OPTIONS), not -O0:
#               a header function the libraries call out of line (an Eigen
#               accessor) is linked from the first object that defines it, a
#               test's, and at -O0 that copy made the logistic-regression tests
#               3 to 10 times slower than the rest of the pass;
#             - the per-SIMD GRU kernel files at -O0 (CRBENCH_KERNEL_COMPILE_OPTIONS):
#               clang took over 35 s on each at -O1, 1 s at -O0, and the sanitizer
#               pass runs them only on small gradient-check shapes.
#             No precompiled headers: clang writes the checkout's absolute
#             paths into them, so every compilation that used one missed
#             ccache in a second clone; GCC's (Release) are the same bytes in
#             any clone.
#             Debug info is -g1 (line tables: sanitizer reports still name
#             function, file and line of every frame, inlined ones included; no
#             variable info for a debugger), which compiles about a fifth faster
#             than -g.
#   fuzz:     build/fuzz, for long fuzzing runs (scripts/fuzz.sh without
#             --smoke): clang, the sanitizers and libFuzzer's coverage
#             instrumentation, everything at -O1 (more inputs a second than the
#             sanitizer build's -O0 parts) except the per-SIMD GRU kernel files
#             (-O0, as above: at -O1 clang also fails to unroll their loops, an
#             error under -Werror; the parsers never run them), no tests, no
#             microbenchmarks.
#   TARGET:   build only these targets (e.g. crbench_tests, which also builds the
#             crbench binary its CLI tests run).
# Builds with Ninja (Debian ninja-build; scripts/setup.sh installs it): unlike
# make, it compiles a target's objects while the libraries it links are still
# being built, so both cores stay busy. A build directory configured with another
# generator is removed first.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

config="${1:-release}"
compiler=""  # a configuration that needs a particular compiler names it
shift || true
case "${config}" in
  release)
    cmake_args=(-DCMAKE_BUILD_TYPE=Release -DCRBENCH_BUILD_MICRO=ON -DCRBENCH_BUILD_E2E_TESTS=ON
                -DCRBENCH_TEST_COMPILE_OPTIONS=)
    ;;
  sanitize)
    compiler=clang++
    cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS=-O1 -DCMAKE_CXX_FLAGS_DEBUG=-g1
                -DCRBENCH_FUZZ=ON -DCRBENCH_BUILD_MICRO=OFF -DCRBENCH_BUILD_E2E_TESTS=OFF
                -DCRBENCH_TEST_COMPILE_OPTIONS=-O1 -DCRBENCH_METHODS_COMPILE_OPTIONS=-O2
                -DCRBENCH_KERNEL_COMPILE_OPTIONS=-O0 -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON)
    ;;
  fuzz)
    compiler=clang++
    cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS=-O1 -DCMAKE_CXX_FLAGS_DEBUG=-g1
                -DCRBENCH_FUZZ=ON -DCRBENCH_BUILD_TESTS=OFF -DCRBENCH_BUILD_MICRO=OFF
                -DCRBENCH_KERNEL_COMPILE_OPTIONS=-O0 -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON)
    ;;
  *)
    echo "usage: scripts/build.sh [release|sanitize|fuzz] [TARGET...]" >&2
    exit 2
    ;;
esac

# ccache (when installed, CMakeLists.txt) keys on the compiler's command line:
# relative paths under the checkout (CCACHE_BASEDIR) let another clone of the
# same sources reuse its cache, and the precompiled headers of the tests need
# the sloppiness ccache documents for them. With debug info (the sanitizer
# build's -g1) ccache also hashes the working directory unless told not to
# (CCACHE_NOHASHDIR): a hit from another clone then keeps that clone's
# directory in its debug info, which only changes the paths a sanitizer
# report prints.
#
# Depend mode (CCACHE_DEPEND): a miss compiles at once and takes the headers
# from the compiler's own dependency file (-MD, which the Ninja build passes);
# otherwise every miss ran the preprocessor first, which cost a build from an
# empty cache (CI) about 100 CPU s more than no ccache at all.
export CCACHE_DEPEND="${CCACHE_DEPEND:-1}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-${repo_root}}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"

build_dir="build/${config}"
if [[ -f "${build_dir}/CMakeCache.txt" ]] &&
  { ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "${build_dir}/CMakeCache.txt" ||
    { [[ -n "${compiler}" ]] && ! grep -q "^CMAKE_CXX_COMPILER:[A-Z]*=.*/${compiler}\$" "${build_dir}/CMakeCache.txt"; }; }; then
  echo "build.sh: ${build_dir} was configured with another generator or compiler; removing it"
  rm -rf "${build_dir}"
fi
if [[ -n "${compiler}" ]]; then
  cmake_args+=("-DCMAKE_CXX_COMPILER=${compiler}")
fi
cmake -S . -B "${build_dir}" -G Ninja "${cmake_args[@]}"
targets=()
if [[ $# -gt 0 ]]; then
  targets=(--target "$@")
fi
cmake --build "${build_dir}" -j"$(nproc)" "${targets[@]}"
