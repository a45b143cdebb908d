#!/usr/bin/env bash
# The pre-commit hooks (.pre-commit-hooks.yaml). `pre-commit.sh validate
# [DATA]` validates the data folder (default: data); `pre-commit.sh fmt
# FILES...` checks that the changed data files are canonical. The tool is
# built once from the hook's checkout, which pre-commit keeps in its cache,
# unless ASTANA_CORPUS_BIN names one.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${ASTANA_CORPUS_BIN:-}
if [ -z "$bin" ]; then
  cargo build --release --locked --quiet -p astana-corpus-cli --manifest-path "$here/Cargo.toml"
  bin=${CARGO_TARGET_DIR:-$here/target}/release/astana-corpus
fi
command=${1:?usage: pre-commit.sh validate [DATA] | fmt FILES...}
shift
case "$command" in
  validate) exec "$bin" validate "${1:-data}" ;;
  fmt)
    [ "$#" -gt 0 ] || exit 0
    exec "$bin" fmt --check "$@"
    ;;
  *) echo "pre-commit.sh: unknown command '$command'" >&2; exit 2 ;;
esac
