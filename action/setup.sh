#!/usr/bin/env bash
# The action's install step: puts poollint into $RUNNER_TEMP/poollint-bin,
# either the released binary for the runner's OS and architecture, checked
# against the release's checksums.txt before it is unpacked, or (version
# "source") a build from the action's own checkout (build.sh). Nothing is
# added to PATH or to the job's environment.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${RUNNER_TEMP:?}/poollint-bin"
version="$(bash "$here/resolve-version.sh")"
if [ "$version" = source ]; then
  exec bash "$here/build.sh"
fi

os="${RUNNER_OS:-$(uname -s)}"
arch="${RUNNER_ARCH:-$(uname -m)}"
case "$os" in
  Linux | linux) os=linux ;;
  macOS | Darwin | darwin) os=darwin ;;
  Windows | windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
  *) echo "poollint action: no release binary for OS $os; use version: source" >&2; exit 2 ;;
esac
case "$arch" in
  X64 | x86_64 | amd64) arch=amd64 ;;
  ARM64 | aarch64 | arm64) arch=arm64 ;;
  *) echo "poollint action: no release binary for architecture $arch; use version: source" >&2; exit 2 ;;
esac
# The names .goreleaser.yaml gives the archives (name_template, formats).
archive="poollint_${version}_${os}_${arch}.tar.gz"
exe=poollint
if [ "$os" = windows ]; then archive="poollint_${version}_${os}_${arch}.zip" exe=poollint.exe; fi
repo="${POOLLINT_ACTION_REPOSITORY:-}"
[ -n "$repo" ] || repo=poollint/poollint
base="${POOLLINT_DOWNLOAD_URL:-${GITHUB_SERVER_URL:-https://github.com}/$repo/releases/download}/v$version"

tmp="$(mktemp -d "$RUNNER_TEMP/poollint-download.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
fetch() { curl -fsSL --retry 3 --proto-redir =https -o "$tmp/$1" "$base/$1"; }
echo "Downloading poollint v$version ($archive) from $base"
if ! fetch "$archive" || ! fetch checksums.txt; then
  echo "poollint action: could not download v$version from $base (is it released? version: source builds from the action's checkout)" >&2
  exit 2
fi
want="$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1; exit }' "$tmp/checksums.txt")"
if [ -z "$want" ]; then
  echo "poollint action: checksums.txt of v$version has no line for $archive" >&2
  exit 2
fi
if command -v sha256sum > /dev/null; then
  got="$(sha256sum "$tmp/$archive" | awk '{ print $1 }')"
else
  got="$(shasum -a 256 "$tmp/$archive" | awk '{ print $1 }')"
fi
if [ "$got" != "$want" ]; then
  echo "poollint action: $archive does not match checksums.txt (sha256 $got, want $want): not installed" >&2
  exit 2
fi
mkdir -p "$tmp/x"
if [ "$os" = windows ]; then
  unzip -q "$tmp/$archive" "$exe" -d "$tmp/x"
else
  tar -xzf "$tmp/$archive" -C "$tmp/x" "$exe"
fi
mkdir -p "$dest"
mv -f "$tmp/x/$exe" "$dest/$exe"
chmod +x "$dest/$exe"
"$dest/$exe" --version
