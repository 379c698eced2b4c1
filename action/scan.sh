#!/usr/bin/env bash
# The action's scan step: ONE poollint run writes every report (--output
# FORMAT=FILE): SARIF (under $RUNNER_TEMP, never into the workspace, where
# a committed symbolic link could redirect it), the text report for the
# log, the annotations for the pull request diff (as many as GitHub shows,
# errors and changed lines first), the job summary and the counts for the
# step outputs.
#
# What the repository controls (file names, messages, the configuration) is
# never printed raw: poollint escapes it, and everything but the
# annotations is printed between ::stop-commands:: and a random token, so
# that the runner executes no workflow command from it. File names are
# passed after "--", so none is read as a flag.
set -uo pipefail
bin="${RUNNER_TEMP:?}/poollint-bin/poollint"
[ -x "$bin.exe" ] && bin="$bin.exe"
cd "${GITHUB_WORKSPACE:-.}"
wd="${INPUT_WORKING_DIRECTORY:-.}"
wd="${wd%/}"
[ -n "$wd" ] || wd=.

fail() {
  echo "::error title=poollint::$1"
  echo "exit-code=2" >> "${GITHUB_OUTPUT:?}"
  exit 0
}
[ -d "$wd" ] || fail "working-directory: no directory $wd in the workspace"

# in_wd names a path of the working directory as the workspace does
# (poollint runs from the workspace, so that reports name files as the
# repository does).
in_wd() {
  case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) if [ "$wd" = . ]; then printf '%s\n' "$1"; else printf '%s/%s\n' "$wd" "$1"; fi ;;
  esac
}

# entries prints an input's entries, one a line: one per line when the
# input has several lines (names with spaces kept); a single line is split
# at white space (pathname expansion off, so no word is a glob of the
# workspace), unless the whole line names a path that exists.
entries() {
  local value="$1" line
  if [[ "$value" == *$'\n'* ]]; then
    while IFS= read -r line || [ -n "$line" ]; do
      line="${line#"${line%%[![:space:]]*}"}"
      line="${line%"${line##*[![:space:]]}"}"
      [ -n "$line" ] && printf '%s\n' "$line"
    done <<< "$value"
    return 0
  fi
  line="${value#"${value%%[![:space:]]*}"}"
  line="${line%"${line##*[![:space:]]}"}"
  [ -n "$line" ] || return 0
  if [ -e "$(in_wd "$line")" ]; then
    printf '%s\n' "$line"
  else
    (set -f; printf '%s\n' $line)
  fi
}

args=(scan --fail-on "${INPUT_FAIL_ON:-error}" --root "$PWD" --sarif-category "${INPUT_CATEGORY:-poollint}")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$(in_wd "$INPUT_CONFIG")")
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$(in_wd "$INPUT_BASELINE")")
while IFS= read -r p; do args+=(--policy "$(in_wd "$p")"); done < <(entries "${INPUT_POLICY:-}")
while IFS= read -r p; do
  if [[ "$p" == *=* ]]; then args+=(--param-file "$(in_wd "${p%%=*}")=$(in_wd "${p#*=}")"); else args+=(--param-file "$(in_wd "$p")"); fi
done < <(entries "${INPUT_PARAM_FILE:-}")
while IFS= read -r p; do args+=(--var-file "$(in_wd "$p")"); done < <(entries "${INPUT_VAR_FILE:-}")
# args: further scan flags, split at white space.
extra=()
while IFS= read -r w; do extra+=("$w"); done < <(set -f; for w in ${INPUT_ARGS:-}; do printf '%s\n' "$w"; done)

# changed-since: by default the pull request's base. A ref missing from the
# checkout (a shallow clone) scans everything, with a hint.
ref="${INPUT_CHANGED_SINCE:-}"
case "$ref" in
  none | all) ref="" ;;
  -*) fail "changed-since: \"$ref\" is not a git ref" ;;
esac
if [ -n "$ref" ]; then
  if git rev-parse --verify --quiet "$ref^{commit}" > /dev/null 2>&1; then
    args+=(--changed-since "$ref")
  else
    echo "::warning title=poollint::changed-since: $ref is not in this checkout, so every file is scanned. To scan only what the pull request changed, check out with actions/checkout and fetch-depth: 0."
  fi
fi

# path: a glob expands (in the working directory) to the files it
# matches, each one argument (names with spaces or starting with -
# included); one that matches nothing is passed as written, and poollint
# reports it.
paths=()
while IFS= read -r w; do
  if [[ "$w" == *[*?[]* ]]; then
    matches=()
    while IFS= read -r -d '' m; do matches+=("$(in_wd "$m")"); done < <(
      cd "$wd" && shopt -s nullglob globstar && IFS= && m=($w) && [ ${#m[@]} -gt 0 ] && printf '%s\0' "${m[@]}")
    if [ ${#matches[@]} -gt 0 ]; then paths+=("${matches[@]}"); else paths+=("$(in_wd "$w")"); fi
  else
    paths+=("$(in_wd "$w")")
  fi
done < <(entries "${INPUT_PATH:-.}")
[ ${#paths[@]} -gt 0 ] || paths=("$(in_wd .)")

sarif="${INPUT_SARIF_FILE:-poollint.sarif}"
case "$sarif" in
  /*) ;;
  *) sarif="$RUNNER_TEMP/poollint-out/$sarif" ;;
esac
mkdir -p "$(dirname "$sarif")"
# A SARIF file left by an earlier step or run is never uploaded for this
# one: it is removed, and the output names the file only if this run wrote it.
rm -f -- "$sarif"
out="$(mktemp -d "$RUNNER_TEMP/poollint-run.XXXXXX")"

token="poollint-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
untrusted_begin() { echo "::stop-commands::$token"; }
untrusted_end() { echo "::$token::"; }

"$bin" "${args[@]}" "${extra[@]}" \
  --output "sarif=$sarif" --output "text=$out/report.txt" --output "github=$out/annotations.txt" \
  --output "markdown=$out/summary.md" --output "counts=$out/counts.txt" \
  -- "${paths[@]}" > "$out/stdout.txt" 2> "$out/stderr.txt"
code=$?

echo "::group::poollint report"
untrusted_begin
cat "$out/report.txt" "$out/stdout.txt" 2> /dev/null
untrusted_end
echo "::endgroup::"
if [ -s "$out/stderr.txt" ]; then
  untrusted_begin
  cat "$out/stderr.txt"
  untrusted_end
fi
# Annotations: the only output the runner interprets; each value is
# escaped as a workflow command property or message.
[ -f "$out/annotations.txt" ] && cat "$out/annotations.txt"
# The job summary: counts, settings, tables per rule and per file, the top
# findings.
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$out/summary.md" ]; then
  cat "$out/summary.md" >> "$GITHUB_STEP_SUMMARY"
fi

if [ -s "$sarif" ]; then
  echo "sarif-file=$sarif" >> "${GITHUB_OUTPUT:?}"
fi
[ -f "$out/counts.txt" ] && cat "$out/counts.txt" >> "$GITHUB_OUTPUT"
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
rm -rf "$out"
exit 0
