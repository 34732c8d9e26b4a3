#!/usr/bin/env bash
# Installs a released riskgate (the self-contained tarball) into DEST and prints the path of
# its binary. What the GitHub Action runs; usable anywhere with curl, sha256sum and tar.
#
# usage: scripts/install-release.sh VERSION DEST
# Environment:
#   RISKGATE_RELEASE_URL  where the release's files are (default: the GitHub release
#                         https://github.com/$RISKGATE_REPO/releases/download/v$VERSION);
#                         file:// URLs work, for a mirror or a test
#   RISKGATE_REPO         owner/name on GitHub (required without RISKGATE_RELEASE_URL)
#   RISKGATE_SHA256       the tarball's SHA-256, pinned by the caller
# The expected SHA-256 is, in order: RISKGATE_SHA256; the line for the tarball in
# RELEASE-SHA256SUMS next to this script's repository (the sums committed with each
# release, so a pinned action vouches for what it installs); else the release's own
# SHA256SUMS, which only protects against a corrupted download.
# Exit code: 0 installed, 2 anything else (download, checksum, archive), with one line why.
set -euo pipefail
version="${1:?usage: install-release.sh VERSION DEST}"
dest="${2:?usage: install-release.sh VERSION DEST}"
name="riskgate-$version-linux-x86_64"
fail() { echo "install-release: $*" >&2; exit 2; }
if [ -z "${RISKGATE_RELEASE_URL:-}" ] && [ -z "${RISKGATE_REPO:-}" ]; then
  fail "say where the release is: RISKGATE_REPO=owner/name (or RISKGATE_RELEASE_URL)"
fi
base="${RISKGATE_RELEASE_URL:-https://github.com/${RISKGATE_REPO:-}/releases/download/v$version}"
pinned="$(cd "$(dirname "$0")/.." && pwd)/RELEASE-SHA256SUMS"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
curl -fsSL --retry 3 -o "$work/$name.tar.gz" "$base/$name.tar.gz" ||
  fail "cannot download $base/$name.tar.gz"
if [ -n "${RISKGATE_SHA256:-}" ]; then
  want="$RISKGATE_SHA256"
elif [ -f "$pinned" ] && grep -q " \*\?$name.tar.gz\$" "$pinned"; then
  want="$(awk -v f="$name.tar.gz" '$2 == f || $2 == "*" f {print $1}' "$pinned" | head -1)"
else
  curl -fsSL --retry 3 -o "$work/SHA256SUMS" "$base/SHA256SUMS" ||
    fail "cannot download $base/SHA256SUMS"
  want="$(awk -v f="$name.tar.gz" '$2 == f || $2 == "*" f {print $1}' "$work/SHA256SUMS")"
  [ -n "$want" ] || fail "SHA256SUMS of $version lists no $name.tar.gz"
fi
got="$(sha256sum "$work/$name.tar.gz" | cut -d' ' -f1)"
[ "$got" = "$want" ] || fail "checksum mismatch for $name.tar.gz: expected $want, got $got"
mkdir -p "$dest"
tar -xzf "$work/$name.tar.gz" -C "$dest" || fail "cannot unpack $name.tar.gz into $dest"
"$dest/$name/bin/riskgate" --version >/dev/null || fail "the installed riskgate does not run"
echo "$dest/$name/bin/riskgate"
