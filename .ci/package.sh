#!/usr/bin/env bash
# `cargo package` for both crates, offline (what `cargo publish --dry-run`
# checks before an upload): each .crate builds on its own, the library
# from its .crate with the CLI resolved against it, as crates.io would.
# Then, from the unpacked .crates alone: the library's unit tests and
# doctests pass with the validator and the exports, and the packaged tool
# reports the corpus compiled into it (the data travels in the .crate) and
# validates the packaged data folder with no error.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "package: FAILED: $*" >&2; exit 1; }

# `--no-verify`: cargo's own verification builds the CLI against the
# library unpacked into $CARGO_HOME/registry/src/-<hash of this folder>/,
# and reuses that folder if it exists. A machine that packaged an older
# tree of the same version at the same path then builds the CLI against
# the old library. The checks below build both crates from the .crates
# this run made, in a scratch folder, so nothing stale is ever read.
# The two published crates; python/ is a wheel, never a .crate.
cargo package -p astana-corpus -p astana-corpus-cli --no-verify --offline --locked --quiet 2>"$scratch/warnings" ||
  { cat "$scratch/warnings" >&2; fail "cargo package"; }
version=$(bash action/crate-version.sh Cargo.toml)
lib=astana-corpus-$version cli=astana-corpus-cli-$version
for crate in "$lib" "$cli"; do
  tar -xzf "target/package/$crate.crate" -C "$scratch"
  echo "package: $crate.crate: $(tar -tzf "target/package/$crate.crate" | wc -l) files, $(wc -c < "target/package/$crate.crate") bytes"
done
for needed in data/manifest.json data/entities.json schema/article.schema.json docs/codebook.md conformance/README.md LICENSE-DATA.md; do
  [ -f "$scratch/$lib/$needed" ] || fail "$lib.crate has no $needed"
done
[ "$(find "$scratch/$lib/data/articles" -name '*.json' | wc -l)" = "$(find data/articles -name '*.json' | wc -l)" ] ||
  fail "$lib.crate does not hold every article of data/articles"

# Built outside the workspace, in a target folder of its own: a path
# package of another folder must not replace the workspace's artefacts.
export CARGO_TARGET_DIR=$repo/target/package-test
(cd "$scratch/$lib" && cargo test --offline --quiet --features validate,edit,review,codebook,export,diff) > "$scratch/lib-test" 2>&1 ||
  { cat "$scratch/lib-test" >&2; fail "the library's tests from its .crate"; }
grep "^test result" "$scratch/lib-test" | sed 's/^/package: library from the .crate: /'
# The CLI's .crate names the library by version only, as on crates.io; the
# unpacked library stands in for the registry's copy.
(cd "$scratch/$cli" && cargo build --offline --quiet \
  --config "patch.crates-io.astana-corpus.path=\"$scratch/$lib\"") > "$scratch/cli-build" 2>&1 ||
  { cat "$scratch/cli-build" >&2; fail "the tool from its .crate"; }
tool=$CARGO_TARGET_DIR/debug/astana-corpus
(cd "$scratch" && "$tool" stats --embedded) > "$scratch/stats" 2>&1 || { cat "$scratch/stats" >&2; fail "stats --embedded"; }
grep -q "^articles: $(find data/articles -name '*.json' | wc -l)$" "$scratch/stats" ||
  { cat "$scratch/stats" >&2; fail "the packaged tool's embedded corpus is not the repository's"; }
(cd "$scratch" && "$tool" validate "$scratch/$lib/data") > "$scratch/validate" 2>&1 ||
  { cat "$scratch/validate" >&2; fail "the packaged tool on the packaged data"; }
echo "package: the packaged tool on the packaged data: $(tail -n 1 "$scratch/validate")"
