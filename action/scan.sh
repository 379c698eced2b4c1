#!/usr/bin/env bash
# The action's scan step: writes SARIF, prints the text report in the log,
# emits workflow annotations for the pull request diff, and records the exit
# code for the step that fails the job.
set -uo pipefail
bin="${RUNNER_TEMP:?}/poollint"
cd "${GITHUB_WORKSPACE:-.}"

args=(scan --fail-on "${INPUT_FAIL_ON:-error}")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
for p in ${INPUT_POLICY:-}; do args+=(--policy "$p"); done
for p in ${INPUT_PARAM_FILE:-}; do args+=(--param-file "$p"); done
for p in ${INPUT_VAR_FILE:-}; do args+=(--var-file "$p"); done
read -r -a paths <<< "$(echo ${INPUT_PATH:-.})"

sarif="${INPUT_SARIF_FILE:-poollint.sarif}"
"$bin" "${args[@]}" --format sarif --output "$sarif" "${paths[@]}"
code=$?
echo "::group::poollint report"
"$bin" "${args[@]}" --format text "${paths[@]}"
echo "::endgroup::"
"$bin" "${args[@]}" --format github "${paths[@]}"

if [ -s "$sarif" ]; then
  echo "sarif-file=$sarif" >> "${GITHUB_OUTPUT:?}"
fi
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
exit 0
