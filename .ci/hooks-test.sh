#!/usr/bin/env bash
# The pre-commit hooks, executed as another repository runs them: a
# `.pre-commit-config.yaml` that names this repository at a commit, and
# `pre-commit run` (pre-commit from PyPI) in a git repository with its own
# data folder, once on a commit that passes and once on one that fails
# both hooks (an error, and a file not in canonical form). pre-commit
# clones the hook repository once into its cache, as on a user's machine,
# and the hooks build the tool there once; CI's release build is copied in
# so that only its crates compile. It tests the committed HEAD: commit
# first when running it by hand.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 -m venv "$scratch/venv"
"$scratch/venv/bin/pip" install --quiet "pre-commit==4.7.0"
export PRE_COMMIT_HOME=$scratch/pre-commit-home
export CARGO_TARGET_DIR=$scratch/target
if [ -d "$repo/target/release" ]; then
  mkdir -p "$CARGO_TARGET_DIR" && cp -a "$repo/target/release" "$CARGO_TARGET_DIR/"
fi
consumer=$scratch/consumer
mkdir -p "$consumer"
cp -r "$repo/data" "$consumer/"
git -C "$consumer" init -q
fail() { echo "hooks-test: FAILED: $*" >&2; exit 1; }
[ -z "$(git -C "$repo" status --porcelain --untracked-files=no)" ] ||
  echo "hooks-test: note: $repo has uncommitted changes; the hooks run its HEAD" >&2
# The consumer's configuration, as the README shows it, at hook repository
# $1 and revision $2.
configure() {
  cat > "$consumer/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $1
    rev: $2
    hooks:
      - id: astana-corpus-validate
      - id: astana-corpus-fmt
YAML
  git -C "$consumer" add -A
}
configure "$repo" "$(git -C "$repo" rev-parse HEAD)"
try() {
  local expected=$1 hook=$2 status=0
  (cd "$consumer" && "$scratch/venv/bin/pre-commit" run "$hook" --all-files) > "$scratch/out" 2>&1 || status=$?
  [ "$status" = "$expected" ] || { cat "$scratch/out" >&2; fail "$hook exited $status, expected $expected"; }
  echo "hooks-test: ok: $hook -> exit $status"
}
try 0 astana-corpus-validate
try 0 astana-corpus-fmt
# One error, and one file minified (not canonical).
python3 - "$consumer/data" <<'PY'
import json, pathlib, sys
data = pathlib.Path(sys.argv[1])
path = sorted((data / "articles").rglob("*.json"))[0]
article = json.loads(path.read_text(encoding="utf-8"))
article["facts"][0]["evidence"][0]["end"] += 1
path.write_text(json.dumps(article, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
entities = data / "entities.json"
entities.write_text(json.dumps(json.loads(entities.read_text(encoding="utf-8")), ensure_ascii=False), encoding="utf-8")
PY
git -C "$consumer" add -A
try 1 astana-corpus-validate
grep -q "evidence-quote-mismatch" "$scratch/out" || { cat "$scratch/out" >&2; fail "validate did not report the error"; }
try 1 astana-corpus-fmt
grep -q "would reformat: .*entities.json" "$scratch/out" || { cat "$scratch/out" >&2; fail "fmt --check did not name the minified file"; }
echo "hooks-test: both hooks pass a good commit and fail a bad one, run by pre-commit from another repository"

# A hook checkout that is a release (its commit is the one the tag
# v<version> names): the hooks run that release's prebuilt binary, with a
# `cargo` that fails if called and no build to reuse.
version=$(bash "$repo/action/crate-version.sh" "$repo/cli/Cargo.toml")
released_repo=$scratch/released
git clone -q "$repo" "$released_repo"
git -C "$released_repo" tag "v$version"
python3 "$repo/.ci/package_binary.py" --bin "$CARGO_TARGET_DIR/release/astana-corpus" \
  --target x86_64-unknown-linux-gnu --out "$scratch/release" >/dev/null
mkdir -p "$scratch/no-cargo"
printf '#!/bin/sh\necho "cargo must not run here: cargo $*" >&2\nexit 97\n' > "$scratch/no-cargo/cargo"
chmod +x "$scratch/no-cargo/cargo"
configure "$released_repo" "v$version"
prebuilt_try() {
  local expected=$1 hook=$2 status=0
  (cd "$consumer" && env -u CARGO_TARGET_DIR PATH="$scratch/no-cargo:$PATH" \
    ASTANA_RELEASE_URL="file://$scratch/release" \
    "$scratch/venv/bin/pre-commit" run "$hook" --all-files) > "$scratch/out" 2>&1 || status=$?
  [ "$status" = "$expected" ] || { cat "$scratch/out" >&2; fail "$hook (release checkout) exited $status, expected $expected"; }
  ! grep -q "cargo must not run" "$scratch/out" || { cat "$scratch/out" >&2; fail "$hook built from source on a release checkout"; }
  echo "hooks-test: ok: $hook (prebuilt) -> exit $status"
}
prebuilt_try 1 astana-corpus-validate
grep -q "using the prebuilt binary of release v$version" "$scratch/out" || { cat "$scratch/out" >&2; fail "the prebuilt binary was not fetched"; }
grep -q "evidence-quote-mismatch" "$scratch/out" || { cat "$scratch/out" >&2; fail "the prebuilt validate did not report the error"; }
# The second hook finds the binary the first one fetched, in pre-commit's
# clone, and fetches nothing.
prebuilt_try 1 astana-corpus-fmt
! grep -q "using the prebuilt binary" "$scratch/out" || { cat "$scratch/out" >&2; fail "the second hook fetched the release again"; }
grep -q "would reformat: .*entities.json" "$scratch/out" || { cat "$scratch/out" >&2; fail "the prebuilt fmt --check did not name the minified file"; }
echo "hooks-test: a release checkout runs the prebuilt binary without cargo; any other builds from source"
