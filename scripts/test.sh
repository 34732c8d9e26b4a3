#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
echo "==> test: running the suite with ctest"
ctest --test-dir "${RISKGATE_BUILD_DIR:-build}" --output-on-failure -j 2

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer (skip with
# RISKGATE_NO_SANITIZE=1 for a quick local run).
if [ -z "${RISKGATE_NO_SANITIZE:-}" ]; then
  echo "==> test: building the sanitizer (ASan+UBSan) build in build-asan"
  RISKGATE_BUILD_DIR=build-asan scripts/build.sh -DCMAKE_BUILD_TYPE=Debug -DRISKGATE_SANITIZE=ON
  echo "==> test: running the suite under ASan+UBSan"
  ctest --test-dir build-asan --output-on-failure -j 2
fi

# Every libFuzzer target for a short while (docs/security.md); RISKGATE_FUZZ_SECONDS=0 skips.
fuzz_seconds="${RISKGATE_FUZZ_SECONDS:-20}"
if [ "$fuzz_seconds" != 0 ]; then
  echo "==> test: fuzzing each target for ${fuzz_seconds}s (build-fuzz)"
  scripts/fuzz.sh all "$fuzz_seconds"
fi
