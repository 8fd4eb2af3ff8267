#!/usr/bin/env bash
# The README's first command: installs what is missing, builds (Release), runs
# the default grid (bench/grids/default.ini: the bundled MovieLens log and
# simulated worlds with stationary, sudden and incremental drift x every
# registered method x 3 seeds) and writes reports/default/: results.csv and, per
# stream, leaderboard.md / .csv / .json / .html, per_period.csv / .json and
# settings.json, across streams ranking.md / .csv, critical_difference.svg and
# index.html; then regenerates README.md's tables from them.
#   scripts/run.sh [extra crbench run options, e.g. --threads 1 or --seeds 1]
#   CRBENCH_RESUME=1 scripts/run.sh   continues an interrupted run (finished jobs
#                                     are skipped) instead of starting afresh
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

out="reports/default"
mkdir -p "$out"
if [ "${CRBENCH_RESUME:-0}" != 1 ]; then
  rm -rf "${out:?}"/*  # a fresh leaderboard: crbench run would skip jobs already present
fi
start=$(date +%s)
status=0
# The run's own tables go to the build folder: the committed leaderboards are the
# ones `crbench leaderboard` makes from results.csv (a copy here went stale when
# rows were re-run).
run_log="build/release/default-run.md"
./build/release/crbench run --config bench/grids/default.ini --results "$out/results.csv" "$@" \
  > "$run_log" || status=$?
seconds=$(( $(date +%s) - start ))
./build/release/crbench leaderboard --results "$out/results.csv" --out "$out"
python="$(command -v /usr/bin/python3 || command -v python3)"
"$python" scripts/readme_tables.py --readme README.md --reports "$out"
{
  echo "# Default leaderboards"
  echo
  echo "Made by \`scripts/run.sh\` ($(date -u +%Y-%m-%d), grid run in ${seconds} s on $(nproc) cores)"
  echo "from bench/grids/default.ini; one directory per stream (leaderboard.md, .csv, .json,"
  echo ".html; per_period.csv, .json; settings.json); across streams: index.html, ranking.md,"
  echo "ranking.csv, critical_difference.svg; every job's per-period rows: results.csv, and"
  echo "the run's date, commit and machine: results.runs.csv. README.md's tables are"
  echo "generated from these files (scripts/readme_tables.py)."
  echo
  echo "ml-latest-small/ is derived from MovieLens ml-latest-small (GroupLens; Harper & Konstan"
  echo "2015): research use only, no commercial use, redistributed under the same terms."
} > "$out/README.md"
echo "run.sh: wrote $out/ (grid run in ${seconds} s)"
if [ "$status" -ne 0 ]; then
  echo "run.sh: crbench run exited with $status (some jobs failed; see $run_log and the leaderboards)" >&2
  exit "$status"
fi
