#!/usr/bin/env bash
# Benchmarks the validator against the floor and two peers, in one run,
# pair by pair, and prints the Markdown tables README shows:
#   floor             read every file and parse it to IgnoredAny, one thread
#   astana-corpus     validate: schema and every semantic rule
#   ajv               ajv 8 + ajv-formats, draft 2020-12, schema only
#   check-jsonschema  (PyPI), schema only
#
# Usage: bench/run.sh [--articles N] [--runs R]     (or: bench/run.sh [N] [R])
#   N (default 20000)       the main corpus: floor, validate and ajv; ajv
#                           only up to 100,000 articles
#   R (default 5)           runs of each tool at each size
#   SMALL (default 2000)    corpus for check-jsonschema, the slowest peer,
#                           and the first point of the growth curve
#   LARGE (default 100000)  corpus for peak memory and a later point;
#                           LARGE=0 skips it (it takes 2.4 GB of disk)
#   PEER_RUNS (default R)   runs of check-jsonschema; 0 skips it
#   COLD=1                  drop the page cache before every run (needs
#                           root); the report says whether it was cold
#   BENCH_DIR (default /tmp/astana-bench) where the corpora are generated
#   INSTRUCTIONS (default 1)  also count the instructions of the floor and
#                           of validate at SMALL articles under valgrind
#                           (cachegrind), when it is installed: unlike CPU
#                           time, the count does not move with other load
# Each run times the tools one after another, in an order that alternates
# from run to run (A B C, then C B A), and the report gives the ratio of
# each run's pair: its median and its range, for CPU time (user + system,
# the steadier measure on a shared machine) and for wall time.
# A corpus is generated only when the disk has room for it (about 24 KB an
# article, plus 10%); corpora over 100,000 articles are removed at the end
# (KEEP_CORPORA=1 keeps them). Installs ajv (npm) and check-jsonschema
# (PyPI) into ignored folders under bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
articles=20000 runs=5
positional=()
while (( $# )); do
  case $1 in
    --articles) articles=${2:?--articles takes a number}; shift 2 ;;
    --runs) runs=${2:?--runs takes a number}; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) positional+=("$1"); shift ;;
  esac
