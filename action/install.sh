#!/usr/bin/env bash
# Puts an astana-corpus binary on the job and records its path in
# GITHUB_ENV for the next steps:
# - the one in ASTANA_CORPUS_BIN, if it is already there;
# - with ASTANA_VERSION (the action's `version` input) naming a release:
#   that release's prebuilt binary (fetch-release.sh), checked against its
#   sha256; if the release has none for this runner, the action's own
#   checkout built from source, when it is that version;
# - otherwise the action's own checkout, built from source (cached by the
#   action's cache step).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
checkout_version=$(bash "$here/action/crate-version.sh" "$here/cli/Cargo.toml")
bin=${ASTANA_CORPUS_BIN:-}

build() {
  if ! command -v cargo >/dev/null 2>&1; then
    echo "::error title=astana-corpus::cargo is not installed: add a Rust toolchain step (e.g. dtolnay/rust-toolchain) before this action, or name a released version in its version input"
    exit 2
  fi
  echo "astana-corpus: building $checkout_version from the action's checkout"
  cargo build --release --locked --quiet -p astana-corpus-cli --manifest-path "$here/Cargo.toml"
  bin=${CARGO_TARGET_DIR:-$here/target}/release/astana-corpus
}

if [ -n "$bin" ] && [ -x "$bin" ]; then
  echo "astana-corpus: using $bin"
elif [ -n "${ASTANA_VERSION:-}" ]; then
  status=0
  bin=$(bash "$here/action/fetch-release.sh" "$ASTANA_VERSION" "${RUNNER_TEMP:-/tmp}/astana-corpus") || status=$?
  case "$status" in
    0) echo "astana-corpus: using the prebuilt binary of release v$ASTANA_VERSION" ;;
    1)
      if [ "$ASTANA_VERSION" != "$checkout_version" ]; then
        echo "::error title=astana-corpus::release v$ASTANA_VERSION has no binary for this runner, and the action's checkout is version $checkout_version, not $ASTANA_VERSION: use the action at that release (uses: <owner>/astana-corpus@v$ASTANA_VERSION) or leave the version input empty to build the checkout"
        exit 2
      fi
      echo "::notice title=astana-corpus::no prebuilt binary of v$ASTANA_VERSION here; building it from the action's checkout"
      build
      ;;
    *)
      echo "::error title=astana-corpus::the prebuilt binary of v$ASTANA_VERSION failed its check (see the log above); nothing was run"
      exit 2
      ;;
  esac
else
  build
fi
"$bin" --version
if [ -n "${GITHUB_ENV:-}" ]; then
  echo "ASTANA_CORPUS_BIN=$bin" >> "$GITHUB_ENV"
fi
