#!/bin/sh
# Re-runs the field-corpus scan of one project: scripts/field/run.sh PROJECT RISKGATE [OUT_JSON]
# The project's tree and compile database live in /tmp/field/PROJECT (see README.md); the scan
# runs from there, so report paths are relative to the project (src/...) whoever starts it.
set -u
P="${1:?usage: run.sh PROJECT RISKGATE [OUT_JSON]}"
RG="${2:?usage: run.sh PROJECT RISKGATE [OUT_JSON]}"
DIR="${RISKGATE_FIELD_DIR:-/tmp/field}/$P"
OUT="${3:-$DIR/riskgate.json}"
cd "$DIR" || exit 2
"$RG" scan -p "$DIR" --format json -o "$OUT" --no-cache -j 1 --fail-on none --stats
