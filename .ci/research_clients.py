"""Opens a release bundle with the tools researchers use, and asserts what
each returns: Frictionless, DuckDB (the query in README.md, verbatim),
pandas and mlcroissant. Usage: research_clients.py BUNDLE_DIR README.md"""

import json
import re
import sys
from pathlib import Path

bundle = Path(sys.argv[1]).resolve()
readme = Path(sys.argv[2]).read_text(encoding="utf-8")
package = json.loads((bundle / "datapackage.json").read_text(encoding="utf-8"))
row_counts = {
    r["name"]: sum(1 for _ in (bundle / "jsonl" / f"{r['name']}.jsonl").open(encoding="utf-8"))
    for r in package["resources"]
}
OBSERVERS = ["Iraq", "Jordan", "Lebanon", "United Nations"]
results = []


def check(name, condition, detail):
    results.append((name, bool(condition), detail))
    print(f"{'ok  ' if condition else 'FAIL'} {name}: {detail}")


# Frictionless: types, primary keys, foreign keys, hashes of every CSV.
from frictionless import validate

report = validate(str(bundle / "datapackage.json"))
errors = [] if report.valid else report.flatten(["rowNumber", "fieldName", "type", "note"])
check("frictionless", report.valid, f"{len(package['resources'])} resources, errors: {errors[:5]}")

# DuckDB: every table with the declared types, the README query verbatim,
# and code-point offsets checked in SQL.
import duckdb

con = duckdb.connect()
con.execute(f"SET file_search_path = '{bundle}'")
duck_type = {"string": "VARCHAR", "integer": "BIGINT", "date": "DATE"}
for resource in package["resources"]:
    columns = {f["name"]: duck_type[f["type"]] for f in resource["schema"]["fields"]}
    table = con.execute(
        f"SELECT * FROM read_csv('{resource['path']}', header=true, columns={columns!r})"
    )
    rows = table.fetchall()
    types = [str(t) for t in [d[1] for d in table.description]]
    check(
        f"duckdb csv {resource['name']}",
        len(rows) == row_counts[resource["name"]],
        f"{len(rows)} rows, types {sorted(set(types))}",
    )
    auto = con.execute(f"DESCRIBE SELECT * FROM '{resource['path']}'").fetchall()
    declared_int = {f["name"] for f in resource["schema"]["fields"] if f["type"] == "integer"}
    auto_int = {name for name, kind, *_ in auto if kind in ("BIGINT", "INTEGER")}
    check(f"duckdb auto types {resource['name']}", declared_int <= auto_int, f"integer columns {sorted(declared_int)}")
    jsonl = con.execute(f"SELECT count(*) FROM read_json('jsonl/{resource['name']}.jsonl', format='newline_delimited')").fetchone()[0]
    check(f"duckdb jsonl {resource['name']}", jsonl == row_counts[resource["name"]], f"{jsonl} rows")

section = readme[readme.index("## Download the data"):]
query = re.search(r"```sql\n(.*?)```", section, re.S).group(1)
answer = [row[0] for row in con.execute(query).fetchall()]
check("duckdb README query", answer == OBSERVERS, f"observers of round 20: {answer}")
for name in OBSERVERS:
    check(f"README shows {name}", name in section.split("```sql", 1)[1], "the answer printed in README")

# The second query of README: every claim about Turkey with its evidence.
queries = re.findall(r"```sql\n(.*?)```", section, re.S)
claims = con.execute(queries[1]).fetchall()
claim_ids = sorted({row[0] for row in claims})
check(
    "duckdb README claims about Turkey",
    claim_ids == ["realist-arabic-7087a378d90ed0f8#turkey-intends-normalisation"]
    and all(row[0] in section and row[2] in section for row in claims),
    f"{len(claims)} rows: {claim_ids}",
)

mismatches = con.execute(
    """
    SELECT count(*) FROM read_json('jsonl/evidence.jsonl', format='newline_delimited') AS e
    JOIN read_json('jsonl/facts.jsonl', format='newline_delimited') AS f USING (fact_id)
    JOIN read_json('jsonl/articles.jsonl', format='newline_delimited') AS a USING (article_id)
    WHERE substring(a.body, e.start + 1, e."end" - e.start) <> e.quote
    """
).fetchone()[0]
check("duckdb evidence offsets", mismatches == 0, f"{row_counts['evidence']} spans, {mismatches} mismatches")
lengths = con.execute(
    "SELECT count(*) FROM read_json('jsonl/articles.jsonl', format='newline_delimited') WHERE length(body) <> body_chars"
).fetchone()[0]
check("duckdb body_chars", lengths == 0, "body_chars equals length(body) in code points")

