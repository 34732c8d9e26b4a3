#!/usr/bin/env bash
# The README's demo command. Re-enacts the incident riskgate exists to prevent: a small
# notification service in a throwaway git repository, a change that looks harmless, and
# riskgate's report and verdict on it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ -z "${RISKGATE_BIN:-}" ]; then   # the test suite passes its own build
  scripts/setup.sh
  scripts/build.sh
fi
riskgate="${RISKGATE_BIN:-$root/${RISKGATE_BUILD_DIR:-build}/riskgate}"

work="$(mktemp -d "${TMPDIR:-/tmp}/riskgate-demo-XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "==> demo: creating a throwaway repository in $work"
cp -r testdata/demo/notifications/. "$work/"
cd "$work"
git init -q -b main
git -c user.name=demo -c user.email=demo@example.com add -A
git -c user.name=demo -c user.email=demo@example.com commit -q -m "notifications: digest with a warmed name cache"

echo "==> demo: applying the change under review: \"read display names fresh, the cache goes stale\""
git apply "$root/testdata/demo/incident.patch"
git --no-pager diff --stat
git -c user.name=demo -c user.email=demo@example.com commit -q -am "user_repository: read display names fresh"

# A compile database, as CMake or bear would write it.
pq_include="$(pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)"
mkdir -p build
{
  echo "["
  first=1
  for f in src/*.cpp; do
    [ $first = 1 ] || echo ","
    first=0
    printf '  {"directory": "%s/build", "file": "../%s", "arguments": ["c++", "-std=c++17", "-I../include", "-I%s", "-c", "../%s"]}' \
      "$work" "$f" "$pq_include" "$f"
  done
  echo
  echo "]"
} > build/compile_commands.json

echo "==> demo: riskgate diff --base HEAD~1   (what a pull-request check runs)"
echo
set +e
"$riskgate" diff --base HEAD~1 --quiet
status=$?
set -e
echo
case $status in
  1) echo "==> demo: verdict: the gate FAILED (exit 1). This change would be blocked before deploy:"
     echo "    the loop in NotificationService::sendDigest did not change, but the helper the"
     echo "    change touched now runs a query per notification: an introduced N+1." ;;
  0) echo "==> demo: verdict: the gate passed (exit 0): unexpected for this change"; exit 1 ;;
  *) echo "==> demo: riskgate could not do its job (exit $status)"; exit "$status" ;;
esac
