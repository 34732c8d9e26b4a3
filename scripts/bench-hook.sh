#!/usr/bin/env bash
# Benchmarks the pre-commit hook's job: `riskgate diff --staged` on a one-line change in a
# warm repository of UNITS translation units (default 120), against a clang-check of the
# one changed unit (the floor for any tool that parses what changed). Each run pairs the
# two on the same change; the ratio reported is the median of the runs' ratios.
# Usage: scripts/bench-hook.sh [UNITS] [RUNS (default 5)] [libpq|qt|pqxx]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
units="${1:-120}"
runs="${2:-5}"
flavor="${3:-libpq}"
cd "$root"
scripts/setup.sh clang-tools-19 bc
scripts/build.sh >/dev/null
riskgate="$root/${RISKGATE_BUILD_DIR:-build}/riskgate"
work="$(mktemp -d "${TMPDIR:-/tmp}/riskgate-bench-hook-XXXXXX")"
trap 'rm -rf "$work"' EXIT
pq_include="$(pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)"
python3 scripts/gen-project.py "$work/repo" "$units" "$pq_include" "$flavor"
cd "$work/repo"
echo "build/" > .gitignore
git init -q -b main
git add -A
git -c user.name=bench -c user.email=bench@example.com commit -q -m base
echo "==> bench-hook: warming the fact index ($units $flavor units)"
"$riskgate" scan -p build --quiet --fail-on none >/dev/null

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
times_hook=() times_check=() ratios=()
for ((r = 0; r < runs; r++)); do
  # A one-line change to one unit, staged.
  sed -i "s/return [0-9]*; }/return $((r + 1)); }/" src/unit7.cpp
  git add src/unit7.cpp
  t0=$(date +%s.%N)
  "$riskgate" diff --staged -p build --quiet --fail-on none --stats >/dev/null 2>"$work/stats"
  t1=$(date +%s.%N)
  clang-check-19 -p build src/unit7.cpp >/dev/null 2>&1 || true
  t2=$(date +%s.%N)
  times_hook+=("$(echo "$t1 - $t0" | bc -l)")
  times_check+=("$(echo "$t2 - $t1" | bc -l)")
  ratios+=("$(echo "($t1 - $t0) / ($t2 - $t1)" | bc -l)")
  git -c user.name=bench -c user.email=bench@example.com commit -q -m "change $r"
done
hook=$(printf '%s\n' "${times_hook[@]}" | median)
check=$(printf '%s\n' "${times_check[@]}" | median)
ratio=$(printf '%s\n' "${ratios[@]}" | median)
echo "median of $runs runs, $(nproc) cores, riskgate $(git -C "$root" rev-parse --short HEAD)"
printf '%-48s %8.3fs\n' "riskgate diff --staged (one-line change, warm)" "$hook"
printf '%-48s %8.3fs\n' "clang-check of the changed unit" "$check"
grep -E '^  units:' "$work/stats" | sed 's/^  /riskgate /'
printf 'ratio hook/clang-check(one unit): %.2f   (target <= 1.20)\n' "$ratio"