# pandas: the README snippet's reading of facts.csv.
import pandas as pd

facts = pd.read_csv(bundle / "csv/facts.csv", dtype={"round": "Int64"}, keep_default_na=False, na_values=[""])
rounds = sorted(int(r) for r in facts["round"].dropna())
check("pandas facts.csv", len(facts) == row_counts["facts"] and str(facts["round"].dtype) == "Int64", f"{len(facts)} rows, rounds {rounds}")
changes = facts[facts.kind == "participation_change"]
check("pandas participation changes", len(changes) == 5, f"{len(changes)} rows")
asserted = facts[facts.modality == "asserted"]
check("pandas modality", len(asserted) == len(facts) - 1, f"{len(facts) - len(asserted)} fact not asserted")

# The dates table: round 20 states its day and month; only the year is inferred.
parts = con.execute(
    """
    SELECT d.inferred_parts FROM 'csv/dates.csv' AS d JOIN 'csv/facts.csv' AS f ON d.owner_id = f.fact_id
    WHERE f.kind = 'meeting' AND f.round = 20 AND d.field = 'date'
    """
).fetchall()
check("duckdb inferred parts", parts == [("year",)], f"round 20: {parts}")

# The meetings merged across articles, with what attests them.
meetings = con.execute(
    """
    SELECT m.meeting_id, m.article_count, count(*) FILTER (WHERE a.value = 'participant')
    FROM 'csv/meetings.csv' AS m JOIN 'csv/meeting_attestations.csv' AS a USING (meeting_id)
    GROUP BY ALL ORDER BY m.meeting_id
    """
).fetchall()
check(
    "duckdb meetings",
    ("astana-format#round-20", 1, 10) in meetings and len(meetings) == 4,
    f"{meetings}",
)

# Parquet in pyarrow, Polars, DuckDB and pandas: every table in a folder of
# its own, read as a folder (as Spark and pyarrow datasets do), with the
# declared types and the same row counts as the CSV; pandas reads integers
# as nullable Int64 from the file's own metadata, with no dtype argument.
import pyarrow.parquet as pq
import polars as pl

arrow_type = {"integer": "int64", "date": "date32[day]"}
for resource in package["resources"]:
    name = resource["name"]
    folder = bundle / "parquet" / name
    files = sorted(p.name for p in folder.iterdir())
    check(f"parquet folder {name}", files == [f"{name}.parquet"], f"parquet/{name}/ holds {files}")
    table = pq.read_table(folder)
    expected = {}
    for f in resource["schema"]["fields"]:
        if f["type"] in arrow_type:
            expected[f["name"]] = arrow_type[f["type"]]
        elif "enum" in f.get("constraints", {}):
            expected[f["name"]] = "dictionary<values=string, indices=int32, ordered=0>"
        else:
            expected[f["name"]] = "string"
    got = {field.name: str(field.type) for field in table.schema}
    strings_ok = all(got[k] == v or (v == "string" and got[k] in ("string", "large_string")) for k, v in expected.items())
    # Parquet, like JSONL, also carries the article text (`body`).
    columns_ok = set(expected) <= set(got) and set(got) - set(expected) <= {"body"}
    check(f"pyarrow {name}", table.num_rows == row_counts[name] and columns_ok and strings_ok,
          f"{table.num_rows} rows; types {sorted(set(got.values()))}")
    frame = pl.read_parquet(folder / "*.parquet")
    date_cols = [f["name"] for f in resource["schema"]["fields"] if f["type"] == "date"]
    polars_ok = frame.height == row_counts[name] and all(frame.schema[c] == pl.Date for c in date_cols)
    check(f"polars {name}", polars_ok, f"{frame.height} rows, dates {date_cols}")
    duck_rows = con.execute(f"SELECT count(*) FROM read_parquet('parquet/{name}/*.parquet')").fetchone()[0]
    check(f"duckdb parquet {name}", duck_rows == row_counts[name], f"{duck_rows} rows")
    pdf = pd.read_parquet(folder)
    int_cols = [f["name"] for f in resource["schema"]["fields"] if f["type"] == "integer"]
    dtypes = {c: str(pdf[c].dtype) for c in int_cols}
    check(f"pandas parquet {name}", len(pdf) == row_counts[name] and all(d == "Int64" for d in dtypes.values()),
          f"{len(pdf)} rows, integers {dtypes}")

