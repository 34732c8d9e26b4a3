#!/usr/bin/env bash
# Measures the distributed pipeline's cost model on generated projects of several sizes:
# riskgate extract (per unit, one process per shard), the facts it writes (bytes per unit),
# and riskgate analyze over all of them (wall time, peak memory, functions and call edges),
# beside a one-machine scan of the same project and a check that analyze reports what the
# scan reports, byte for byte. docs/scaling.md keeps the table and the projection.
# Usage: scripts/bench-scale.sh [SIZES (default "120 1000 5000")] [SHARDS (default: cores)]
#        [libpq|qt]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sizes="${1:-120 1000 5000}"
shards="${2:-$(nproc)}"
flavor="${3:-libpq}"
cd "$root"
scripts/setup.sh time bc >/dev/null
# RISKGATE=path: measure that binary (no build).
if [ -z "${RISKGATE:-}" ]; then
  scripts/build.sh >/dev/null
fi
riskgate="${RISKGATE:-$root/${RISKGATE_BUILD_DIR:-build}/riskgate}"
work="$(mktemp -d "${TMPDIR:-/tmp}/riskgate-scale-XXXXXX")"
trap 'rm -rf "$work"' EXIT
pq_include="$(pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)"
echo "==> bench-scale: sizes $sizes, $shards shards at once, $(nproc) cores, $flavor units"
echo "    $(date -u +%Y-%m-%dT%H:%MZ), riskgate $(git rev-parse --short HEAD 2>/dev/null || echo '?')"

# Runs a command under GNU time: sets wall (s) and rss (MiB, the peak of the process).
timed() {
  local log="$work/time.log"
  /usr/bin/time -f '%e %M' -o "$log" "$@" >/dev/null 2>"$work/err.log" || {
    local rc=$?
    [ "$rc" -le 1 ] || { cat "$work/err.log" >&2; return "$rc"; }
  }
  read -r wall kib <"$log"
  rss=$((kib / 1024))
}

printf '%7s %9s %9s %9s %9s %9s %8s %9s %8s %9s %7s\n' units "scan s" "extr s" \
  "s/unit" "facts" "B/unit" "anlz s" "anlz MiB" "fns" "edges" same
for n in $sizes; do
  proj="$work/p$n"
  python3 scripts/gen-project.py "$proj" "$n" "$pq_include" "$flavor" >/dev/null
  cd "$proj"
  timed "$riskgate" scan -p build --no-cache --quiet -j "$(nproc)" --fail-on none --format json
  scan=$wall
  "$riskgate" scan -p build --no-cache --quiet -j "$(nproc)" --fail-on none --format json \
    >"$work/scan.json" 2>/dev/null || true
  # The shards at once, one process each (-j 1), as separate CI jobs or build actions.
  t0=$(date +%s.%N)
  pids=()
  for ((i = 1; i <= shards; i++)); do
    "$riskgate" extract -q -j 1 -p build --shard "$i/$shards" --output-dir "$work/f$n/s$i" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  t1=$(date +%s.%N)
  extract=$(echo "$t1 - $t0" | bc -l)
  per_unit=$(echo "$extract * $shards / $n" | bc -l)
  bytes=$(du -sb "$work/f$n" | cut -f1)
  timed "$riskgate" analyze "$work/f$n" --fail-on none --format json
  analyze=$wall
  analyze_rss=$rss
  "$riskgate" analyze "$work/f$n" --fail-on none --format json >"$work/analyze.json" 2>/dev/null || true
  same=no
  cmp -s "$work/scan.json" "$work/analyze.json" && same=yes
  stats=$("$riskgate" analyze "$work/f$n" --fail-on none --stats 2>&1 >/dev/null || true)
  fns=$(echo "$stats" | sed -n 's/^ *functions: *\([0-9]*\).*/\1/p' | head -1)
  edges=$(echo "$stats" | sed -n 's/^ *call edges: *\([0-9]*\).*/\1/p' | head -1)
  printf '%7s %9.1f %9.1f %9.3f %8.1fM %9d %8.2f %9d %8s %9s %7s\n' "$n" "$scan" "$extract" \
    "$per_unit" "$(echo "$bytes / 1048576" | bc -l)" "$((bytes / n))" "$analyze" "$analyze_rss" \
    "${fns:-?}" "${edges:-?}" "$same"
  cd "$root"
  rm -rf "$proj" "$work/f$n"
done
echo "extr s: wall time of $shards concurrent shards; s/unit: CPU-seconds of extraction per unit"
echo "same: analyze's JSON report equals the one-machine scan's, byte for byte"
