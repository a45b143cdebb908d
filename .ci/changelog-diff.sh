#!/usr/bin/env bash
# Regenerates the record-by-record section of CHANGELOG.md for the current
# release: `diff --format markdown` between the last release's data (the
# frozen tests/fixtures/format-1/data, migrated) and data/. The test
# tests/changelog.rs fails when the section is not current.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r tests/fixtures/format-1/data "$work/old"
cargo run --quiet --all-features -- migrate "$work/old" >/dev/null
cargo run --quiet --all-features -- diff --check "$work/old" data --format markdown > "$work/section.md"
python3 - "$work/section.md" <<'PY'
import sys
start, end = "<!-- generated: diff of the previous release's data -->\n", "<!-- end of generated diff -->\n"
section = open(sys.argv[1], encoding="utf-8").read()
text = open("CHANGELOG.md", encoding="utf-8").read()
a, b = text.index(start) + len(start), text.index(end)
open("CHANGELOG.md", "w", encoding="utf-8").write(text[:a] + section + text[b:])
PY
echo "CHANGELOG.md: the generated section is current"
