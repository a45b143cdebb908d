#!/usr/bin/env bash
# The library's public API against the last released version, with
# cargo-semver-checks: an addition that breaks downstream code must come with
# a version bump that says so. The baseline is the newest `v*` tag when the
# clone has one, else the commit in .ci/semver-baseline (the last release).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! cargo semver-checks --version >/dev/null 2>&1; then
  cargo install cargo-semver-checks --locked --quiet
fi
baseline=$(git describe --tags --match 'v*' --abbrev=0 2>/dev/null || true)
if [ -z "$baseline" ]; then
  baseline=$(grep -v '^#' .ci/semver-baseline | head -1)
fi
if ! git cat-file -e "$baseline^{commit}" 2>/dev/null; then
  echo "semver-checks: baseline $baseline is not in this clone (a shallow clone? fetch the history)" >&2
  exit 1
fi
echo "semver-checks: astana-corpus against $baseline"
cargo semver-checks check-release -p astana-corpus --baseline-rev "$baseline" --all-features
