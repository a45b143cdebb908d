"""`Corpus.table`: the tidy tables through the Arrow PyCapsule interface.

Every table equals what `astana-corpus export --format jsonl` writes, read
by pyarrow, polars, DuckDB and pandas (both dtype backends). "Without
copying" is checked directly: the addresses of the buffers a reader holds
are the addresses of the engine's buffers. ASTANA_SYNTH_CLEAN_CORPUS names
a valid synthetic corpus (20,000 articles in CI) for the same check at
scale."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List, Literal, Set

import pytest

from astana_corpus import Corpus, Table
from conftest import BASE, SCRIPT, optional

Row = Dict[str, Any]


def exported(tmp_path: Path, *source: str) -> Dict[str, List[Row]]:
    """Every table as the console script's JSONL export writes it."""
    out = tmp_path / "tables"
    run = subprocess.run(
        [SCRIPT, "export", "--format", "jsonl", "--out", str(out), *source],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    return {
        f.stem: [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines()]
        for f in sorted(out.glob("*.jsonl"))
    }


def plain(value: Any) -> Any:
    """A cell as JSON writes it: dates as `YYYY-MM-DD`, every kind of
    missing (None, pandas' NA, a categorical's NaN) as None."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    pd = sys.modules.get("pandas")
    if value is not None and pd is not None and pd.isna(value) is True:
        return None
    return value


def rows_of(records: Iterator[Row]) -> List[Row]:
    return [{k: plain(v) for k, v in r.items()} for r in records]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.embedded()


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, List[Row]]:
    return exported(tmp_path_factory.mktemp("export"), "--embedded")


def test_the_tables_are_the_exports(corpus: Corpus, jsonl: Dict[str, List[Row]]) -> None:
    assert set(corpus.table_names()) == set(jsonl)
    for name in corpus.table_names():
        table = corpus.table(name)
        assert table.name == name
        assert table.num_rows == len(table) == len(jsonl[name])
        if jsonl[name]:
            assert list(table.columns) == list(jsonl[name][0])


def test_an_unknown_table_names_the_known_ones(corpus: Corpus) -> None:
    with pytest.raises(ValueError, match='unknown table "fact": one of files, manifest'):
        corpus.table("fact")


@pytest.mark.parametrize("source", ["embedded", "folder"])
def test_pyarrow_reads_every_table_as_exported(source: str, tmp_path: Path) -> None:
    pa = optional("pyarrow")
    if source == "embedded":
        corpus, expected = Corpus.embedded(), exported(tmp_path, "--embedded")
    else:
        corpus, expected = Corpus.from_dir(BASE), exported(tmp_path, "--data", str(BASE))
    for name in corpus.table_names():
        arrow = pa.table(corpus.table(name))
        assert arrow.column_names == list(corpus.table(name).columns)
        assert rows_of(iter(arrow.to_pylist())) == expected[name], name


def test_the_tables_carry_the_exports_arrow_types(corpus: Corpus) -> None:
    pa = optional("pyarrow")
    schema = pa.table(corpus.table("facts")).schema
    assert schema.field("round").type == pa.int64()
    assert schema.field("round").nullable
    assert not schema.field("fact_index").nullable
    assert schema.field("date_first_day").type == pa.date32()
    assert pa.types.is_dictionary(schema.field("kind").type)
    assert pa.schema(corpus.table("facts")) == schema


def buffer_addresses(array: Any) -> List[int]:
    """Every buffer a pyarrow array holds, its dictionary's included."""
    pa = sys.modules["pyarrow"]
    out = [b.address for b in array.buffers() if b is not None and b.size > 0]
    if pa.types.is_dictionary(array.type):
        out += buffer_addresses(array.dictionary)
    return out


def assert_no_copy(table: Table) -> int:
    """The buffers pyarrow and pandas (pyarrow backend) hold are the
    engine's own; returns how many were compared."""
    pa = optional("pyarrow")
    optional("pandas")
    engine: Set[int] = set(table._native.buffer_addresses())
    arrow = pa.table(table)
    held = [a for column in arrow.columns for chunk in column.chunks for a in buffer_addresses(chunk)]
    assert held and set(held) <= engine
    frame = table.to_pandas("pyarrow")
    in_pandas = [
        a
        for name in table.columns
        for chunk in frame[name].array.__arrow_array__().chunks
        for a in buffer_addresses(chunk)
    ]
    assert sorted(in_pandas) == sorted(held)
    return len(held)


def test_readers_share_the_engines_buffers(corpus: Corpus) -> None:
    for name in corpus.table_names():
        assert_no_copy(corpus.table(name))
    # Two calls hand out the same buffers: the tables are made once.
    assert corpus.table("facts")._native.buffer_addresses() == corpus.table("facts")._native.buffer_addresses()


def test_no_copy_at_scale() -> None:
    folder = os.environ.get("ASTANA_SYNTH_CLEAN_CORPUS")
    if not folder:
        pytest.skip("ASTANA_SYNTH_CLEAN_CORPUS names no synthetic corpus")
    corpus = Corpus.from_dir(folder)
    facts = corpus.table("facts")
    assert facts.num_rows >= 20_000
    assert assert_no_copy(facts) > 0
    assert assert_no_copy(corpus.table("evidence")) > 0


@pytest.mark.parametrize("backend", ["pyarrow", "numpy_nullable"])
def test_to_pandas_keeps_integers_integers(
    corpus: Corpus, jsonl: Dict[str, List[Row]], backend: Literal["pyarrow", "numpy_nullable"]
) -> None:
    pd = optional("pandas")
    if backend == "pyarrow":
        optional("pyarrow")
    for name in corpus.table_names():
        frame = corpus.table(name).to_pandas(backend)
        assert list(frame.columns) == list(corpus.table(name).columns)
        for column in frame.columns:
            assert frame[column].dtype.kind != "f", f"{name}.{column} is {frame[column].dtype}"
        assert rows_of(iter(frame.to_dict("records"))) == jsonl[name], name
    rounds = corpus.table("facts").to_pandas(backend)["round"]
    assert pd.api.types.is_integer_dtype(rounds.dtype)
    assert rounds.isna().any() and 20 in set(rounds.dropna())


def test_to_pandas_refuses_an_unknown_backend(corpus: Corpus) -> None:
    optional("pandas")
    with pytest.raises(ValueError, match="dtype_backend 'numpy'"):
        corpus.table("facts").to_pandas("numpy")  # type: ignore[arg-type]


def test_polars_reads_the_stream(corpus: Corpus, jsonl: Dict[str, List[Row]]) -> None:
    pl = optional("polars")
    for name in corpus.table_names():
        frame = pl.DataFrame(corpus.table(name))
        assert frame.columns == list(corpus.table(name).columns)
        assert rows_of(iter(frame.to_dicts())) == jsonl[name], name
    assert pl.DataFrame(corpus.table("facts")).schema["round"] == pl.Int64


def test_duckdb_queries_the_stream(corpus: Corpus, jsonl: Dict[str, List[Row]]) -> None:
    duckdb = optional("duckdb")
    facts = corpus.table("facts")
    counted = duckdb.sql("select kind, count(*) from facts group by kind order by kind").fetchall()
    by_kind: Dict[str, int] = {}
    for row in jsonl["facts"]:
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + 1
    assert counted == sorted(by_kind.items())
    relation = duckdb.sql("select * from facts")
    assert relation.columns == list(facts.columns)
    rows = [dict(zip(relation.columns, r)) for r in relation.fetchall()]
    assert rows_of(iter(rows)) == jsonl["facts"]
