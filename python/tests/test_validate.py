"""validate() gives what `astana-corpus validate --format json` gives, and
every conformance case's findings."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import List, Set, Tuple

import pytest

from astana_corpus import validate
from conftest import BASE, CONFORMANCE, SCRIPT, conformance_case

CASES = sorted(p for p in (CONFORMANCE / "cases").iterdir() if p.is_dir())


def test_a_folder_with_an_error(base_copy: Path) -> None:
    article = next(base_copy.glob("articles/*/*.json"))
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace('"id": "', '"id": "Not An Id ', 1), encoding="utf-8")
    report = validate(base_copy)
    assert report.errors >= 1
    finding = report.findings[0]
    assert finding.file.startswith("articles/") and finding.line > 0 and finding.column > 0
    assert finding.hint
    sarif = json.loads(report.to_sarif())
    assert sarif["version"] == "2.1.0"
    assert len(sarif["runs"][0]["results"]) == len(report.findings)


def test_the_same_findings_as_the_console_script(base_copy: Path) -> None:
    (base_copy / "entities.json").write_text("{", encoding="utf-8")
    report = validate(base_copy)
    run = subprocess.run(
        [SCRIPT, "validate", "--format", "json", "."],
        cwd=base_copy,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stderr
    cli = json.loads(run.stdout)
    keys = ("rule", "severity", "file", "line", "column", "pointer", "message", "hint")
    from_cli = sorted(tuple(f[k] for k in keys) for f in cli["findings"])
    from_python = sorted(tuple(getattr(f, k) for k in keys) for f in report.findings)
    assert from_python == from_cli and from_python


def console_script(folder: Path, format: str) -> str:
    run = subprocess.run(
        [SCRIPT, "validate", "--format", format, "."],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert run.returncode in (0, 1), run.stderr
    return run.stdout


def test_related_places_and_both_renderings_are_the_console_scripts(base_copy: Path) -> None:
    # An entity listed twice: a finding with a related place.
    entities = base_copy / "entities.json"
    doc = json.loads(entities.read_text(encoding="utf-8"))
    doc["entities"].append(doc["entities"][0])
    entities.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    report = validate(base_copy)
    related = [f for f in report.findings if f.related]
    assert related and related[0].related[0].line > 0 and related[0].related[0].label
    assert report.to_json() == console_script(base_copy, "json")
    assert report.to_sarif() == console_script(base_copy, "sarif")


def test_a_valid_folder_has_no_findings() -> None:
    assert validate(BASE).findings == ()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_conformance_case(case: Path, tmp_path: Path) -> None:
    folder, expected = conformance_case(case, tmp_path)
    if expected["command"] != "validate":
        pytest.skip(f"a {expected['command']} case: validate() checks one folder")
    found: Set[Tuple[str, str, str, str]] = {
        (f.rule, f.severity, f.file, f.pointer) for f in validate(folder).findings
    }
    wanted: List[Tuple[str, str, str, str]] = [
        (f["rule"], f["severity"], f["file"], f["pointer"]) for f in expected["findings"]
    ]
    assert found == set(wanted)
    report = validate(folder)
    assert report.to_json() == console_script(folder, "json")


def test_bad_arguments_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        validate(BASE, format="sarif")
    with pytest.raises(OSError):
        validate(tmp_path / "missing")
