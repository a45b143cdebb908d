#!/usr/bin/env bash
# Puts an astana-corpus binary on the job: the one in ASTANA_CORPUS_BIN if it
# is already there, a released version (ASTANA_VERSION) from crates.io, or
# the tool built from the action's own checkout (cached by the action's
# cache step). Records its path in GITHUB_ENV for the next steps.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${ASTANA_CORPUS_BIN:-}
if [ -n "$bin" ] && [ -x "$bin" ]; then
  echo "astana-corpus: using $bin"
elif [ -n "${ASTANA_VERSION:-}" ]; then
  case "$ASTANA_VERSION" in
    *[!0-9.]* | "") echo "::error title=astana-corpus::version must look like 0.3.0, not '$ASTANA_VERSION'"; exit 2 ;;
  esac
  root=${RUNNER_TEMP:-/tmp}/astana-corpus-$ASTANA_VERSION
  cargo install --locked --quiet --root "$root" astana-corpus-cli --version "=$ASTANA_VERSION"
  bin=$root/bin/astana-corpus
else
  if ! command -v cargo >/dev/null 2>&1; then
    echo "::error title=astana-corpus::cargo is not installed: add a Rust toolchain step (e.g. dtolnay/rust-toolchain) before this action, or set its version input"
    exit 2
  fi
  cargo build --release --locked --quiet -p astana-corpus-cli --manifest-path "$here/Cargo.toml"
  bin=${CARGO_TARGET_DIR:-$here/target}/release/astana-corpus
fi
"$bin" --version
if [ -n "${GITHUB_ENV:-}" ]; then
  echo "ASTANA_CORPUS_BIN=$bin" >> "$GITHUB_ENV"
fi
