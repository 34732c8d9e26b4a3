#!/usr/bin/env bash
# Builds a release: the Debian package, the self-contained tarball, SHA256SUMS and the
# release notes (the version's section of CHANGELOG.md), in dist/VERSION/.
#
# usage: scripts/release.sh VERSION
# VERSION must be the project's version (CMakeLists.txt) and have a CHANGELOG.md section.
#
# Reproducible: the build names no folder of the build machine (-ffile-prefix-map), every
# archived file's time is the commit's (SOURCE_DATE_EPOCH), owners are root and members are
# sorted, gzip stores no name or time. The same commit built with the same Debian packages
# (compiler, LLVM 19, libraries) gives the same bytes; a different compiler or library
# version gives a different binary, and the tarball bundles the build machine's libraries.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:?usage: scripts/release.sh VERSION}"
project="$(sed -n 's/^project(riskgate VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)"
[ "$version" = "$project" ] || { echo "release: VERSION $version is not the project's ($project in CMakeLists.txt)" >&2; exit 2; }
notes="$(awk -v v="## $version" '$0 == v {on = 1; next} on && /^## / {exit} on {print}' CHANGELOG.md)"
[ -n "$notes" ] || { echo "release: CHANGELOG.md has no '## $version' section" >&2; exit 2; }
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "release: the tree has uncommitted changes; a release is built from a commit" >&2
  exit 2
fi
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}"
build="${RISKGATE_RELEASE_BUILD_DIR:-build-release}"
rm -rf "$build" # a fresh build: nothing cached from another configuration
out="dist/$version"
echo "==> release $version: building in $build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRISKGATE_TESTS=OFF >/dev/null
cmake --build "$build"
rm -rf "$out"
mkdir -p "$out"
scripts/package.sh "$build" "$out" both
( cd "$out" && sha256sum -- *.deb *.tar.gz > SHA256SUMS )
# The action pins what it installs to the sums committed in its own repository: add them
# to RELEASE-SHA256SUMS and commit that with the release tag.
grep -v -F -e "riskgate_${version}_" -e "riskgate-${version}-" RELEASE-SHA256SUMS 2>/dev/null > "$out/pinned" || true
cat "$out/SHA256SUMS" >> "$out/pinned"
mv "$out/pinned" RELEASE-SHA256SUMS
{ echo "# riskgate $version"; echo; echo "$notes" | sed '/./,$!d'; echo; echo '```'; cat "$out/SHA256SUMS"; echo '```'; } > "$out/release-notes.md"
echo "==> release $version: $out"
ls -l "$out"