done
(( ${#positional[@]} > 0 )) && articles=${positional[0]}
(( ${#positional[@]} > 1 )) && runs=${positional[1]}
small=${SMALL:-2000}
large=${LARGE:-100000}
peer_runs=${PEER_RUNS:-$runs}
work=${BENCH_DIR:-/tmp/astana-bench}
mkdir -p "$work"

cargo build --quiet --release --bin astana-corpus --example synth --example floor
bin=target/release
corpus_of() { echo "$work/corpus-$1"; }
generated=()
cleanup() {
  [ "${KEEP_CORPORA:-0}" = 1 ] && return
  for dir in "${generated[@]}"; do rm -rf "$dir"; done
}
trap cleanup EXIT
for n in "$small" "$articles" "$large"; do
  (( n > 0 )) || continue
  dir=$(corpus_of "$n")
  [ -d "$dir" ] && continue
  need=$(( n * 24000 * 11 / 10 ))
  free=$(df -B1 --output=avail "$work" | tail -1)
  if (( need > free )); then
    echo "bench: $n articles need about $(( need / 1000000000 )) GB and $work has $(( free / 1000000000 )) GB free; set BENCH_DIR to a larger disk" >&2
    exit 1
  fi
  echo "== generating $n articles into $dir"
  "$bin/examples/synth" --articles "$n" --seed 1 --out "$dir" > /dev/null
  (( n > 100000 )) && generated+=("$dir")
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
main_tools=(floor validate)
(( articles <= 100000 )) && main_tools+=(ajv)
peers="validate ajv"; (( peer_runs > 0 )) && peers="$peers cjs"
for tool in $peers; do
  if "run_$tool" "$corrupt" 2> /dev/null; then echo "$tool accepted a corrupted corpus" >&2; exit 1; fi
  echo "  $tool: rejects the corrupted corpus"
done
for tool in "${main_tools[@]:1}"; do
  "run_$tool" "$(corpus_of "$articles")" || { echo "$tool rejected the valid corpus" >&2; exit 1; }
done

cold=warm
if [ "${COLD:-0}" = 1 ]; then
  if sync && (echo 3 > /proc/sys/vm/drop_caches) 2> /dev/null; then cold=cold; else
    echo "bench: cannot drop the page cache here (needs root); measuring warm" >&2
  fi
fi
# One line per measurement: size run tool wall-seconds cpu-seconds peak-RSS-KB.
results="$work/results.txt"
: > "$results"
# Wall time, CPU time (user + system, to the microsecond) and peak RSS of
# one command, from the kernel's accounting of its process tree.
timed=(python3 -c '
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.6f} {use.ru_utime + use.ru_stime:.6f} {use.ru_maxrss}")')
measure() { # size run tool
  [ "$cold" = cold ] && { sync; echo 3 > /proc/sys/vm/drop_caches; }
  echo "$1 $2 $3 $("${timed[@]}" bash -c "$(declare -f "run_$3"); bin=$bin; run_$3 '$(corpus_of "$1")'")" >> "$results"
}
# Runs `tools` at `size` R times, reversing the order every other run.
pairs() { # size tool...
  local size=$1 r; shift
  local order=("$@")
  for ((r = 1; r <= runs; r++)); do
    local tools=("${order[@]}")
    if (( r % 2 == 0 )); then
      tools=(); for ((i = ${#order[@]} - 1; i >= 0; i--)); do tools+=("${order[i]}"); done
    fi
    for tool in "${tools[@]}"; do measure "$size" "$r" "$tool"; done
  done
}
echo "== $runs runs at $articles articles (${main_tools[*]}), alternating, $cold page cache"
pairs "$articles" "${main_tools[@]}"
echo "== $runs runs at $small articles (floor, validate; check-jsonschema $peer_runs)"
if (( peer_runs > 0 )); then
  saved=$runs; runs=$peer_runs; pairs "$small" floor validate cjs; runs=$saved
  (( runs > peer_runs )) && for ((r = peer_runs + 1; r <= runs; r++)); do
    measure "$small" "$r" floor; measure "$small" "$r" validate
  done
else
  pairs "$small" floor validate
fi
if (( large > 0 && large != articles )); then
  echo "== $runs runs at $large articles (floor, validate)"
  pairs "$large" floor validate
fi

# Instructions: the steady measure on a shared machine. Each binary is run
# directly, so the count is its own (valgrind follows no child process).
instructions="$work/instructions.txt"
: > "$instructions"
if [ "${INSTRUCTIONS:-1}" = 1 ]; then
  if command -v valgrind > /dev/null; then
    echo "== instructions at $small articles (valgrind, cachegrind)"
    count() { # tool command...
      local tool=$1; shift
      valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 > /dev/null \
        | sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d , | sed "s/^/$tool /" >> "$instructions"
    }
    count floor "$bin/examples/floor" "$(corpus_of "$small")"
    count validate "$bin/astana-corpus" validate "$(corpus_of "$small")" --format json
  else
    echo "bench: valgrind is not installed; instruction counts skipped" >&2
  fi
fi

sizes=$(for n in "$small" "$articles" "$large"; do if (( n > 0 )); then echo "$n:$(du -sb "$(corpus_of "$n")" | cut -f1)"; fi; done | tr '\n' ' ')
python3 - "$results" "$articles" "$small" "$large" "$cold" "$instructions" $sizes <<'PY'
import collections, statistics, sys
results, main, small, large, cold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
counted = dict((tool, int(n)) for tool, n in (line.split() for line in open(sys.argv[6])))
size = {int(n): int(b) for n, b in (a.split(":") for a in sys.argv[7:])}
wall, cpu, rss = {}, {}, collections.defaultdict(list)
for line in open(results):
    n, r, tool, w, c, m = line.split()
    wall[int(n), int(r), tool] = float(w)
    cpu[int(n), int(r), tool] = float(c)
    rss[int(n), tool].append(int(m) / 1024)
runs = lambda n, tool: sorted(r for (m, r, t) in wall if m == n and t == tool)
med = lambda table, n, tool: statistics.median(table[n, r, tool] for r in runs(n, tool))
def pair(table, n, tool, base):
    """Median and range of the per-run ratio tool / base."""
    ratios = [table[n, r, tool] / table[n, r, base] for r in runs(n, tool) if (n, r, base) in table]
    return statistics.median(ratios), min(ratios), max(ratios)
shown = lambda p: f"{p[0]:.2f} ({p[1]:.2f}–{p[2]:.2f})"
names = {"floor": "floor (IgnoredAny, 1 thread)", "validate": "astana-corpus validate",
         "ajv": "ajv 8 (schema only)", "cjs": "check-jsonschema (schema only)"}

memory = next(int(line.split()[1]) * 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal:"))
print()
print(f"Page cache: {cold}. Ratios are per run (pair by pair): median (range).")
for n in sorted(size):
    if size[n] > memory * 0.8:
        print(f"The {n:,}-article corpus ({size[n] / 1e9:,.1f} GB) does not fit in this machine's "
              f"memory ({memory / 1e9:,.1f} GB): its runs read from disk whatever the page cache.")
print()
print("| corpus | tool | runs | wall s | CPU s | MB/s | peak RSS MB | wall × floor | CPU × floor |")
print("|---|---|---|---|---|---|---|---|---|")
for n in sorted(size):
    first = True
    for tool in ["floor", "validate", "ajv", "cjs"]:
        if not runs(n, tool):
            continue
        w = med(wall, n, tool)
        corpus = f"{n:,} articles, {size[n] / 1e6:,.0f} MB" if first else ""
        first = False
        print(f"| {corpus} | {names[tool]} | {len(runs(n, tool))} | {w:.3f} | {med(cpu, n, tool):.3f} "
              f"| {size[n] / 1e6 / w:,.0f} | {max(rss[n, tool]):,.0f} "
              f"| {shown(pair(wall, n, tool, 'floor'))} | {shown(pair(cpu, n, tool, 'floor'))} |")

print()
print("| measure | this run | issue minimum | goal | met |")
print("|---|---|---|---|---|")
def row(name, value, minimum, goal, ok):
    print(f"| {name} | {value} | {minimum} | {goal} | {'yes' if ok else '**no**'} |")
c = pair(cpu, main, "validate", "floor")
row(f"CPU validate / floor, {main:,} articles", shown(c) + "×", "≤ 2.5×", "≤ 2.0×", c[0] <= 2.5)
w = pair(wall, main, "validate", "floor")
row(f"wall validate / floor, {main:,} articles", shown(w) + "×", "≤ 1.5×", "≤ 1.2×", w[0] <= 1.5)
if "floor" in counted and "validate" in counted:
    i = counted["validate"] / counted["floor"]
    row(f"instructions validate / floor, {small:,} articles ({counted['validate'] / 1e6:,.1f} M "
        f"/ {counted['floor'] / 1e6:,.1f} M; steady where CPU time is not)",
        f"{i:.2f}×", "≤ 2.5×", "≤ 2.0×", i <= 2.5)
if runs(main, "ajv"):
    a = pair(wall, main, "ajv", "validate")
    row(f"ajv 8 / validate (wall), {main:,} articles", shown(a) + "×", "≥ 8×", "", a[0] >= 8)
if runs(small, "cjs"):
    r = pair(wall, small, "cjs", "validate")
    row(f"check-jsonschema / validate (wall), {small:,} articles", f"{r[0]:,.0f}×", "≥ 250×", "", r[0] >= 250)
points = [n for n in sorted(size) if runs(n, "validate")]
for n in points:
    if n >= 1_000_000:
        t, peak = med(wall, n, "validate"), max(rss[n, "validate"])
        row(f"validate wall, {n:,} articles", f"{t:.1f} s", "< 120 s", "< 90 s", t < 120)
        row(f"peak RSS of validate, {n:,} articles", f"{peak:,.0f} MB", "< 200 MB", "< 150 MB", peak < 200)
    elif n == 100_000:
        peak = max(rss[n, "validate"])
        row(f"peak RSS of validate, {n:,} articles", f"{peak:,.0f} MB", "< 100 MB", "", peak < 100)
per = {n: med(wall, n, "validate") / n * 1000 for n in points}
floor_per = {n: med(wall, n, "floor") / n * 1000 for n in points if runs(n, "floor")}
# Linear: the time per article at the largest corpus is within 1.25× of
# the smallest per-article time measured (start-up costs favour big
# corpora). A corpus larger than memory is read from disk, which slows the
# floor (linear by construction) as much: where the floor ran at every
# size, validate's time per article is taken relative to the floor's, as
# the median of each run's pair. (Medians of the two tools taken apart
# would pair validate's middle run with the floor's, minutes apart: one
# slow stretch of the machine under either flips the verdict.)
if len(floor_per) == len(points):
    relative = {n: pair(wall, n, "validate", "floor")[0] for n in points}
    spread = relative[points[-1]] / min(relative.values())
    measured = (" → ".join(f"{per[n]:.3f}" for n in points) + " (the floor: "
                + " → ".join(f"{floor_per[n]:.3f}" for n in points) + "; validate ÷ floor: "
                + " → ".join(f"{relative[n]:.2f}" for n in points) + ")")
else:
    spread = per[points[-1]] / min(per.values())
    measured = " → ".join(f"{per[n]:.3f}" for n in points)
row("growth, wall s per 1,000 articles at " + " → ".join(f"{n:,}" for n in points),
    measured, "linear", "", spread <= 1.25)
big = [n for n in points if n >= 100_000]
if len(big) >= 2:
    lo, hi = big[-2], big[-1]
    grow = (max(rss[hi, "validate"]) - max(rss[lo, "validate"])) * 1024 * 1024 / (hi - lo)
    row(f"peak RSS growth of validate, {lo:,} → {hi:,} articles", f"{grow:,.0f} bytes an article",
        "< 200 bytes an article", "", grow < 200)
PY
