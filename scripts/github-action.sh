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
# Outputs (always written): exit-code, grade, score, sarif (empty when none was written),
# reason (why riskgate could not check the change, on exit 2).
# Exit code: riskgate's (0 below the gate, 1 the gate tripped, 2 could not run).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${RISKGATE_BIN:-$here/../build/riskgate}"
base="${RISKGATE_BASE:-origin/${GITHUB_BASE_REF:-main}}"
sarif="${RISKGATE_SARIF:-riskgate.sarif}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
output="${GITHUB_OUTPUT:-/dev/null}"

# Every run ends here, whatever happened: the step's outputs (exit-code, grade, score,
# sarif, reason) are always written, and a run that could not check the pull request
# (exit 2) says why in an error annotation and in the job summary.
grade="unknown" score="" sarif_out="" reason=""
finish() {
  local status="$1"
  if [ "$status" -ge 2 ]; then
    [ -n "$reason" ] || reason="riskgate could not do its job (exit $status); see the log"
    # The reason may quote the pull request's files: one line, escaped as GitHub's
    # workflow commands require (%, CR and LF).
    local esc="${reason//'%'/%25}"
    esc="${esc//$'\r'/%0D}"
    esc="${esc//$'\n'/%0A}"
    echo "::error title=riskgate could not check this change::$esc"
    {
      echo "## riskgate: could not check this change :warning:"
      echo
      echo '```'
      printf '%s\n' "$reason" | sed 's/```/` ` `/g'
      echo '```'
      echo
      echo "Exit code $status: the gate neither passed nor failed this change."
    } >> "$summary"
  fi
  {
    echo "exit-code=$status"
    echo "grade=$grade"
    echo "score=$score"
    echo "sarif=$sarif_out"
    echo "reason=${reason//$'\n'/ }"
  } >> "$output"
  exit "$status"
}

merge_base="$(git merge-base "$base" HEAD 2>/dev/null)" || {
  reason="cannot find the merge base of $base and HEAD: check out with fetch-depth: 0 (or fetch the base) before this step"
  finish 2
}
args=(diff --base "$merge_base" --quiet --fail-on "${RISKGATE_FAIL_ON:-high}")
[ -n "${RISKGATE_BUILD_DIR_ARG:-}" ] && args+=(-p "$RISKGATE_BUILD_DIR_ARG")
[ "${RISKGATE_UNTRUSTED:-false}" = "true" ] && args+=(--untrusted)
if [ ! -x "$bin" ]; then
  reason="no riskgate binary at $bin"
  finish 2
fi

# 1. The report in the log. It quotes source lines of the pull request: stop workflow
#    commands while it prints, so that the code under review cannot inject any.
#    Everything riskgate writes on stderr (warnings quote schema files and SQL) goes inside
#    such a block too.
token="riskgate-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
log="$(mktemp)"
echo "::stop-commands::$token"
"$bin" "${args[@]}" --no-color 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
echo "::$token::"
if [ "$status" -ge 2 ]; then
  reason="$(grep -m 3 -E 'error:' "$log" | cut -c1-500)"
  rm -f "$log"
  finish "$status"
fi
rm -f "$log"

errs="$(mktemp)"
# 2. The job summary (GitHub takes at most 1 MiB per step).
# (these runs repeat the verdict; their exit codes are the one above)
"$bin" "${args[@]}" --format markdown 2>>"$errs" | head -c 1000000 >> "$summary"
# 3. Annotations on the introduced findings (the fact index makes these runs cheap); the
#    only output meant as workflow commands, each escaped by riskgate.
"$bin" "${args[@]}" --format github 2>>"$errs"
# 4. SARIF for github/codeql-action/upload-sarif.
rm -f "$sarif"
"$bin" "${args[@]}" --format sarif -o "$sarif" 2>>"$errs"
[ -s "$sarif" ] && sarif_out="$sarif"
# 5. The grade and score for later steps.
json="$("$bin" "${args[@]}" --format json 2>>"$errs")"
grade="$(printf '%s' "$json" | sed -n 's/^ *"grade": "\([a-z]*\)".*/\1/p' | head -1)"
score="$(printf '%s' "$json" | sed -n 's/^ *"value": \([0-9]*\).*/\1/p' | head -1)"
[ -n "$grade" ] || grade="unknown"
if [ -s "$errs" ]; then
  echo "::stop-commands::$token"
  cat "$errs"
  echo "::$token::"
fi
rm -f "$errs"
finish "$status"
