#!/usr/bin/env bash
# The README's first command: installs what is missing, builds (Release) and runs
# the default leaderboard on the bundled MovieLens log, written to reports/.
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

out="reports/ml-latest-small"
mkdir -p "$out"
rm -f "$out/results.csv"  # a fresh leaderboard; crbench run would skip jobs already present
start=$(date +%s)
./build/release/crbench run --config bench/configs/ml-latest-small.ini \
  --data "$data_dir/ratings.csv" --genres "$data_dir/movies.csv" \
  --results "$out/results.csv" "$@" | tee "$out/leaderboard.md.tmp"
end=$(date +%s)
{
  echo "# Leaderboard: ml-latest-small (bundled MovieLens log)"
  echo
  echo "Made by \`scripts/run.sh\` ($(date -u +%Y-%m-%d), $((end - start)) s on $(nproc) cores);"
  echo "settings: bench/configs/ml-latest-small.ini. Per-period rows: results.csv."
  echo "Derived from MovieLens ml-latest-small (GroupLens; Harper & Konstan 2015):"
  echo "research use only, no commercial use, redistributed under the same terms."
  echo
  cat "$out/leaderboard.md.tmp"
} > "$out/leaderboard.md"
rm -f "$out/leaderboard.md.tmp"
echo "run.sh: wrote $out/leaderboard.md and $out/results.csv in $((end - start)) s"
