#!/usr/bin/env bash
# Configures and builds riskgate in ./build (or $RISKGATE_BUILD_DIR). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${RISKGATE_BUILD_DIR:-build}"
if [ ! -f "$build/build.ninja" ]; then
  echo "==> build: configuring $build"
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
fi
echo "==> build: compiling (2 cores: a clean build takes a few minutes)"
cmake --build "$build"
echo "==> build: $build/riskgate"
