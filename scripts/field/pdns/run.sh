#!/bin/sh
# Re-run the field-corpus scan for pdns. Usage: ./run.sh /path/to/riskgate [out.json]
set -u
BIN="${1:?usage: run.sh RISKGATE_BINARY [OUT_JSON]}"
OUT="${2:-/tmp/field/pdns/riskgate.json}"
cd /tmp/field/pdns
"$BIN" scan -p /tmp/field/pdns --format json -o "$OUT" --no-cache -j 1 --fail-on none --stats
