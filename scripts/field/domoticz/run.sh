#!/bin/sh
# Re-run the field-corpus scan for domoticz. Usage: ./run.sh /path/to/riskgate [out.json]
set -u
BIN="${1:?usage: run.sh RISKGATE_BINARY [OUT_JSON]}"
OUT="${2:-/tmp/field/domoticz/riskgate.json}"
cd /tmp/field/domoticz
"$BIN" scan -p /tmp/field/domoticz --format json -o "$OUT" --no-cache -j 1 --fail-on none --stats
