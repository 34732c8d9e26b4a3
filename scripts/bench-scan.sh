#!/usr/bin/env bash
# Benchmarks riskgate's scan against clang-check (a LibTooling tool that only parses) and
# clang-tidy with one cheap check, over the same compile database of a generated project,
# in one run on one machine. Prints times and the ratios that matter:
#   cold riskgate -j1 / clang-check, clang-tidy / clang-check, -j speed-up, warm / cold.
# Usage: scripts/bench-scan.sh [UNITS (default 120)] [RUNS (default 3, median of)] [libpq|qt|pqxx]
# (qt: header-heavy units that include Qt 6's Core, Sql and Widgets headers; pqxx: units
# that include libpqxx.)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
units="${1:-120}"
runs="${2:-3}"
flavor="${3:-libpq}"
cd "$root"
scripts/setup.sh clang-tools-19 clang-tidy-19
scripts/build.sh >/dev/null
riskgate="$root/${RISKGATE_BUILD_DIR:-build}/riskgate"
jobs="$(nproc)"

work="$(mktemp -d "${TMPDIR:-/tmp}/riskgate-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT
pq_include="$(pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)"
python3 scripts/gen-project.py "$work" "$units" "$pq_include" "$flavor"
cd "$work"
mapfile -t files < <(python3 -c 'import json;[print(e["file"]) for e in json.load(open("build/compile_commands.json"))]')
echo "==> bench: $units $flavor translation units, median of $runs runs, $jobs cores"

# Median wall time of RUNS runs of a command, in seconds.
measure() {
  local t0 t1 times=()
  for ((r = 0; r < runs; r++)); do
    [ -n "${BENCH_BEFORE:-}" ] && eval "$BENCH_BEFORE"
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

command -v bc >/dev/null || scripts/setup.sh bc
check=$(measure clang-check-19 -p build "${files[@]}")
tidy=$(measure clang-tidy-19 -p build --checks='-*,misc-unused-alias-decls' "${files[@]}")
cold1=$(measure "$riskgate" scan -p build --no-cache --quiet -j 1 --fail-on none)
coldn=$(measure "$riskgate" scan -p build --no-cache --quiet -j "$jobs" --fail-on none)
BENCH_BEFORE="rm -rf build/.riskgate-cache; $riskgate scan -p build --quiet --fail-on none >/dev/null"
warm=$(measure "$riskgate" scan -p build --quiet -j "$jobs" --fail-on none)
unset BENCH_BEFORE

findings=$("$riskgate" scan -p build --no-cache --quiet --format json --fail-on none | grep -c '"rule"' || true)
# The same report with every unit parsed on its own (docs/performance.md, shared prefixes),
# and how many units the scan parsed over a shared prefix.
"$riskgate" scan -p build --no-cache --quiet -j "$jobs" --format json --fail-on none >"$work/shared.json"
RISKGATE_SHARE_PREFIXES=0 "$riskgate" scan -p build --no-cache --quiet -j "$jobs" --format json \
  --fail-on none >"$work/alone.json"
if cmp -s "$work/shared.json" "$work/alone.json"; then same=yes; else same="NO: the reports differ"; fi
shared=$("$riskgate" scan -p build --no-cache -j "$jobs" --stats --fail-on none -o /dev/null 2>&1 |
  sed -n 's/^ *shared prefixes: *//p')

# Peak memory (maximum resident set, MiB) of one process over the whole database: clang-check
# and riskgate -j 1 parse one unit at a time, so each peak is the largest unit's plus the tool.
command -v /usr/bin/time >/dev/null 2>&1 || scripts/setup.sh time
peak() { /usr/bin/time -f '%M' -o "$work/peak" "$@" >/dev/null 2>&1 || true; echo $(($(tail -n 1 "$work/peak") / 1024)); }
check_mib=$(peak clang-check-19 -p build "${files[@]}")
riskgate_mib=$(peak "$riskgate" scan -p build --no-cache --quiet -j 1 --fail-on none)
ratio() { printf '%.3f' "$(echo "$1 / $2" | bc -l)"; }
printf '%-36s %8.2fs\n' "clang-check (parse only)" "$check"
printf '%-36s %8.2fs\n' "clang-tidy, one check" "$tidy"
printf '%-36s %8.2fs\n' "riskgate scan, cold, -j 1" "$cold1"
printf '%-36s %8.2fs\n' "riskgate scan, cold, -j $jobs" "$coldn"
printf '%-36s %8.2fs\n' "riskgate scan, warm (nothing changed)" "$warm"
echo "findings: $findings; identical with every unit parsed on its own: $same"
echo "shared prefixes: $shared"
echo "ratio cold(-j 1)/clang-check:   $(ratio "$cold1" "$check")   (target <= 0.60 on Qt and pqxx units, < 1.0 on libpq)"
echo "ratio clang-tidy/clang-check:   $(ratio "$tidy" "$check")"
echo "speed-up -j $jobs vs -j 1:          $(ratio "$cold1" "$coldn")   (target >= 1.8 at -j 2)"
echo "ratio warm/cold(-j $jobs):          $(ratio "$warm" "$coldn")   (target < 0.05)"
echo "peak memory: clang-check ${check_mib} MiB, riskgate -j 1 ${riskgate_mib} MiB   (target: riskgate <= clang-check)"
