#!/usr/bin/env bash
# Benchmarks the validator against the floor and two peers, in one run,
# alternating the commands, and prints the Markdown tables README shows:
#   floor             read every file and parse it to IgnoredAny, one thread
#   astana-corpus     validate: schema and every semantic rule
#   ajv               ajv 8 + ajv-formats, draft 2020-12, schema only
#   check-jsonschema  (PyPI), schema only
#
# Usage: bench/run.sh [ARTICLES=20000] [RUNS=5]
#   SMALL (default 2000)    corpus for check-jsonschema, the slowest peer,
#                           and the first point of the growth curve
#   LARGE (default 100000)  corpus for peak memory and the last point;
#                           LARGE=0 skips it (it takes 2.4 GB of disk)
#   PEER_RUNS (default RUNS) runs of check-jsonschema; 0 skips it
#   BENCH_DIR (default /tmp/astana-bench) where the corpora are generated
# Installs ajv (npm) and check-jsonschema (PyPI) into ignored folders
# under bench/. Figures are medians; ratios compare tools timed in this
# run, on the same files, so a busy machine moves both sides.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-20000}
runs=${2:-5}
small=${SMALL:-2000}
large=${LARGE:-100000}
peer_runs=${PEER_RUNS:-$runs}
work=${BENCH_DIR:-/tmp/astana-bench}
mkdir -p "$work"

cargo build --quiet --release --bin astana-corpus --example synth --example floor
bin=target/release
corpus_of() { echo "$work/corpus-$1"; }
for n in "$small" "$articles" "$large"; do
  (( n > 0 )) || continue
  dir=$(corpus_of "$n")
  [ -d "$dir" ] || "$bin/examples/synth" --articles "$n" --seed 1 --out "$dir" > /dev/null
done
corrupt="$work/corrupt"
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

echo "== each tool really validates: the corrupted corpus must fail, the valid one pass"
peers="validate ajv"; (( peer_runs > 0 )) && peers="$peers cjs"
for tool in $peers; do
  if "run_$tool" "$corrupt" 2> /dev/null; then echo "$tool accepted a corrupted corpus" >&2; exit 1; fi
  echo "  $tool: rejects the corrupted corpus"
done
for tool in validate ajv; do
  "run_$tool" "$(corpus_of "$articles")" || { echo "$tool rejected the valid corpus" >&2; exit 1; }
done

# One line per measurement: size tool seconds peak-RSS-KB.
results="$work/results.txt"
: > "$results"
measure() { # size tool; wall time in microseconds (GNU time rounds to 10 ms)
  local start end rss_kb
  start=$(date +%s%N)
  rss_kb=$( { /usr/bin/time -f "%M" bash -c "$(declare -f "run_$2"); bin=$bin; run_$2 '$(corpus_of "$1")'" > /dev/null; } 2>&1 | tail -1)
  end=$(date +%s%N)
  echo "$1 $2 $(( (end - start) / 1000 ))e-6 $rss_kb" >> "$results"
}
echo "== $runs runs at $articles articles (floor, validate, ajv), alternating"
for ((r = 1; r <= runs; r++)); do
  for tool in floor validate ajv; do measure "$articles" "$tool"; done
done
echo "== $runs runs at $small articles (floor, validate; check-jsonschema $peer_runs)"
for ((r = 1; r <= runs; r++)); do
  for tool in floor validate; do measure "$small" "$tool"; done
  if (( r <= peer_runs )); then measure "$small" cjs; fi
done
if (( large > 0 )); then
  echo "== $runs runs at $large articles (floor, validate)"
  for ((r = 1; r <= runs; r++)); do
    for tool in floor validate; do measure "$large" "$tool"; done
  done
fi

sizes=$(for n in "$small" "$articles" "$large"; do if (( n > 0 )); then echo "$n:$(du -sb "$(corpus_of "$n")" | cut -f1)"; fi; done | tr '\n' ' ')
python3 - "$results" "$articles" "$small" "$large" $sizes <<'PY'
import collections, statistics, sys
results, main, small, large = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
size = {int(n): int(b) for n, b in (a.split(":") for a in sys.argv[5:])}
times, rss = collections.defaultdict(list), collections.defaultdict(list)
for line in open(results):
    n, tool, t, m = line.split()
    times[int(n), tool].append(float(t))
    rss[int(n), tool].append(int(m) / 1024)
med = lambda n, tool: statistics.median(times[n, tool])
names = {"floor": "floor (IgnoredAny, 1 thread)", "validate": "astana-corpus validate",
         "ajv": "ajv 8 (schema only)", "cjs": "check-jsonschema (schema only)"}

print()
print("| corpus | tool | median s | runs | MB/s | peak RSS MB | × floor |")
print("|---|---|---|---|---|---|---|")
for n in sorted(size):
    first = True
    for tool in ["floor", "validate", "ajv", "cjs"]:
        if not times[n, tool]:
            continue
        m = med(n, tool)
        corpus = f"{n:,} articles, {size[n] / 1e6:,.0f} MB" if first else ""
        first = False
        print(f"| {corpus} | {names[tool]} | {m:.3f} | {len(times[n, tool])} | {size[n] / 1e6 / m:,.0f} "
              f"| {max(rss[n, tool]):,.0f} | {m / med(n, 'floor'):.2f} |")

print()
print("| measure | this run | issue minimum | goal | met |")
print("|---|---|---|---|---|")
def row(name, value, minimum, goal, ok):
    print(f"| {name} | {value} | {minimum} | {goal} | {'yes' if ok else '**no**'} |")
ratio = med(main, "validate") / med(main, "floor")
row(f"validate / floor, {main:,} articles", f"{ratio:.2f}×", "≤ 2.0×", "≤ 1.5×", ratio <= 2.0)
if times[main, "ajv"]:
    r = med(main, "ajv") / med(main, "validate")
    row(f"ajv 8 / validate, {main:,} articles", f"{r:.1f}×", "≥ 5×", "", r >= 5)
if times[small, "cjs"]:
    r = med(small, "cjs") / med(small, "validate")
    row(f"check-jsonschema / validate, {small:,} articles", f"{r:,.0f}×", "≥ 250×", "", r >= 250)
if large and times[large, "validate"]:
    peak = max(rss[large, "validate"])
    row(f"peak RSS of validate, {large:,} articles", f"{peak:,.0f} MB", "< 100 MB", "", peak < 100)
points = [n for n in sorted(size) if times[n, "validate"]]
per = {n: med(n, "validate") / n * 1000 for n in points}
# Linear: the time per article at the largest corpus is within 1.25× of
# the smallest per-article time measured (start-up costs favour big corpora).
spread = per[points[-1]] / min(per.values())
row("growth, s per 1,000 articles at " + " → ".join(f"{n:,}" for n in points),
    " → ".join(f"{per[n]:.2f}" for n in points), "linear", "", spread <= 1.25)
PY
