#!/usr/bin/env bash
# The review site in a real browser: builds it from the shipped data and a
# fixture with errors, installs what the test needs (Debian's chromium,
# playwright-core and axe-core from npm, pinned in .ci/browser/) and runs
# .ci/browser/review.test.mjs. The screenshot is kept in .ci/artifacts/ for
# the CI job to upload; it is not compared pixel by pixel.
set -euo pipefail
cd "$(dirname "$0")/.."
chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser-test: installing Debian's chromium"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || {
      echo "browser-test: FAILED: apt-get could not install chromium (the package is 'chromium'; the test needs $chromium)" >&2
      exit 1
    }
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    echo "browser-test: installing Debian's chromium (sudo)"
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || {
      echo "browser-test: FAILED: sudo apt-get could not install chromium" >&2
      exit 1
    }
  else
    echo "browser-test: FAILED: no Chromium at $chromium, and no apt-get to install Debian's 'chromium' (set CHROMIUM to a Chromium binary)" >&2
    exit 1
  fi
fi
"$chromium" --version
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "browser-test: FAILED: node and npm are needed (Debian packages nodejs and npm)" >&2
  exit 1
fi
npm ci --prefix .ci/browser --no-audit --no-fund --silent || {
  echo "browser-test: FAILED: npm could not install playwright-core and axe-core from .ci/browser/package-lock.json" >&2
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p .ci/artifacts
cargo run --quiet --all-features -- review data --out "$work/site"
CHROMIUM=$chromium node .ci/browser/review.test.mjs "$work/site" .ci/artifacts/review.png
