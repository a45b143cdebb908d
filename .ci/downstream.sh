#!/usr/bin/env bash
# Builds a scratch crate outside the repository that depends on this one by
# path with `default-features = false`, as a downstream Rust program would,
# runs it, and checks what it prints and how many crates it pulls in.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/src"
cat > "$scratch/Cargo.toml" <<TOML
[package]
name = "downstream-check"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
astana-corpus = { path = "$repo", default-features = false }

[workspace]
TOML
cp "$repo/examples/observers.rs" "$scratch/src/main.rs"
cd "$scratch"
CARGO_TARGET_DIR="$repo/target/downstream" cargo run --quiet > out.txt
cat out.txt
for name in "United Nations" Jordan Lebanon Iraq; do
  grep -q "^- $name " out.txt || { echo "downstream: observer $name missing" >&2; exit 1; }
done
if grep -q "United States" out.txt; then echo "downstream: the US is not an observer of round 20" >&2; exit 1; fi
crates=$(cargo tree -e normal --prefix none | sed 's/ (\*)$//' | sort -u | wc -l)
echo "downstream: $crates crates in the normal dependency tree (astana-corpus included)"
if [ "$crates" -gt 20 ]; then echo "downstream: more than 20 crates" >&2; exit 1; fi
if cargo tree -e normal --prefix none | grep -Eq '^(schemars|jsonschema|clap|reqwest) '; then
  echo "downstream: a feature-only dependency leaked into the default-features=false build" >&2; exit 1
fi
