#!/usr/bin/env bash
# Fuzzes crbench's parsers with libFuzzer (fuzz/README.md): builds the targets with
# clang under AddressSanitizer and UndefinedBehaviorSanitizer into build/fuzz,
# replays each target's checked-in corpus (fuzz/corpus/TARGET: seeds and every input
# that once found a bug), then fuzzes each target for SECONDS, one after another.
# New inputs go to build/fuzz/corpus/TARGET, findings to build/fuzz/findings/TARGET;
# the repository's corpus is only read. Exits non-zero if any input crashes.
#
# Usage: scripts/fuzz.sh [--smoke] [SECONDS] [TARGET...]   (default: 60 seconds, every target)
#   SECONDS = 0 only replays the corpora.
#   --smoke: the short run of scripts/test.sh: builds build/fuzz-smoke at -O0
#   instead of build/fuzz at -O1. It finds the same memory errors (the sanitizers
#   check as much at -O0 as at -O1) and executes fewer inputs per
#   second, which does not matter for a few seconds per target; its build took a
#   fraction of the CPU time (clang at -O1 spent more than 20 s on each per-SIMD
#   GRU kernel file, -O0 about 1 s; the fuzz targets never run those kernels but
#   link every method to parse method specs).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

build_dir="build/fuzz"
optimisation="-O1"
if [[ "${1:-}" == "--smoke" ]]; then
  build_dir="build/fuzz-smoke"
  optimisation="-O0"
  shift
fi
seconds="${1:-60}"
shift || true
if ! [[ "${seconds}" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fuzz.sh [--smoke] [SECONDS] [TARGET...]" >&2
  exit 2
fi
all_targets=(movielens_udata movielens_dat movielens_csv interaction_csv paper_logs
             grid_config method_spec scenario_spec results)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")

declare -A dictionary=(
  [movielens_udata]=movielens [movielens_dat]=movielens [movielens_csv]=movielens
  [interaction_csv]=interaction_csv [paper_logs]=paper_logs [grid_config]=grid_config
  [method_spec]=spec [scenario_spec]=spec [results]=results)

if [[ -f "${build_dir}/CMakeCache.txt" ]] &&
  ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "${build_dir}/CMakeCache.txt"; then
  rm -rf "${build_dir}"
fi
CXX=clang++ cmake -S . -B "${build_dir}" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="${optimisation}" -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DCRBENCH_FUZZ=ON -DCRBENCH_WERROR=OFF \
  -DCRBENCH_BUILD_TESTS=OFF -DCRBENCH_BUILD_MICRO=OFF >/dev/null
cmake --build "${build_dir}" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
failed=()
for target in "${targets[@]}"; do
  binary="${build_dir}/fuzz/fuzz_${target}"
  seeds="fuzz/corpus/${target}"
  work="${build_dir}/corpus/${target}"
  findings="${build_dir}/findings/${target}"
  mkdir -p "${work}" "${findings}"
  common=(-timeout=10 -rss_limit_mb=2048 -max_len=20000 "-artifact_prefix=${findings}/"
          "-dict=fuzz/dict/${dictionary[${target}]}.dict")
  echo "=== ${target}: replaying ${seeds}"
  if ! "${binary}" "${common[@]}" -runs=0 "${seeds}" >"${findings}/replay.log" 2>&1; then
    tail -40 "${findings}/replay.log" >&2
    failed+=("${target}")
    continue
  fi
  [[ "${seconds}" -gt 0 ]] || continue
  echo "=== ${target}: fuzzing for ${seconds} s"
  if ! "${binary}" "${common[@]}" -max_total_time="${seconds}" -print_final_stats=1 \
    "${work}" "${seeds}" >"${findings}/fuzz.log" 2>&1; then
    tail -40 "${findings}/fuzz.log" >&2
    failed+=("${target}")
    continue
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)|^Done " "${findings}/fuzz.log" || true
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz.sh: FAILED: ${failed[*]} (inputs in ${build_dir}/findings/)" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} target(s) clean"
