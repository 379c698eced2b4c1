#!/usr/bin/env bash
# Builds poollint from the action's own checkout into
# $RUNNER_TEMP/poollint-bin (version: source). The Go on the runner's PATH
# is used when there is one (GOTOOLCHAIN=auto fetches the release go.mod
# asks for, checked by the Go checksum database, if it is older);
# otherwise Go is downloaded into $RUNNER_TEMP and checked against its
# published SHA-256. Either way PATH and the job's environment are left as
# they were, so later steps see the Go they had.
set -euo pipefail
cd "${GITHUB_ACTION_PATH:?}"
dest="${RUNNER_TEMP:?}/poollint-bin"
mkdir -p "$dest"
if command -v go > /dev/null; then
  gobin=go
  export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
else
  want="$(awk '$1 == "toolchain" { sub(/^go/, "", $2); print $2; exit }' go.mod)"
  [ -n "$want" ] || want="$(awk '$1 == "go" { print $2; exit }' go.mod)"
  case "$want" in *.*.*) ;; *) want="$want.0" ;; esac
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  case "$os" in mingw* | msys* | cygwin*) os=windows ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  file="go$want.$os-$arch.tar.gz"
  [ "$os" = windows ] && file="go$want.$os-$arch.zip"
  base="${POOLLINT_GO_DOWNLOAD_URL:-https://dl.google.com/go}"
  root="$RUNNER_TEMP/poollint-go"
  rm -rf "$root" && mkdir -p "$root"
  echo "No Go on PATH: downloading $file into $root (PATH is not changed)"
  curl -fsSL --retry 3 --proto-redir =https -o "$root/$file" "$base/$file"
  sum="$(curl -fsSL --retry 3 --proto-redir =https "$base/$file.sha256" | awk '{ print $1 }')"
  if command -v sha256sum > /dev/null; then got="$(sha256sum "$root/$file" | awk '{ print $1 }')"; else got="$(shasum -a 256 "$root/$file" | awk '{ print $1 }')"; fi
  if [ -z "$sum" ] || [ "$got" != "$sum" ]; then
    echo "poollint action: $file does not match its published SHA-256" >&2
    exit 2
  fi
  if [ "$os" = windows ]; then unzip -q "$root/$file" -d "$root"; else tar -xzf "$root/$file" -C "$root"; fi
  gobin="$root/go/bin/go"
  export GOTOOLCHAIN=local
fi
"$gobin" build -o "$dest/poollint$("$gobin" env GOEXE)" ./cmd/poollint
