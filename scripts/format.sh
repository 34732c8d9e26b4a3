#!/usr/bin/env bash
# Formats the C++ sources with the repository's .clang-format (testdata is left as
# written: its inline expectations sit on exact lines). --check reports without changing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh clang-format-19 >/dev/null
files=$(git ls-files 'analyzer/*.cpp' 'analyzer/*.h' 'tests/*.cpp' 'tests/*.h')
if [ "${1:-}" = "--check" ]; then
  clang-format-19 --dry-run --Werror $files && echo "==> format: clean"
else
  clang-format-19 -i $files && echo "==> format: done"
fi
