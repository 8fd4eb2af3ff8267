#!/usr/bin/env bash
# Configures and builds crbench into build/<config> from any working directory.
#
# Usage: scripts/build.sh [release|sanitize] [TARGET...]   (default: release, all targets)
#   release:  build/release, optimised; also builds the crbench_micro benchmarks
#             (built so that they keep compiling; the tests do not run them) and
#             the end-to-end test binary. The test sources compile at -O1
#             (tests/CMakeLists.txt says why), the libraries at -O2.
#   sanitize: build/sanitize, Debug with AddressSanitizer and
#             UndefinedBehaviorSanitizer; only what the sanitizer pass runs: the
#             crbench binary and the unit-test binary (no microbenchmarks, no
#             end-to-end tests, which run in the Release build only).
#             The libraries and the CLI compile at -O1 (the tests spend their
#             time in them; -Og compiled faster but ran the tests slower); the
#             test sources at -O0 (CRBENCH_TEST_COMPILE_OPTIONS): they spend
#             little time in their own code, and -O0 compiles them in about 40% of
#             the CPU time of -O1. Debug info is -g1 (line tables: sanitizer
#             reports still name function, file and line of every frame, inlined
#             ones included; no variable info for a debugger), which compiles
#             about a fifth faster than -g.
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
shift || true
case "${config}" in
  release)
    cmake_args=(-DCMAKE_BUILD_TYPE=Release -DCRBENCH_BUILD_MICRO=ON -DCRBENCH_BUILD_E2E_TESTS=ON
                -DCRBENCH_TEST_COMPILE_OPTIONS=)
    ;;
  sanitize)
    cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS=-O1 -DCMAKE_CXX_FLAGS_DEBUG=-g1
                -DCRBENCH_SANITIZE=ON -DCRBENCH_BUILD_MICRO=OFF -DCRBENCH_BUILD_E2E_TESTS=OFF
                -DCRBENCH_TEST_COMPILE_OPTIONS=-O0)
    ;;
  *)
    echo "usage: scripts/build.sh [release|sanitize] [TARGET...]" >&2
    exit 2
    ;;
esac

build_dir="build/${config}"
if [[ -f "${build_dir}/CMakeCache.txt" ]] &&
  ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "${build_dir}/CMakeCache.txt"; then
  echo "build.sh: ${build_dir} was configured with another generator; removing it"
  rm -rf "${build_dir}"
fi
cmake -S . -B "${build_dir}" -G Ninja "${cmake_args[@]}"
targets=()
if [[ $# -gt 0 ]]; then
  targets=(--target "$@")
fi
cmake --build "${build_dir}" -j"$(nproc)" "${targets[@]}"
