#!/usr/bin/env bash
# Installs what riskgate needs to build, test and run its demo on Debian 12 (bookworm).
# Idempotent: installs only what is missing. Extra packages may be named as arguments.
set -euo pipefail

packages=(
  cmake ninja-build g++ git python3
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19   # clang-19: builtin headers
  sqlite3 libsqlite3-dev libgtest-dev
  libpq-dev                                                 # rule pack tests and the demo
  python3-jsonschema                                        # SARIF schema validation in tests
  pre-commit                                                # the pre-commit framework hook's test
  libsqlitecpp-dev libmariadb-dev unixodbc-dev libhiredis-dev libcurl4-openssl-dev libpqxx-dev
  libsoci-dev libmysqlcppconn-dev qtbase5-dev qt6-base-dev                 # packs' tests
  libpoco-dev libcppdb-dev libmemcached-dev                 # packs' tests: Poco::Data, CppDB, memcached
  libclang-rt-19-dev                                        # libFuzzer (scripts/fuzz.sh)
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc    # gRPC pack: a stub generated at build time
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "==> setup: all packages present"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "==> setup: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "==> setup: done"
