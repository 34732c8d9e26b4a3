#!/usr/bin/env bash
# Packages a built riskgate (cmake --install of BUILD_DIR) as the two release artifacts:
#
#   riskgate_<version>_amd64.deb           Debian 12: depends on Debian's LLVM/Clang 19
#                                          runtime and builtin headers (apt-get install ./x.deb)
#   riskgate-<version>-linux-x86_64.tar.gz self-contained: the binary, every shared library
#                                          it needs but glibc's, Clang's builtin headers, all
#                                          found relative to the binary ($ORIGIN RPATH)
#
# usage: scripts/package.sh BUILD_DIR OUT_DIR [deb|tar|both]
# Reproducible as far as the inputs are: every file's time is SOURCE_DATE_EPOCH (default: the
# commit's time), owners are root, archive members are sorted, gzip stores no name or time.
# Needs dpkg-deb and patchelf (scripts/setup.sh installs them).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:?usage: package.sh BUILD_DIR OUT_DIR [deb|tar|both]}" && pwd)"
mkdir -p "${2:?usage: package.sh BUILD_DIR OUT_DIR [deb|tar|both]}"
out="$(cd "$2" && pwd)"
what="${3:-both}"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")"
[ -n "$version" ] || { echo "package: $build/CMakeCache.txt names no project version" >&2; exit 2; }
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct 2>/dev/null || echo 0)}"
for tool in dpkg-deb patchelf; do
  command -v "$tool" >/dev/null || { echo "package: $tool is missing (scripts/setup.sh)" >&2; exit 2; }
done
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

# Every file's time and mode the same on every run.
normalize() {
  find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  chmod -R u+rwX,go+rX,go-w "$1"
}
reproducible_tar() { # DIR NAME OUT
  tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
      -C "$1" -cf - "$2" | gzip -n -6 > "$3"
}

if [ "$what" = deb ] || [ "$what" = both ]; then
  echo "==> package: riskgate_${version}_amd64.deb"
  root="$stage/deb"
  DESTDIR="$root" cmake --install "$build" --prefix /usr >/dev/null
  mkdir -p "$root/DEBIAN"
  size="$(du -sk --apparent-size --exclude=DEBIAN "$root" | cut -f1)" # not the disk's block size
  cat > "$root/DEBIAN/control" <<EOF
Package: riskgate
Version: $version
Architecture: amd64
Maintainer: riskgate developers <riskgate@example.com>
Installed-Size: $size
Depends: libc6, libstdc++6, libgcc-s1, libsqlite3-0, libllvm19, libclang-cpp19, libclang-common-19-dev, git
Section: devel
Priority: optional
Homepage: https://example.com/riskgate
Description: pre-deploy static risk analyzer for C and C++ data access
 riskgate scans the code a change touches for database queries in loops (N+1), writes in
 loops outside a transaction, missing indexes and other data-access patterns that turn a
 harmless-looking diff into a production incident, scores the change's risk and explains
 every point. It runs as a git pre-commit hook and as a pull-request check.
EOF
  normalize "$root"
  dpkg-deb --root-owner-group -Zxz --build "$root" "$out/riskgate_${version}_amd64.deb" >/dev/null
fi

if [ "$what" = tar ] || [ "$what" = both ]; then
  name="riskgate-$version-linux-x86_64"
  echo "==> package: $name.tar.gz"
  root="$stage/tar/$name"
  cmake --install "$build" --prefix "$root" >/dev/null
  mkdir -p "$root/lib/riskgate/clang"
  resource="$("$root/bin/riskgate" --version | sed -n 's/^builtin headers: //p')"
  [ -f "$resource/include/stddef.h" ] || { echo "package: no builtin headers at '$resource'" >&2; exit 2; }
  cp -r "$resource/include" "$root/lib/riskgate/clang/include"
  # Every library the binary loads, directly or through another, but glibc's own (the
  # target's glibc must be as recent as the build machine's: Debian 12's 2.36).
  ldd "$root/bin/riskgate" | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | while read -r lib; do
    case "$(basename "$lib")" in
      libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|ld-linux*|libresolv.so.*) ;;
      *) cp -L "$lib" "$root/lib/" ;;
    esac
  done
  # The binary finds them in ../lib and each library next to itself, as DT_RPATH (not
  # RUNPATH): searched before LD_LIBRARY_PATH, so a user's environment cannot swap in
  # another libxml2 or libicu under the bundled LLVM.
  patchelf --force-rpath --set-rpath '$ORIGIN/../lib' "$root/bin/riskgate"
  for lib in "$root"/lib/*.so*; do
    patchelf --force-rpath --set-rpath '$ORIGIN' "$lib"
  done
  normalize "$stage/tar"
  reproducible_tar "$stage/tar" "$name" "$out/$name.tar.gz"
fi
echo "==> package: done in $out"
