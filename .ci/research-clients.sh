#!/usr/bin/env bash
# Builds a release bundle and opens it with the clients researchers use,
# installed from PyPI into ignored virtualenvs under .ci/: Frictionless,
# DuckDB, pandas and mlcroissant in one; cffconvert in its own (it pins
# jsonschema<4).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo run --quiet --all-features -- bundle --out "$work/bundle"

venv=.ci/.venv-research
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  'frictionless>=5.18,<6' 'duckdb>=1.1' 'pandas>=2.2' 'mlcroissant>=1.0.17,<2' 'pyyaml>=6' \
  'pyarrow>=15' 'polars>=1.0' 'datasets>=3.0' || {
  echo "research-clients: FAILED: pip could not install the research clients from PyPI" >&2
  exit 1
}

# PySpark in its own virtualenv; it needs Java 17 or later.
if ! java -version >/dev/null 2>&1; then
  echo "research-clients: FAILED: PySpark needs Java 17+ (Debian package openjdk-17-jre-headless)" >&2
  exit 1
fi
spark=.ci/.venv-spark
[ -x "$spark/bin/python" ] || python3 -m venv "$spark"
"$spark/bin/python" -m pip install --quiet --disable-pip-version-check 'pyspark>=3.5,<5' || {
  echo "research-clients: FAILED: pip could not install pyspark" >&2
  exit 1
}

# Base R for the dataset card's R recipe (Debian packages no r-cran-arrow,
# so the Parquet variant is not run); skipped, with a message, without apt.
if ! command -v Rscript >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends r-base-core >/dev/null) ||
      echo "research-clients: apt-get could not install r-base-core; the R recipe is skipped" >&2
  else
    echo "research-clients: no Rscript and no apt-get as root; the R recipe is skipped" >&2
  fi
fi

cff=.ci/.venv-cff
[ -x "$cff/bin/python" ] || python3 -m venv "$cff"
"$cff/bin/python" -m pip install --quiet --disable-pip-version-check 'cffconvert==2.0.0'
"$cff/bin/cffconvert" --validate -i "$work/bundle/CITATION.cff"
"$venv/bin/python" .ci/check_action.py .

# mlcroissant logs through absl; keep its warnings but not its noise.
"$venv/bin/python" .ci/research_clients.py "$work/bundle" README.md 2>&1 | grep -v '^$'
"$spark/bin/python" .ci/spark_client.py "$work/bundle" 2>&1 | grep -E '(ok  |FAIL) spark'
