#!/usr/bin/env bash
# Independent check of data/ against schema/ with Python's jsonschema,
# installed from PyPI into an ignored virtualenv (.ci/.venv).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.ci/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check 'jsonschema>=4.18,<5'
"$venv/bin/python" .ci/check_schema.py
# The conformance suite's schema-only cases, run by the same implementation.
"$venv/bin/python" .ci/conformance_jsonschema.py