# Reading parquet/ as one dataset must fail loudly, never merge the tables
# into rows that mean nothing.
for tool, read in [
    ("pyarrow", lambda: pq.read_table(bundle / "parquet").num_rows),
    ("pandas", lambda: len(pd.read_parquet(bundle / "parquet"))),
    ("polars", lambda: pl.read_parquet(bundle / "parquet").height),
    ("duckdb", lambda: con.execute("SELECT count(*) FROM 'parquet/*.parquet'").fetchone()[0]),
]:
    try:
        outcome = f"read {read()} rows"
        refused = False
    except Exception as e:  # each tool raises its own error type
        outcome = f"refused: {type(e).__name__}: {str(e).splitlines()[0][:100]}"
        refused = True
    check(f"{tool} refuses parquet/ as one table", refused, outcome)

answer = [r[0] for r in con.execute(
    query.replace("'csv/facts.csv'", "'parquet/facts/*.parquet'")
         .replace("'csv/participants.csv'", "'parquet/participants/*.parquet'")
         .replace("'csv/entities.csv'", "'parquet/entities/*.parquet'")
).fetchall()]
check("duckdb README query on parquet", answer == OBSERVERS, f"{answer}")

# Hugging Face datasets: the bundle's README is a dataset card whose
# configs load offline, one per table.
import os
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"
# The card's recipe uses the default cache: keep it out of the home folder.
os.environ["HF_DATASETS_CACHE"] = str(bundle.parent / "hf-cache")
import datasets

datasets.disable_progress_bars()
for resource in package["resources"]:
    name = resource["name"]
    loaded = datasets.load_dataset(str(bundle), name, cache_dir=str(bundle.parent / "hf-cache"))
    rows = sum(split.num_rows for split in loaded.values())
    check(f"datasets {name}", rows == row_counts[name], f"{rows} rows in {list(loaded)}")

# The dataset card's recipes, verbatim, in the bundle's folder: what a
# researcher who reads only the bundle would run.
import contextlib
import io
import shutil
import subprocess

card = (bundle / "README.md").read_text(encoding="utf-8")
check("card is the bundle's own", "cargo" not in card and card.startswith("---\n"), "no developer instructions")
check("card licence", "\nlicense: other\n" in card, "license: other, the split explained")
blocks = re.findall(r"```(\w+)\n(.*?)```", card, re.S)
recipes = {}
for lang, code in blocks:
    first = code.split("\n", 1)[0]
    name = first[2:].strip() if lang == "python" and first.startswith("# ") else lang
    recipes[name] = code
check("card recipes", {"sql", "pandas", "polars", "spark", "datasets", "r", "bibtex"} <= set(recipes), f"{sorted(recipes)}")
os.chdir(bundle)
answer = [row[0] for row in duckdb.connect().execute(recipes["sql"]).fetchall()]
check("card recipe duckdb", answer == OBSERVERS, f"{answer}")
for name, verify in [
    ("pandas", lambda ns: list(ns["changes"].columns[2:6]) == ["modality", "condition_en", "date_start", "date_precision"]
        and len(ns["changes"]) == 5 and str(ns["facts"]["round"].dtype) == "Int64"),
    ("polars", lambda ns: ns["meetings"].height == row_counts["meetings"]),
    ("datasets", lambda ns: ns["facts"].num_rows == row_counts["facts"]),
]:
    namespace = {}
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exec(recipes[name], namespace)
        check(f"card recipe {name}", verify(namespace), printed.getvalue().strip().splitlines()[0][:100])
    except Exception as e:  # a recipe that fails is a failed check, not a crash
        check(f"card recipe {name}", False, f"{type(e).__name__}: {e}")
rscript = shutil.which("Rscript")
if rscript:
    out = subprocess.run([rscript, "-e", recipes["r"]], capture_output=True, text=True, check=False)
    names = out.stdout.split("\n")[:-1]
    check("card recipe r (base R)", names == OBSERVERS, f"{names} {out.stderr.strip()[:200]}")
else:
    print("skip card recipe r: no Rscript (Debian package r-base-core)")
print("skip card recipe r with arrow: Debian packages no r-cran-arrow; the base-R recipe is checked instead")

# mlcroissant: load the metadata and iterate every record set.
import mlcroissant as mlc

dataset = mlc.Dataset(jsonld=str(bundle / "croissant.json"))
croissant = json.loads((bundle / "croissant.json").read_text(encoding="utf-8"))
for key in ["@context", "@type", "name", "description", "license", "conformsTo", "distribution", "recordSet", "version"]:
    check(f"croissant has {key}", key in croissant, "required key present")
for record_set in croissant["recordSet"]:
    records = list(dataset.records(record_set=record_set["name"]))
    check(f"mlcroissant {record_set['name']}", len(records) == row_counts[record_set["name"]], f"{len(records)} records")

failed = [name for name, ok, _ in results if not ok]
print(f"research clients: {len(results) - len(failed)} passed, {len(failed)} failed")
sys.exit(1 if failed else 0)
