#!/usr/bin/env bash
# The action's check: validate ASTANA_DATA with the binary in
# ASTANA_CORPUS_BIN, printing ASTANA_FORMAT (github: annotations on the pull
# request, then the full list). With ASTANA_SARIF=true it also writes a SARIF
# file and names it in the step's outputs (sarif-file) for upload. Inputs
# arrive as environment variables, never pasted into the script, so no
# input can run as shell code. Exits with validate's status: 1 on errors.
set -uo pipefail
bin=${ASTANA_CORPUS_BIN:?set ASTANA_CORPUS_BIN (the install step does)}
data=${ASTANA_DATA:-data}
format=${ASTANA_FORMAT:-github}
case "$format" in
  human | json | github | sarif) ;;
  *) echo "::error title=astana-corpus::format must be human, json, github or sarif, not '$format'"; exit 2 ;;
esac
if [ ! -d "$data" ]; then
  echo "::error title=astana-corpus::the data folder '$data' does not exist"
  exit 2
fi
"$bin" validate "$data" --format "$format"
status=$?
if [ "${ASTANA_SARIF:-false}" = "true" ]; then
  sarif=${RUNNER_TEMP:-/tmp}/astana-corpus.sarif
  "$bin" validate "$data" --format sarif > "$sarif"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "sarif-file=$sarif" >> "$GITHUB_OUTPUT"
  fi
fi
exit "$status"
