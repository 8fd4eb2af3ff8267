#!/usr/bin/env bash
# The full test run (the README's test command; .ci/run calls exactly this):
# installs missing dependencies, checks formatting, builds the Release and
# sanitizer configurations, runs the tests in both and a short fuzz smoke
# (scripts/fuzz.sh --smoke). Exits non-zero if any step fails. Ends with a table
# of the steps' wall and CPU times; the last line is a one-line summary.
#
# Usage: scripts/test.sh                     the full run
#        scripts/test.sh --quick [CTEST_ARG...]
#   --quick: the inner loop while developing: set-up, format check, the Release
#   build of the unit-test binary only (and the crbench binary it runs), and the
#   tests labelled `unit`; no end-to-end tests, no sanitizer pass. Extra
#   arguments go to ctest, e.g. `scripts/test.sh --quick -R Bayes`.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

quick=false
ctest_extra=()
if [[ "${1:-}" == "--quick" ]]; then
  quick=true
  shift
  ctest_extra=("$@")
elif [[ $# -gt 0 ]]; then
  echo "usage: scripts/test.sh [--quick [CTEST_ARG...]]" >&2
  exit 2
fi

jobs="$(nproc)"
clock_ticks="$(getconf CLK_TCK)"
passed=()
failed=()
timings=()  # one "name|wall s|cpu s|result" per step, for the table

# CPU seconds (user + system) of this shell's finished children so far: fields
# 16 and 17 of /proc/PID/stat, in clock ticks. Every step's processes are waited
# for, so the difference across a step is that step's CPU time.
children_cpu_ticks() {
  local stat
  read -r stat </proc/$$/stat
  stat="${stat##*) }"  # drop "pid (comm) ", as comm may contain spaces
  local -a fields
  read -ra fields <<<"${stat}"
  # After the cut, field 3 of the original line is fields[0]: cutime is [13], cstime [14].
  echo $((fields[13] + fields[14]))
}

# Runs one named step and records its result and times; returns the step's status
# so that the caller can skip what depends on it. A failed step does not stop
# independent steps.
step() {
  local name="$1"
  shift
  echo "=== ${name}"
  local start="${EPOCHREALTIME}" cpu_start status=0 result
  cpu_start="$(children_cpu_ticks)"
  "$@" || status=$?
  local wall cpu
  wall="$(awk -v a="${start}" -v b="${EPOCHREALTIME}" 'BEGIN { printf "%.1f", b - a }')"
  cpu="$(awk -v t="$(($(children_cpu_ticks) - cpu_start))" -v hz="${clock_ticks}" \
    'BEGIN { printf "%.1f", t / hz }')"
  if [[ ${status} -eq 0 ]]; then
    result=ok
    passed+=("${name}")
  else
    result=FAILED
    failed+=("${name}")
  fi
  timings+=("${name}|${wall}|${cpu}|${result}")
  echo "=== ${name}: ${result} (${wall} s)"
  return "${status}"
}

join() {
  local IFS=','
  echo "$*"
}

# Wall seconds and CPU seconds (user + system, every process of the step) per
# step. On a machine shared with other work the wall time grows while the CPU
# time stays about what the step costs; on an idle 2-core machine a parallel
# step's wall time is about its CPU time / 1.9.
timing_table() {
  local row name wall cpu result total_wall=0 total_cpu=0
  echo
  printf '%-16s %9s %9s  %s\n' "step" "wall s" "CPU s" "result"
  for row in "${timings[@]}"; do
    IFS='|' read -r name wall cpu result <<<"${row}"
    printf '%-16s %9s %9s  %s\n' "${name}" "${wall}" "${cpu}" "${result}"
    total_wall="$(awk -v a="${total_wall}" -v b="${wall}" 'BEGIN { print a + b }')"
    total_cpu="$(awk -v a="${total_cpu}" -v b="${cpu}" 'BEGIN { print a + b }')"
  done
  printf '%-16s %9.1f %9.1f\n' "total" "${total_wall}" "${total_cpu}"
}

summary() {
  timing_table
  if [[ ${#failed[@]} -gt 0 ]]; then
    local ok
    ok="$(join "${passed[@]}")"
    echo "test.sh: FAILED: $(join "${failed[@]}") (passed: ${ok:-none})"
    exit 1
  fi
  echo "test.sh: PASSED: $(join "${passed[@]}")"
}

# One clang-format process for every file (one per file cost about 6 s of
# process start-up); its diagnostics name each unformatted file.
check_format() {
  local files=() existing=() unformatted=() file output
  mapfile -t files < <(git ls-files -- '*.cpp' '*.hpp')
  for file in "${files[@]}"; do
    [[ -f "${file}" ]] && existing+=("${file}")  # tracked but deleted in the working tree
  done
  if ! output="$(clang-format --dry-run --Werror "${existing[@]}" 2>&1)"; then
    mapfile -t unformatted < <(sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' \
      <<<"${output}" | sort -u)
    if [[ ${#unformatted[@]} -eq 0 ]]; then
      echo "${output}" >&2  # clang-format failed for another reason
      return 1
    fi
    echo "Not clang-formatted (fix with: clang-format -i FILE...):" >&2
    printf '  %s\n' "${unformatted[@]}" >&2
    return 1
  fi
  echo "${#existing[@]} tracked *.cpp/*.hpp files are clang-formatted"
}

# The schedule: ctest runs in parallel; in a fresh build directory it starts
# the tests with the highest COST first (tests/CMakeLists.txt), afterwards
# ctest uses the durations it measured.
run_ctest_release() {
  (cd build/release && ctest --output-on-failure --no-tests=error -j"${jobs}" "$@")
}

# Tests labelled "slow" (ctest LABELS property) run in the release build only
# (tests/CMakeLists.txt says which and why).
run_ctest_sanitize() {
  (cd build/sanitize &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --output-on-failure --no-tests=error -j"${jobs}" -LE slow)
}

# The fuzz targets (fuzz/, scripts/fuzz.sh): replay every checked-in corpus (seeds
# and the inputs that once found bugs) and fuzz each target for a few seconds
# under ASan+UBSan, one target per core. The sanitizer build (build/sanitize)
# has built them; without it, this builds them there.
run_fuzz_smoke() {
  bash scripts/fuzz.sh --smoke "${CRBENCH_FUZZ_SECONDS:-5}"
}

run_steps() {
  step "setup" bash scripts/setup.sh || return 0  # nothing else can run without it
  step "format" check_format || true
  if ${quick}; then
    if step "build release" bash scripts/build.sh release crbench_tests; then
      step "test unit" run_ctest_release -L unit "${ctest_extra[@]}" || true
    fi
    return 0
  fi
  if step "build release" bash scripts/build.sh release; then
    step "test release" run_ctest_release || true
  fi
  if step "build sanitize" bash scripts/build.sh sanitize; then
    step "test sanitize" run_ctest_sanitize || true
  fi
  step "fuzz smoke" run_fuzz_smoke || true
}

run_steps
summary
