#!/usr/bin/env bash
# Builds the release: the bundle folder, its reproducible archive and the
# archive's SHA256SUMS, into OUT (default: target/release-assets). Run by
# the release workflow on a version tag, and by .ci/run with --dry-run,
# which builds the archive twice and fails unless the two are identical.
# On a tag (GITHUB_REF_NAME=v<version>) the tag must match the manifest.
set -euo pipefail
cd "$(dirname "$0")/.."
dry_run=false
if [ "${1:-}" = "--dry-run" ]; then dry_run=true; shift; fi
out=${1:-target/release-assets}
version=$(python3 -c 'import json; print(json.load(open("data/manifest.json"))["version"])')
released=$(python3 -c 'import json; print(json.load(open("data/manifest.json")).get("released", ""))')
if [ -z "$released" ]; then
  echo "release: FAILED: data/manifest.json has no released day; set it before tagging" >&2
  exit 1
fi
if [ -n "${GITHUB_REF_NAME:-}" ] && [ "$GITHUB_REF_NAME" != "v$version" ] && [ "$dry_run" = false ]; then
  echo "release: FAILED: tag $GITHUB_REF_NAME does not match the manifest's version $version" >&2
  exit 1
fi
for file in CITATION.cff .zenodo.json; do
  grep -q "$version" "$file" || { echo "release: FAILED: $file does not name version $version" >&2; exit 1; }
  grep -q "$released" "$file" || { echo "release: FAILED: $file does not name the release day $released" >&2; exit 1; }
done
rm -rf "$out"
mkdir -p "$out"
cargo run --quiet --release --features full -- bundle --out "$out/astana-corpus-$version" --archive
archive="$out/astana-corpus-$version.tar.gz"
(cd "$out" && sha256sum "astana-corpus-$version.tar.gz" > SHA256SUMS)
cat "$out/SHA256SUMS"
if [ "$dry_run" = true ]; then
  again=$(mktemp -d)
  trap 'rm -rf "$again"' EXIT
  cargo run --quiet --release --features full -- bundle --out "$again/astana-corpus-$version" --archive >/dev/null
  first=$(sha256sum < "$archive" | cut -d' ' -f1)
  second=$(sha256sum < "$again/astana-corpus-$version.tar.gz" | cut -d' ' -f1)
  if [ "$first" != "$second" ]; then
    echo "release: FAILED: two builds of the archive differ ($first, $second)" >&2
    exit 1
  fi
  echo "release (dry run): the archive is reproducible, sha256 $first"
fi
