#!/usr/bin/env bash
# Prints the poollint version the action installs: "source" (build from
# the action's checkout) or a release version without its "v" (0.1.0).
#
#   version input   what it gives
#   v0.1.0, 0.1.0   that release
#   source          a build from the action's checkout
#   (empty)         the action's own ref: a release tag (v0.1.0) is that
#                   release; a major or minor tag (v1, v0.1) is the release
#                   its CHANGELOG.md names first, when it belongs to that
#                   line; any other ref (a branch, a commit) builds from
#                   source, as that ref's code is what was asked for.
set -euo pipefail
version="${INPUT_VERSION:-}"
ref="${POOLLINT_ACTION_REF:-}"
changelog="${POOLLINT_CHANGELOG:-${GITHUB_ACTION_PATH:-.}/CHANGELOG.md}"
semver='^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$'

if [ -n "$version" ]; then
  if [ "$version" = source ]; then echo source; exit 0; fi
  if [[ "$version" =~ $semver ]]; then echo "${version#v}"; exit 0; fi
  echo "poollint action: version \"$version\" is neither a release (v0.1.0) nor \"source\"" >&2
  exit 2
fi
if [[ "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "${ref#v}"
  exit 0
fi
if [[ "$ref" =~ ^v([0-9]+)(\.([0-9]+))?$ ]] && [ -f "$changelog" ]; then
  major="${BASH_REMATCH[1]}" minor="${BASH_REMATCH[3]}"
  # The first released heading: "## [0.1.0] - 2026-12-02" or "## v0.1.0".
  latest=$(sed -nE 's/^## \[?v?([0-9]+\.[0-9]+\.[0-9]+)\]?([^0-9A-Za-z].*)?$/\1/p' "$changelog" | head -n 1)
  if [ -n "$latest" ]; then
    IFS=. read -r lmajor lminor _ <<< "$latest"
    if [ "$lmajor" = "$major" ] && { [ -z "$minor" ] || [ "$lminor" = "$minor" ]; }; then
      echo "$latest"
      exit 0
    fi
  fi
fi
echo "poollint action: ref \"${ref:-(none)}\" names no release: building from the action's checkout (set version: v0.1.0 to download a release instead)" >&2
echo source
