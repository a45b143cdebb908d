#!/usr/bin/env bash
# Builds scratch crates outside the repository that depend on this one by
# path, as downstream Rust programs would: once with a plain dependency
# (default features) and once with `default-features = false`. Each runs
# the README's example, and its dependency tree must stay small and free of
# the tool's and the validator's dependencies.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

check() {
  local label=$1 dependency=$2 dir="$scratch/$1"
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "downstream-check"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
astana-corpus = $dependency

[workspace]
TOML
  cp "$repo/examples/observers.rs" "$dir/src/main.rs"
  (
    cd "$dir"
    CARGO_TARGET_DIR="$repo/target/downstream" cargo run --quiet > out.txt
    for name in "United Nations" Jordan Lebanon Iraq; do
      grep -q "^- $name " out.txt || { echo "downstream ($label): observer $name missing" >&2; exit 1; }
    done
    if grep -q "United States" out.txt; then echo "downstream ($label): the US is not an observer of round 20" >&2; exit 1; fi
    cargo tree -e normal --prefix none | sed 's/ (\*)$//' | sort -u > tree.txt
    crates=$(wc -l < tree.txt)
    echo "downstream ($label): $crates crates in the normal dependency tree (astana-corpus included)"
    if [ "$crates" -gt 20 ]; then echo "downstream ($label): more than 20 crates" >&2; cat tree.txt >&2; exit 1; fi
    if grep -Eq '^(schemars|jsonschema|clap|ctrlc|aho-corasick|sha2|reqwest) ' tree.txt; then
      echo "downstream ($label): a dependency of the tool or the validator leaked into the library" >&2; exit 1
    fi
  )
}

check plain "{ path = \"$repo\" }"
check no-default-features "{ path = \"$repo\", default-features = false }"
