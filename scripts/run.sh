#!/usr/bin/env bash
# The README's first command: installs what is missing, builds (Release) and runs
# the default leaderboards (the bundled MovieLens log, then simulated worlds with
# stationary and sudden drift), written to reports/<name>/.
#   scripts/run.sh [extra crbench run options, e.g. --threads 1]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/setup.sh
bash scripts/build.sh release

data_dir="$root/../shared/datasets/ml-latest-small"
if [ ! -f "$data_dir/ratings.csv" ]; then
  echo "run.sh: the bundled log is missing: $data_dir/ratings.csv (shared/ must sit beside the checkout)" >&2
  exit 1
fi

# One leaderboard per config: the bundled log, then simulated worlds with drift.
run_board() {
  local name="$1" title="$2" licence="$3"
  shift 3
  local out="reports/$name"
  mkdir -p "$out"
  rm -f "$out/results.csv"  # a fresh leaderboard; crbench run skips jobs already present
  local start end
  start=$(date +%s)
  ./build/release/crbench run --config "bench/configs/$name.ini" --results "$out/results.csv" \
    "$@" | tee "$out/leaderboard.md.tmp"
  end=$(date +%s)
  {
    echo "# Leaderboard: $title"
    echo
    echo "Made by \`scripts/run.sh\` ($(date -u +%Y-%m-%d), $((end - start)) s on $(nproc) cores);"
    echo "settings: bench/configs/$name.ini. Per-period rows: results.csv."
    if [ -n "$licence" ]; then echo "$licence"; fi
    echo
    cat "$out/leaderboard.md.tmp"
  } > "$out/leaderboard.md"
  rm -f "$out/leaderboard.md.tmp"
  echo "run.sh: wrote $out/leaderboard.md and $out/results.csv in $((end - start)) s"
}

start_all=$(date +%s)
run_board ml-latest-small "ml-latest-small (bundled MovieLens log)" \
  "Derived from MovieLens ml-latest-small (GroupLens; Harper & Konstan 2015): research use
only, no commercial use, redistributed under the same terms." \
  --data "$data_dir/ratings.csv" --genres "$data_dir/movies.csv" "$@"
run_board sim-stationary "simulated world, stationary scenario" "" "$@"
run_board sim-sudden "simulated world, sudden drift at period 16" "" "$@"
echo "run.sh: all leaderboards in $(( $(date +%s) - start_all )) s"
