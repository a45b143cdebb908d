#!/usr/bin/env bash
# Benchmarks the validator against the floor and two peers on one synthetic
# corpus, in one run, alternating the commands:
#   floor           read every file and parse it to IgnoredAny, one thread
#   astana-corpus   validate: schema and every semantic rule
#   ajv             ajv 8 + ajv-formats, draft 2020-12, schema only
#   check-jsonschema  (PyPI), schema only
# Usage: bench/run.sh [ARTICLES=20000] [RUNS=5]
# PEER_RUNS (default RUNS) sets the runs of check-jsonschema, the slowest.
# Installs ajv (npm) and check-jsonschema (PyPI) into ignored folders under bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-20000}
runs=${2:-5}
peer_runs=${PEER_RUNS:-$runs}
work=${BENCH_DIR:-/tmp/astana-bench}
mkdir -p "$work"

cargo build --quiet --release --bin astana-corpus --example synth --example floor
bin=target/release
corpus="$work/corpus-$articles"
corrupt="$work/corrupt"
[ -d "$corpus" ] || "$bin/examples/synth" --articles "$articles" --seed 1 --out "$corpus" > /dev/null
[ -d "$corrupt" ] || "$bin/examples/synth" --articles 200 --seed 2 --corrupt 14 --out "$corrupt" > "$work/corruptions.txt"

if [ ! -d bench/.node/node_modules/ajv-formats ]; then
  mkdir -p bench/.node && (cd bench/.node && npm install --silent --no-audit --no-fund ajv@8 ajv-formats@3 > /dev/null)
fi
[ -x bench/.venv/bin/check-jsonschema ] || { python3 -m venv bench/.venv && bench/.venv/bin/pip install --quiet --disable-pip-version-check check-jsonschema; }
export NODE_PATH="$PWD/bench/.node/node_modules"
cp bench/ajv-validate.mjs bench/.node/ajv-validate.mjs

run_floor() { "$bin/examples/floor" "$1" > /dev/null; }
run_validate() { "$bin/astana-corpus" validate "$1" --format json > /dev/null; }
run_ajv() { node bench/.node/ajv-validate.mjs schema "$1" > /dev/null; }
run_cjs() {
  local dir=$1 status=0
  bench/.venv/bin/check-jsonschema --schemafile schema/manifest.schema.json "$dir/manifest.json" > /dev/null || status=1
  bench/.venv/bin/check-jsonschema --schemafile schema/entities.schema.json "$dir/entities.json" > /dev/null || status=1
  find "$dir/articles" -name '*.json' -print0 | xargs -0 bench/.venv/bin/check-jsonschema --schemafile schema/article.schema.json > /dev/null || status=1
  return $status
}

echo "== each tool really validates: the corrupted corpus must fail"
peers="validate ajv"; (( peer_runs > 0 )) && peers="$peers cjs"
for tool in $peers; do
  if "run_$tool" "$corrupt" 2> /dev/null; then echo "$tool accepted a corrupted corpus" >&2; exit 1; fi
  echo "  $tool: rejects the corrupted corpus"
done
for tool in validate ajv; do
  "run_$tool" "$corpus" || { echo "$tool rejected the valid corpus" >&2; exit 1; }
done

bytes=$(du -sb "$corpus" | cut -f1)
declare -A times rss
measure() { # tool
  local out
  out=$( { /usr/bin/time -f "%e %M" bash -c "$(declare -f "run_$1"); bin=$bin; run_$1 '$corpus'" > /dev/null; } 2>&1 | tail -1)
  times[$1]+="${out% *} "
  rss[$1]+="${out#* } "
}
echo "== $articles articles, $(( bytes / 1000000 )) MB, $runs runs (check-jsonschema: $peer_runs)"
for ((r = 1; r <= runs; r++)); do
  for tool in floor validate ajv; do measure "$tool"; done
  if (( r <= peer_runs )); then measure cjs; fi
done

python3 - "$bytes" "${times[floor]}" "${rss[floor]}" "${times[validate]}" "${rss[validate]}" "${times[ajv]}" "${rss[ajv]}" "${times[cjs]:-}" "${rss[cjs]:-}" <<'PY'
import statistics, sys
size = int(sys.argv[1])
rows = [("floor (IgnoredAny, 1 thread)",) + tuple(sys.argv[2:4]), ("astana-corpus validate",) + tuple(sys.argv[4:6]),
        ("ajv 8 (schema only)",) + tuple(sys.argv[6:8]), ("check-jsonschema (schema only)",) + tuple(sys.argv[8:10])]
floor = statistics.median(map(float, rows[0][1].split()))
print(f"{'tool':32} {'median s':>9} {'runs':>5} {'MB/s':>8} {'peak RSS MB':>12} {'x floor':>8}")
for name, times, rss in rows:
    if not times.strip():
        print(f"{name:32} {'not run (PEER_RUNS=0)':>9}")
        continue
    t = [float(x) for x in times.split()]
    m = statistics.median(t)
    peak = max(int(x) for x in rss.split()) / 1024
    print(f"{name:32} {m:9.2f} {len(t):5d} {size / 1e6 / m:8.1f} {peak:12.1f} {m / floor:8.2f}")
PY
