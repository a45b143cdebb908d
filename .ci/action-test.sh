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
