#!/usr/bin/env bash
# Fuzzes crbench's parsers with libFuzzer (fuzz/README.md): builds the targets with
# clang under AddressSanitizer and UndefinedBehaviorSanitizer, replays each
# target's checked-in corpus (fuzz/corpus/TARGET: seeds and every input that once
# found a bug), then fuzzes each target for SECONDS, as many targets at a time as
# there are cores. New inputs go to BUILD/corpus/TARGET, findings to
# BUILD/findings/TARGET; the repository's corpus is only read. Exits non-zero if
# any input crashes.
#
# Usage: scripts/fuzz.sh [--smoke] [SECONDS] [TARGET...]   (default: 60 seconds, every target)
#   SECONDS = 0 only replays the corpora.
#   (default) builds build/fuzz (scripts/build.sh fuzz: -O1, more inputs a
#   second, for long runs).
#   --smoke: the short run of scripts/test.sh: uses the sanitizer build
#   (build/sanitize, scripts/build.sh sanitize), which is clang with the same
#   sanitizers and libFuzzer's coverage instrumentation, so the smoke compiles
#   only the fuzz targets' own files.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

config="fuzz"  # scripts/build.sh's configuration, built into build/${config}
if [[ "${1:-}" == "--smoke" ]]; then
  config="sanitize"
  shift
fi
build_dir="build/${config}"
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

bash scripts/build.sh "${config}" "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# One target: replay its corpus, then fuzz it; its output goes to its findings
# folder, and a failure is reported by the exit status.
fuzz_one() {
  local target="$1"
  local binary="${build_dir}/fuzz/fuzz_${target}"
  local seeds="fuzz/corpus/${target}"
  local work="${build_dir}/corpus/${target}"
  local findings="${build_dir}/findings/${target}"
  mkdir -p "${work}" "${findings}"
  local common=(-timeout=10 -rss_limit_mb=2048 -max_len=20000 "-artifact_prefix=${findings}/"
                "-dict=fuzz/dict/${dictionary[${target}]}.dict")
  if ! "${binary}" "${common[@]}" -runs=0 "${seeds}" >"${findings}/replay.log" 2>&1; then
    echo "=== ${target}: replaying ${seeds} FAILED" >&2
    tail -40 "${findings}/replay.log" >&2
    return 1
  fi
  [[ "${seconds}" -gt 0 ]] || { echo "=== ${target}: corpus replayed"; return 0; }
  if ! "${binary}" "${common[@]}" -max_total_time="${seconds}" -print_final_stats=1 \
    "${work}" "${seeds}" >"${findings}/fuzz.log" 2>&1; then
    echo "=== ${target}: fuzzing FAILED" >&2
    tail -40 "${findings}/fuzz.log" >&2
    return 1
  fi
  echo "=== ${target}: corpus replayed, fuzzed for ${seconds} s:" \
    "$(grep -E "^stat::number_of_executed_units" "${findings}/fuzz.log" | tr -s ' ')"
}

# A fuzzing process is single-threaded: run one per core.
failed=()
running=()
for target in "${targets[@]}"; do
  fuzz_one "${target}" &
  running+=("$!:${target}")
  if [[ ${#running[@]} -ge $(nproc) ]]; then
    wait "${running[0]%%:*}" || failed+=("${running[0]#*:}")
    running=("${running[@]:1}")
  fi
done
for job in "${running[@]}"; do
  wait "${job%%:*}" || failed+=("${job#*:}")
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz.sh: FAILED: ${failed[*]} (inputs in ${build_dir}/findings/)" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} target(s) clean"
