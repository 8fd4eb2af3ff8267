#!/usr/bin/env bash
# Configures and builds crbench into build/<config> from any working directory.
#
# Usage: scripts/build.sh [release|sanitize]   (default: release)
#   release:  build/release, optimised; also builds the crbench_micro benchmarks
#             (built so that they keep compiling; the tests do not run them).
#   sanitize: build/sanitize, Debug at -O1 with AddressSanitizer and
#             UndefinedBehaviorSanitizer, without the microbenchmarks.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

config="${1:-release}"
case "${config}" in
  release)
    cmake_args=(-DCMAKE_BUILD_TYPE=Release -DCRBENCH_BUILD_MICRO=ON)
    ;;
  sanitize)
    cmake_args=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS=-O1 -DCRBENCH_SANITIZE=ON
                -DCRBENCH_BUILD_MICRO=OFF)
    ;;
  *)
    echo "usage: scripts/build.sh [release|sanitize]" >&2
    exit 2
    ;;
esac

build_dir="build/${config}"
cmake -S . -B "${build_dir}" "${cmake_args[@]}"
cmake --build "${build_dir}" -j"$(nproc)"
