#!/usr/bin/env bash
# Fetches the prebuilt astana-corpus of a release, for the Action and the
# pre-commit hooks. Usage: fetch-release.sh VERSION DEST
#
# Downloads astana-corpus-cli-v<VERSION>-<target>.tar.gz (.zip on Windows)
# and its .sha256 from ASTANA_RELEASE_URL (default: the release v<VERSION>
# of ASTANA_REPOSITORY, https://github.com/<owner>/<name>), checks the
# checksum, unpacks it under DEST, checks that the binary runs and reports
# VERSION, and prints its path.
#
# Exit 0: the binary's path is printed. Exit 1: no prebuilt binary here (no
# curl, no network, no asset for this platform, or it does not run on this
# system); the caller builds from source. Exit 2: the download does not
# match its checksum, or the version is not a version; never run it.
set -euo pipefail
version=${1:?usage: fetch-release.sh VERSION DEST}
dest=${2:?usage: fetch-release.sh VERSION DEST}
unavailable() { echo "astana-corpus: no prebuilt binary: $*" >&2; exit 1; }
refuse() { echo "astana-corpus: refusing the prebuilt binary: $*" >&2; exit 2; }

# Only a semantic version ever reaches a URL or a file name.
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || refuse "'$version' is not a version like 0.3.0"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-gnu ;;
  Darwin-arm64 | Darwin-aarch64) target=aarch64-apple-darwin ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  MINGW*-x86_64 | MSYS*-x86_64 | CYGWIN*-x86_64) target=x86_64-pc-windows-msvc ;;
  *) unavailable "the release has no binary for $(uname -s) $(uname -m)" ;;
esac
case "$target" in
  *windows*) suffix=.zip exe=.exe ;;
  *) suffix=.tar.gz exe= ;;
esac
name=astana-corpus-cli-v$version-$target

base=${ASTANA_RELEASE_URL:-}
if [ -z "$base" ]; then
  repository=${ASTANA_REPOSITORY:-}
  [[ "$repository" =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || unavailable "no repository to download from (ASTANA_REPOSITORY='$repository')"
  base=https://github.com/$repository/releases/download/v$version
fi
command -v curl >/dev/null 2>&1 || unavailable "curl is not installed"
if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "$1" | cut -d' ' -f1; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 "$1" | cut -d' ' -f1; }
else
  unavailable "neither sha256sum nor shasum is installed"
fi

mkdir -p "$dest"
download=$(mktemp -d "$dest/.download.XXXXXX")
trap 'rm -rf "$download"' EXIT
get() {
  curl --proto '=https,file' --fail --location --silent --show-error \
    --connect-timeout 10 --max-time 120 --retry 2 --output "$download/$1" "$base/$1"
}
get "$name$suffix.sha256" 2>"$download/error" || unavailable "$base/$name$suffix.sha256: $(head -c 300 "$download/error")"
get "$name$suffix" 2>"$download/error" || unavailable "$base/$name$suffix: $(head -c 300 "$download/error")"
expected=$(head -n 1 "$download/$name$suffix.sha256" | cut -d' ' -f1)
[[ "$expected" =~ ^[0-9a-f]{64}$ ]] || refuse "$name$suffix.sha256 holds no sha256"
actual=$(sha256 "$download/$name$suffix")
[ "$actual" = "$expected" ] || refuse "$name$suffix has sha256 $actual, but the release lists $expected"

case "$suffix" in
  .zip) (cd "$download" && unzip -q "$name$suffix") || unavailable "unzip failed" ;;
  *) tar -xzf "$download/$name$suffix" -C "$download" || unavailable "tar failed" ;;
esac
bin=$download/$name/astana-corpus$exe
[ -f "$bin" ] || refuse "$name$suffix holds no astana-corpus$exe"
# A binary for an older or newer C library than this system's does not run.
reported=$("$bin" --version 2>/dev/null) || unavailable "$name does not run on this system"
[ "$reported" = "astana-corpus $version" ] || refuse "$name reports '$reported', not astana-corpus $version"

rm -rf "${dest:?}/$name"
mv "$download/$name" "$dest/$name"
echo "$dest/$name/astana-corpus$exe"
