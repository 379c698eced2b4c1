#!/usr/bin/env bash
# The poollint pre-commit hook (language: script): builds ./cmd/poollint of
# this checkout of poollint (pre-commit keeps one per rev) on its first
# run, and only that package, with the Go on PATH (GOTOOLCHAIN=auto fetches
# the release go.mod asks for when it is older); then scans the staged
# files pre-commit passes. The poollint-system hook runs a poollint
# installed on PATH instead, without Go.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.pre-commit-bin/poollint"
if [ ! -x "$bin" ]; then
  if ! command -v go > /dev/null; then
    echo "poollint hook: Go (https://go.dev/dl) is needed to build poollint; or install poollint and use the poollint-system hook" >&2
    exit 2
  fi
  mkdir -p "$root/.pre-commit-bin"
  tmp="$(mktemp "$root/.pre-commit-bin/poollint.XXXXXX")"
  # Built to a temporary name and renamed: two commits at once never run
  # a half-written binary.
  if ! (cd "$root" && GOTOOLCHAIN="${GOTOOLCHAIN:-auto}" go build -o "$tmp" ./cmd/poollint); then
    rm -f "$tmp"
    exit 2
  fi
  mv -f "$tmp" "$bin"
fi
# --hook: poollint requires the "--" that ends the flags (the hook's
# default args are [--]; args of .pre-commit-config.yaml must end with it),
# so that no staged file is read as a flag (one named --baseline=b.json).
exec "$bin" scan --hook "$@"
