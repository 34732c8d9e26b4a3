#!/usr/bin/env bash
# riskgate as a pull-request check: the script behind action.yml, runnable anywhere.
#
# Environment (all optional):
#   RISKGATE_BIN        the riskgate binary (default: build/riskgate next to this script)
#   RISKGATE_BASE       the pull request's base (sha or ref); default origin/$GITHUB_BASE_REF
#   RISKGATE_BUILD_DIR_ARG  the directory of compile_commands.json (riskgate -p)
#   RISKGATE_FAIL_ON    the gate (default high)
#   RISKGATE_UNTRUSTED  "true" for code from a fork: riskgate --untrusted
#   RISKGATE_SARIF      where to write SARIF (default riskgate.sarif)
#   GITHUB_STEP_SUMMARY, GITHUB_OUTPUT  set by GitHub Actions
# Exit code: riskgate's (0 below the gate, 1 the gate tripped, 2 could not run).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${RISKGATE_BIN:-$here/../build/riskgate}"
base="${RISKGATE_BASE:-origin/${GITHUB_BASE_REF:-main}}"
sarif="${RISKGATE_SARIF:-riskgate.sarif}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
output="${GITHUB_OUTPUT:-/dev/null}"

merge_base="$(git merge-base "$base" HEAD)" || {
  echo "::error title=riskgate::cannot find the merge base of $base and HEAD (fetch with fetch-depth: 0)"
  echo "exit-code=2" >> "$output"
  exit 2
}
args=(diff --base "$merge_base" --quiet --fail-on "${RISKGATE_FAIL_ON:-high}")
[ -n "${RISKGATE_BUILD_DIR_ARG:-}" ] && args+=(-p "$RISKGATE_BUILD_DIR_ARG")
[ "${RISKGATE_UNTRUSTED:-false}" = "true" ] && args+=(--untrusted)

# 1. The report in the log. It quotes source lines of the pull request: stop workflow
#    commands while it prints, so that the code under review cannot inject any.
#    Everything riskgate writes on stderr (warnings quote schema files and SQL) goes inside
#    such a block too.
token="riskgate-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
echo "::stop-commands::$token"
"$bin" "${args[@]}" --no-color 2>&1
status=$?
echo "::$token::"

if [ "$status" -le 1 ]; then
  errs="$(mktemp)"
  # 2. The job summary (GitHub takes at most 1 MiB per step).
  # (these runs repeat the verdict; their exit codes are the one above)
  "$bin" "${args[@]}" --format markdown 2>>"$errs" | head -c 1000000 >> "$summary"
  # 3. Annotations on the introduced findings (the fact index makes these runs cheap); the
  #    only output meant as workflow commands, each escaped by riskgate.
  "$bin" "${args[@]}" --format github 2>>"$errs"
  # 4. SARIF for github/codeql-action/upload-sarif.
  "$bin" "${args[@]}" --format sarif -o "$sarif" 2>>"$errs"
  echo "sarif=$sarif" >> "$output"
  if [ -s "$errs" ]; then
    echo "::stop-commands::$token"
    cat "$errs"
    echo "::$token::"
  fi
  rm -f "$errs"
fi
echo "exit-code=$status" >> "$output"
exit "$status"
