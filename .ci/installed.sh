#!/usr/bin/env bash
# The tool as its users run it: installed with `cargo install`, run from
# folders that are not this repository. A fork of the corpus with one more
# article (made with `new`) and one error; every command is run from the
# fork's root, from a folder deep inside it, and from a folder with no
# corpus at all. Expected: the error is found, `new` writes only inside the
# fork, each command names the folder it used, and with no corpus the exit
# is 2. The repository's own data must come out unchanged.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# One target folder with the rest of CI: the release build is reused.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
# The default tool, as `cargo install astana-corpus-cli` gives it, and the
# full one (`--features full`) for bundle and Parquet.
cargo install --quiet --path "$repo/cli" --root "$scratch/install" --locked --offline
cargo install --quiet --path "$repo/cli" --root "$scratch/install-full" --locked --offline --features full
bin=$scratch/install/bin/astana-corpus
full=$scratch/install-full/bin/astana-corpus
before=$(cd "$repo" && git status --porcelain -- data schema docs)

fail() { echo "installed: FAILED: $*" >&2; exit 1; }
# expect CODE DIR ARGS...: runs the installed tool in DIR, checks the exit code.
expect() {
  local code=$1 dir=$2; shift 2
  local got=0
  (cd "$dir" && "$bin" "$@") > "$scratch/out" 2> "$scratch/err" || got=$?
  [ "$got" = "$code" ] || { cat "$scratch/out" "$scratch/err" >&2; fail "in $dir: astana-corpus $* exited $got, expected $code"; }
  echo "installed: ok: (in ${dir#"$scratch"/}) astana-corpus $* -> exit $got"
}
names_folder() {
  grep -q "note: data folder .*data, the nearest" "$scratch/err" || { cat "$scratch/err" >&2; fail "the command did not name its data folder"; }
}

fork=$scratch/fork
mkdir -p "$fork" "$scratch/nowhere"
cp -r "$repo/data" "$repo/schema" "$fork/"
mkdir -p "$fork/docs" && cp "$repo/docs/codebook.md" "$fork/docs/"
printf 'نص المقال الثاني كما نشر.\n' > "$scratch/text.txt"
expect 0 "$fork" new --outlet realist-arabic --id realist-arabic-second --text "$scratch/text.txt"
names_folder
[ -f "$fork/data/articles/realist-arabic/realist-arabic-second.json" ] || fail "new did not write into the fork"
# A new article has no facts; now one error: a span one past its quote.
python3 - "$fork/data/articles/realist-arabic" <<'PY'
import json, pathlib, sys
folder = pathlib.Path(sys.argv[1])
path = next(p for p in sorted(folder.glob("*.json")) if "second" not in p.name)
article = json.loads(path.read_text(encoding="utf-8"))
article["facts"][0]["evidence"][0]["end"] += 1
path.write_text(json.dumps(article, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
PY

deep=$fork/data/articles/realist-arabic
for here in "$fork" "$deep"; do
  expect 1 "$here" validate
  names_folder
  grep -q "evidence-quote-mismatch" "$scratch/out" || fail "validate in $here did not find the error"
  grep -q "2 articles" "$scratch/out" || fail "validate in $here did not read the fork's 2 articles"
  expect 0 "$here" stats
  grep -q "^articles: 2$" "$scratch/out" || fail "stats in $here did not read the fork"
  expect 0 "$here" fmt --check
  expect 0 "$here" migrate --check
  expect 0 "$here" review --out "$scratch/site"
  [ -f "$scratch/site/articles/realist-arabic-second.html" ] || fail "review did not render the fork"
  expect 0 "$here" export --format csv --out "$scratch/tables"
  # The installed default tool leaves Parquet and the bundle out, and says
  # which feature to install instead of failing on the data.
  expect 2 "$here" export --format parquet --out "$scratch/parquet"
  grep -q "without the \`parquet\` feature" "$scratch/err" || fail "export --format parquet: $(cat "$scratch/err")"
  [ ! -e "$scratch/parquet" ] || fail "export --format parquet wrote $scratch/parquet"
  expect 2 "$here" bundle --out "$scratch/bundle"
  grep -q "without the \`bundle\` feature" "$scratch/err" || fail "bundle: $(cat "$scratch/err")"
  bin=$full expect 1 "$here" bundle --out "$scratch/bundle"
  grep -q "validation errors" "$scratch/err" || fail "the full tool bundled a fork with an error: $(cat "$scratch/err")"
  bin=$full expect 0 "$here" export --format parquet --out "$scratch/parquet"
  [ -f "$scratch/parquet/facts.parquet" ] || fail "export --format parquet wrote no facts.parquet"
  rm -rf "$scratch/parquet"
  expect 0 "$here" schema --check
  # The codebook is generated from this repository's test fixtures.
  expect 2 "$here" codebook --check
  grep -q "not a checkout of astana-corpus" "$scratch/err" || fail "codebook outside a checkout: $(cat "$scratch/err")"
  expect 2 "$here" conformance --check
  grep -q "not a checkout of astana-corpus" "$scratch/err" || fail "conformance outside a checkout: $(cat "$scratch/err")"
  expect 0 "$here" diff "$repo/data" "$fork/data"
  grep -q "realist-arabic-second" "$scratch/out" || fail "diff did not see the new article"
  expect 0 "$here" stats --embedded
  grep -q "^articles: 1$" "$scratch/out" || fail "stats --embedded did not read the compiled-in corpus"
  rm -rf "$scratch/site" "$scratch/tables"
done

for command in validate stats "fmt --check" "migrate --check" "review --out $scratch/site" \
  "export --format csv --out $scratch/tables" "schema --check" "codebook --check" "conformance --check"; do
  # shellcheck disable=SC2086
  expect 2 "$scratch/nowhere" $command
  grep -q "no data folder" "$scratch/err" || fail "$command with no corpus: $(cat "$scratch/err")"
done
expect 2 "$scratch/nowhere" new --outlet realist-arabic --id realist-arabic-third --text "$scratch/text.txt"

after=$(cd "$repo" && git status --porcelain -- data schema docs)
[ "$before" = "$after" ] || fail "the repository's data, schema or docs changed: $after"
echo "installed: every command ran from the fork, from inside it and from nowhere"
