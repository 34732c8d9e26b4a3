#!/usr/bin/env bash
# Installs a released riskgate (the self-contained tarball) into DEST and prints the path of
# its binary. What the GitHub Action runs; usable anywhere with curl, sha256sum and tar.
#
# usage: scripts/install-release.sh VERSION DEST
# Environment:
#   RISKGATE_RELEASE_URL  where the release's files are (default: the GitHub release
#                         https://github.com/$RISKGATE_REPO/releases/download/v$VERSION);
#                         file:// URLs work, for a mirror or a test
#   RISKGATE_REPO         owner/name on GitHub (default: your-org/riskgate)
#   RISKGATE_SHA256       the tarball's SHA-256, pinned by the caller; without it the
#                         release's SHA256SUMS is trusted
# Exit code: 0 installed, 2 anything else (download, checksum, archive), with one line why.
set -euo pipefail
version="${1:?usage: install-release.sh VERSION DEST}"
dest="${2:?usage: install-release.sh VERSION DEST}"
base="${RISKGATE_RELEASE_URL:-https://github.com/${RISKGATE_REPO:-your-org/riskgate}/releases/download/v$version}"
name="riskgate-$version-linux-x86_64"
fail() { echo "install-release: $*" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
curl -fsSL --retry 3 -o "$work/$name.tar.gz" "$base/$name.tar.gz" ||
  fail "cannot download $base/$name.tar.gz"
if [ -n "${RISKGATE_SHA256:-}" ]; then
  want="$RISKGATE_SHA256"
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
