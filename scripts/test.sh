#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
echo "==> test: running the suite with ctest"
ctest --test-dir "${RISKGATE_BUILD_DIR:-build}" --output-on-failure -j 2
