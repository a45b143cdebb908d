#!/usr/bin/env bash
# Builds a release bundle and opens it with the clients researchers use,
# installed from PyPI into ignored virtualenvs under .ci/: Frictionless,
# DuckDB, pandas and mlcroissant in one; cffconvert in its own (it pins
# jsonschema<4).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo run --quiet -- bundle --out "$work/bundle"

venv=.ci/.venv-research
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  'frictionless>=5.18,<6' 'duckdb>=1.1' 'pandas>=2.2' 'mlcroissant>=1.0.17,<2' 'pyyaml>=6'

cff=.ci/.venv-cff
[ -x "$cff/bin/python" ] || python3 -m venv "$cff"
"$cff/bin/python" -m pip install --quiet --disable-pip-version-check 'cffconvert==2.0.0'
"$cff/bin/cffconvert" --validate -i "$work/bundle/CITATION.cff"
"$venv/bin/python" .ci/check_action.py .

# mlcroissant logs through absl; keep its warnings but not its noise.
"$venv/bin/python" .ci/research_clients.py "$work/bundle" README.md 2>&1 | grep -v '^$'
