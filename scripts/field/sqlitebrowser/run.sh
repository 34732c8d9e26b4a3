#!/bin/sh
# Re-run the riskgate field scan. Usage: run.sh /path/to/riskgate [out.json]
set -u
RG=${1:?usage: run.sh RISKGATE_BINARY [OUT_JSON]}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${2:-$HERE/riskgate.json}
"$RG" scan -p "$HERE" --format json -o "$OUT" --no-cache -j 1 --fail-on none --quiet
echo "exit=$? json=$OUT"
