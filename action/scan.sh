#!/usr/bin/env bash
# The action's scan step: writes SARIF (under $RUNNER_TEMP, never into the
# workspace, where a committed symbolic link could redirect it), prints the
# text report in the log, emits workflow annotations for the pull request
# diff, writes the job summary, and records the exit code for the step that
# fails the job.
#
# What the repository controls (file names, messages, the configuration) is
# never printed raw: poollint escapes it, and everything but the
# annotations is printed between ::stop-commands:: and a random token, so
# that the runner executes no workflow command from it. File names are
# passed after "--", so none is read as a flag.
set -uo pipefail
bin="${RUNNER_TEMP:?}/poollint"
cd "${GITHUB_WORKSPACE:-.}"

# words prints an input's white-space separated words, one a line; call
# it with pathname expansion off (set -f), so that no word is a glob of the
# workspace.
# shellcheck disable=SC2086
words() { printf '%s\n' $1; }

args=(scan --fail-on "${INPUT_FAIL_ON:-error}" --root "$PWD")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
while IFS= read -r p; do [ -n "$p" ] && args+=(--policy "$p"); done < <(set -f; words "${INPUT_POLICY:-}")
while IFS= read -r p; do [ -n "$p" ] && args+=(--param-file "$p"); done < <(set -f; words "${INPUT_PARAM_FILE:-}")
while IFS= read -r p; do [ -n "$p" ] && args+=(--var-file "$p"); done < <(set -f; words "${INPUT_VAR_FILE:-}")

# path: a glob expands to the files it matches, each one argument (names
# with spaces or starting with - included); one that matches nothing is
# passed as written, and poollint reports it.
paths=()
while IFS= read -r w; do
  [ -n "$w" ] || continue
  if [[ "$w" == *[*?[]* ]]; then
    shopt -s nullglob globstar
    # shellcheck disable=SC2206 # expansion of the workflow's own pattern
    matches=($w)
    shopt -u nullglob globstar
    if [ ${#matches[@]} -gt 0 ]; then paths+=("${matches[@]}"); else paths+=("$w"); fi
  else
    paths+=("$w")
  fi
done < <(set -f; words "${INPUT_PATH:-.}")
[ ${#paths[@]} -gt 0 ] || paths=(.)

sarif="${INPUT_SARIF_FILE:-poollint.sarif}"
case "$sarif" in
  /*) ;;
  *) sarif="$RUNNER_TEMP/poollint-out/$sarif" ;;
esac
mkdir -p "$(dirname "$sarif")"

token="poollint-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
untrusted_begin() { echo "::stop-commands::$token"; }
untrusted_end() { echo "::$token::"; }

untrusted_begin
"$bin" "${args[@]}" --format sarif --output "$sarif" -- "${paths[@]}" 2>&1
code=$?
untrusted_end

echo "::group::poollint report"
untrusted_begin
"$bin" "${args[@]}" --format text -- "${paths[@]}" 2>&1
untrusted_end
echo "::endgroup::"

# Annotations: the only output the runner interprets; each value is
# escaped as a workflow command property or message. Its stderr is shown
# afterwards, inert.
errlog="$RUNNER_TEMP/poollint-annotations.err"
"$bin" "${args[@]}" --format github -- "${paths[@]}" 2>"$errlog"
if [ -s "$errlog" ]; then
  untrusted_begin
  cat "$errlog"
  untrusted_end
fi

# The job summary shows the counts and the settings that changed the
# outcome (configuration, rules not run, fail-on, exclusions, baseline).
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  "$bin" "${args[@]}" --format markdown -- "${paths[@]}" >> "$GITHUB_STEP_SUMMARY" 2>/dev/null
fi

if [ -s "$sarif" ]; then
  echo "sarif-file=$sarif" >> "${GITHUB_OUTPUT:?}"
fi
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
exit 0
