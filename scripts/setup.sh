#!/usr/bin/env bash
# Installs what riskgate needs on Debian 12 (bookworm). Idempotent: installs only what is
# missing. Extra packages may be named as arguments.
#
#   scripts/setup.sh            the developer's install: build, test (every rule pack's real
#                               headers: Qt 5 and 6, gRPC, SOCI...), fuzz, package
#   scripts/setup.sh --runtime  what running a built riskgate needs (LLVM/Clang 19 runtime,
#                               builtin headers, sqlite, git): for users and CI jobs that only
#                               run it, e.g. from the .deb's dependencies or a build artifact.
#                               The self-contained tarball needs nothing at all.
set -euo pipefail

if [ "${1:-}" = "--runtime" ]; then
  shift
  packages=(libllvm19 libclang-cpp19 libclang-common-19-dev libsqlite3-0 git "$@")
else
packages=(
  cmake ninja-build g++ git python3
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19   # clang-19: builtin headers
  sqlite3 libsqlite3-dev libgtest-dev
  libpq-dev                                                 # rule pack tests and the demo
  python3-jsonschema                                        # SARIF schema validation in tests
  python3-yaml                                              # the CI examples run as written (tests)
  pre-commit                                                # the pre-commit framework hook's test
  libsqlitecpp-dev libmariadb-dev unixodbc-dev libhiredis-dev libcurl4-openssl-dev libpqxx-dev
  libsoci-dev libmysqlcppconn-dev qtbase5-dev qt6-base-dev                 # packs' tests
  libpoco-dev libcppdb-dev libmemcached-dev                 # packs' tests: Poco::Data, CppDB, memcached
  libclang-rt-19-dev                                        # libFuzzer (scripts/fuzz.sh)
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc    # gRPC pack: a stub generated at build time
  patchelf curl                                             # scripts/package.sh, install-release.sh
  bazel-bootstrap                                           # the Bazel aspect's test (integrations/bazel)
  "$@"
)
fi

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
