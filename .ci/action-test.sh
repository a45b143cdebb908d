#!/usr/bin/env bash
# The composite Action, executed: .ci/run_action.py runs action.yml's steps
# as a runner would, with GITHUB_ACTION_PATH a checkout of this repository
# and GITHUB_WORKSPACE another git repository whose data folder has one
# error. Checks the ::error annotation, the SARIF file named in the step's
# outputs, the job's exit code, a cache key that changes with the action's
# ref, and that a second run reuses the build instead of compiling again.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet pyyaml
unset CARGO_TARGET_DIR
git clone -q "$repo" "$scratch/action"
# The first run builds from source, as on a runner with a cold cache;
# CI's release build is copied in first so that only the crates of the
# checkout compile (cargo's hashes do not depend on the folder).
if [ -d "$repo/target/release" ]; then
  mkdir -p "$scratch/action/target"
  cp -a "$repo/target/release" "$scratch/action/target/"
fi
workspace=$scratch/workspace
mkdir -p "$workspace"
cp -r "$repo/data" "$workspace/"
python3 - "$workspace/data/articles" <<'PY'
import json, pathlib, sys
path = sorted(pathlib.Path(sys.argv[1]).rglob("*.json"))[0]
article = json.loads(path.read_text(encoding="utf-8"))
article["facts"][0]["evidence"][0]["end"] += 1
path.write_text(json.dumps(article, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
PY
git -C "$workspace" init -q && git -C "$workspace" add -A && git -C "$workspace" -c user.name=ci -c user.email=ci@localhost commit -qm "a corpus with one error"

fail() { echo "action-test: FAILED: $*" >&2; exit 1; }
run() {
  local status=0
  ASTANA_INPUT_UPLOAD_SARIF=true RUNNER_TEMP=$scratch/runner-temp-$1 python3 "$repo/.ci/run_action.py" "$scratch/action" "$workspace" > "$scratch/run$1.log" 2>&1 || status=$?
  [ "$status" = 1 ] || { cat "$scratch/run$1.log" >&2; fail "run $1: the job exited $status, expected 1 (an error in the data)"; }
  tail -n 1 "$scratch/run$1.log" > "$scratch/summary$1.json"
}
start=$SECONDS
run 1
first=$((SECONDS - start))
bin=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["env"]["ASTANA_CORPUS_BIN"])' "$scratch/summary1.json")
built=$(stat -c %Y "$bin")
grep -q '^::error file=data/articles/.*evidence-quote-mismatch' "$scratch/run1.log" || { cat "$scratch/run1.log" >&2; fail "no ::error annotation for the broken article"; }
python3 - "$scratch/summary1.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
sarif_file = s["outputs"].get("validate.sarif-file")
assert sarif_file, f"no sarif-file output: {s['outputs']}"
sarif = json.load(open(sarif_file))
results = sarif["runs"][0]["results"]
assert any(r["ruleId"] == "evidence-quote-mismatch" for r in results), results
assert s.get("uploaded") == sarif_file, (s.get("uploaded"), sarif_file)
keys = s["cache_keys"]
assert keys[0] != keys[1], f"the cache key does not change with the action's ref: {keys}"
print(f"action-test: SARIF {sarif_file}: {len(results)} results; cache keys {keys}")
PY
start=$SECONDS
run 2
second=$((SECONDS - start))
[ "$(stat -c %Y "$bin")" = "$built" ] || fail "the second run rebuilt the tool"
echo "action-test: the job exits 1 with an ::error annotation and a SARIF report; first run ${first} s, second run ${second} s (build reused)"

# A released version named in `version`: a release as the release workflow
# packages it (.ci/package_binary.py), served from a folder. With a `cargo`
# that fails if called, the job must run on the prebuilt binary alone.
version=$(bash "$repo/action/crate-version.sh" "$repo/cli/Cargo.toml")
release=$scratch/release
python3 "$repo/.ci/package_binary.py" --bin "$bin" --target x86_64-unknown-linux-gnu --out "$release" >/dev/null
mkdir -p "$scratch/no-cargo"
printf '#!/bin/sh\necho "cargo must not run here: cargo $*" >&2\nexit 97\n' > "$scratch/no-cargo/cargo"
chmod +x "$scratch/no-cargo/cargo"
# released EXPECTED_STATUS NAME VERSION RELEASE_URL [PATH]: one job with `version` set.
released() {
  local expected=$1 name=$2 status=0
  ASTANA_INPUT_VERSION=$3 ASTANA_RELEASE_URL=$4 PATH=${5:-$PATH} RUNNER_TEMP=$scratch/runner-temp-$name \
    python3 "$repo/.ci/run_action.py" "$scratch/action" "$workspace" > "$scratch/$name.log" 2>&1 || status=$?
  [ "$status" = "$expected" ] || { cat "$scratch/$name.log" >&2; fail "$name: the job exited $status, expected $expected"; }
  echo "action-test: ok: $name -> exit $status"
}
released 1 prebuilt "$version" "file://$release" "$scratch/no-cargo:$PATH"
grep -q "using the prebuilt binary of release v$version" "$scratch/prebuilt.log" || { cat "$scratch/prebuilt.log" >&2; fail "the prebuilt binary was not used"; }
grep -q '^::error file=data/articles/.*evidence-quote-mismatch' "$scratch/prebuilt.log" || fail "the prebuilt binary did not annotate the error"
grep -q "ASTANA_CORPUS_BIN.*runner-temp-prebuilt/astana-corpus/astana-corpus-cli-v$version-" "$scratch/prebuilt.log" || fail "the job did not run the downloaded binary"
# A download that does not match its checksum is never run, nor rebuilt.
tampered=$scratch/tampered
cp -r "$release" "$tampered"
printf 'junk' >> "$tampered/astana-corpus-cli-v$version-x86_64-unknown-linux-gnu.tar.gz"
released 2 tampered "$version" "file://$tampered" "$scratch/no-cargo:$PATH"
grep -q "failed its check" "$scratch/tampered.log" || { cat "$scratch/tampered.log" >&2; fail "a tampered download was not refused"; }
! grep -q "cargo must not run" "$scratch/tampered.log" || fail "a tampered download fell back to a build"
# No binary for this runner: the fallback builds the checkout, which is that version.
mkdir -p "$scratch/empty-release"
released 1 fallback "$version" "file://$scratch/empty-release"
grep -q "no prebuilt binary of v$version here; building it from the action's checkout" "$scratch/fallback.log" || { cat "$scratch/fallback.log" >&2; fail "no fallback notice"; }
grep -q '^::error file=data/articles/.*evidence-quote-mismatch' "$scratch/fallback.log" || fail "the fallback build did not annotate the error"
# Another version with no binary: the checkout is not it, so the job fails and says what to do.
released 2 other-version 99.0.0 "file://$scratch/empty-release"
grep -q "the action's checkout is version $version, not 99.0.0" "$scratch/other-version.log" || { cat "$scratch/other-version.log" >&2; fail "no error naming both versions"; }
# A version that is not one never reaches a URL or a file name.
released 2 not-a-version '0.3.0/../../x' "file://$release" "$scratch/no-cargo:$PATH"
grep -q "is not a version like 0.3.0" "$scratch/not-a-version.log" || { cat "$scratch/not-a-version.log" >&2; fail "a malformed version was not refused"; }
echo "action-test: a named release runs its prebuilt binary with no cargo, refuses a tampered one, and falls back to building the checkout"
