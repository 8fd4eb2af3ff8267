#!/usr/bin/env bash
# The full test run (the README's test command): installs missing dependencies, checks
# formatting, builds the release and sanitizer configurations and runs every test in
# both. Exits non-zero if any step fails; the last line is a one-line summary.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

jobs="$(nproc)"
passed=()
failed=()

# Runs one named step and records its result; returns the step's status so that the
# caller can skip what depends on it. A failed step does not stop independent steps.
step() {
  local name="$1"
  shift
  echo "=== ${name}"
  if "$@"; then
    echo "=== ${name}: ok"
    passed+=("${name}")
  else
    echo "=== ${name}: FAILED" >&2
    failed+=("${name}")
    return 1
  fi
}

join() {
  local IFS=','
  echo "$*"
}

summary() {
  if [[ ${#failed[@]} -gt 0 ]]; then
    local ok
    ok="$(join "${passed[@]}")"
    echo "test.sh: FAILED: $(join "${failed[@]}") (passed: ${ok:-none})"
    exit 1
  fi
  echo "test.sh: PASSED: $(join "${passed[@]}")"
}

check_format() {
  local files=() unformatted=() file
  mapfile -t files < <(git ls-files -- '*.cpp' '*.hpp')
  for file in "${files[@]}"; do
    [[ -f "${file}" ]] || continue  # tracked but deleted in the working tree
    if ! clang-format --dry-run --Werror "${file}" >/dev/null 2>&1; then
      unformatted+=("${file}")
    fi
  done
  if [[ ${#unformatted[@]} -gt 0 ]]; then
    echo "Not clang-formatted (fix with: clang-format -i FILE...):" >&2
    printf '  %s\n' "${unformatted[@]}" >&2
    return 1
  fi
  echo "${#files[@]} tracked *.cpp/*.hpp files are clang-formatted"
}

run_ctest_release() {
  (cd build/release && ctest --output-on-failure --no-tests=error -j"${jobs}")
}

# Tests labelled "slow" (ctest LABELS property) are excluded here with -LE slow: under
# the sanitizers they take too long, so they run in the release build only.
run_ctest_sanitize() {
  (cd build/sanitize &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      ctest --output-on-failure --no-tests=error -j"${jobs}" -LE slow)
}

# The fuzz targets (fuzz/, scripts/fuzz.sh): replay every checked-in corpus (seeds
# and the inputs that once found bugs) and fuzz each target for a few seconds
# under ASan+UBSan. Self-contained: its own build (build/fuzz, clang).
run_fuzz_smoke() {
  bash scripts/fuzz.sh "${CRBENCH_FUZZ_SECONDS:-5}"
}

# Nothing else can run without the dependencies.
step "setup" bash scripts/setup.sh || summary

step "format" check_format || true
if step "build release" bash scripts/build.sh release; then
  step "test release" run_ctest_release || true
fi
if step "build sanitize" bash scripts/build.sh sanitize; then
  step "test sanitize" run_ctest_sanitize || true
fi
step "fuzz smoke" run_fuzz_smoke || true
summary
