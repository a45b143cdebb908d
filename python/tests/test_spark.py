"""astana_corpus.spark.validate on PySpark local[2] gives the findings of
`astana-corpus validate --format json`, compared as sorted sets: on the
shipped data, on every conformance case, and on a synthetic corpus with
injected errors (ASTANA_SYNTH_CORPUS, 20,000 articles in CI). Without
pyspark the tests skip, unless ASTANA_REQUIRE_OPTIONAL is set, as CI sets it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator, List, Set, Tuple

import pytest

from astana_corpus import Report
from conftest import CONFORMANCE, REPO, SCRIPT, conformance_case, optional

optional("pyspark")

KEYS = ("rule", "severity", "file", "line", "column", "pointer", "message", "hint")
CASES = sorted(p for p in (CONFORMANCE / "cases").iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    # The executors run this interpreter, the one with the package.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("astana-corpus-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        # Loopback: large results are fetched from the driver's block
        # manager, which must not be sought at the machine's other address.
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def cli_json(folder: Path) -> Any:
    run = subprocess.run(
        [SCRIPT, "validate", "--format", "json", "."],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert run.returncode in (0, 1), run.stderr
    return json.loads(run.stdout)


def assert_same(report: Report, folder: Path) -> Set[Tuple[Any, ...]]:
    cli = cli_json(folder)
    from_cli = {tuple(f[k] for k in KEYS) for f in cli["findings"]}
    from_spark = {tuple(getattr(f, k) for k in KEYS) for f in report.findings}
    assert len(from_spark) == len(report.findings)
    assert from_spark == from_cli
    assert sorted((s.file, s.rule, s.count) for s in report.suppressed) == sorted(
        (s["file"], s["rule"], s["count"]) for s in cli["suppressed"]
    )
    assert dict(report.summary) == cli["summary"]
    return from_spark


def test_the_shipped_data(spark: Any) -> None:
    from astana_corpus.spark import validate

    assert assert_same(validate(spark, REPO / "data"), REPO / "data") == set()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_conformance_case(spark: Any, case: Path, tmp_path: Path) -> None:
    from astana_corpus.spark import validate

    folder, expected = conformance_case(case, tmp_path)
    if expected["command"] != "validate":
        pytest.skip(f"a {expected['command']} case: Spark validates one folder")
    found = assert_same(validate(spark, folder, partitions=2), folder)
    wanted: List[Tuple[str, str, str, str]] = [
        (f["rule"], f["severity"], f["file"], f["pointer"]) for f in expected["findings"]
    ]
    assert {(f[0], f[1], f[2], f[5]) for f in found} == set(wanted)


def test_a_synthetic_corpus_with_errors(spark: Any) -> None:
    from astana_corpus.spark import validate

    corpus = os.environ.get("ASTANA_SYNTH_CORPUS")
    if not corpus:
        pytest.skip("ASTANA_SYNTH_CORPUS names no synthetic corpus")
    report = validate(spark, corpus)
    found = assert_same(report, Path(corpus))
    rules = {f[0] for f in found}
    print(f"spark: {report.summary['articles']} articles, {len(found)} findings, rules {sorted(rules)}")
    assert report.summary["articles"] >= 1000 and len(rules) >= 5
