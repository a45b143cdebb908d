"""Shared helpers: the repository's folders, found from this file (never
from the current folder), and corpora copied into pytest's tmp_path."""

from __future__ import annotations

import importlib
import json
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, Tuple

import pytest

REPO = Path(__file__).resolve().parents[2]
CONFORMANCE = REPO / "conformance"
BASE = CONFORMANCE / "base"
# The console script the wheel installed beside this interpreter.
SCRIPT = str(Path(sys.executable).parent / "astana-corpus")

# The one Python reading of a conformance patch, shared with the
# python-jsonschema runner.
sys.path.insert(0, str(REPO / ".ci"))
from conformance_patch import apply_patch  # noqa: E402

__all__ = [
    "BASE",
    "CONFORMANCE",
    "REPO",
    "SCRIPT",
    "apply_patch",
    "base_copy",
    "conformance_case",
    "optional",
]


def optional(module: str) -> ModuleType:
    """An optional package the tests use (pyarrow, polars, duckdb, pandas,
    pyspark): the test skips without it, unless ASTANA_REQUIRE_OPTIONAL is
    set, as CI sets it, where a missing package is a failure."""
    if os.environ.get("ASTANA_REQUIRE_OPTIONAL"):
        return importlib.import_module(module)
    found: ModuleType = pytest.importorskip(module)
    return found


@pytest.fixture
def base_copy(tmp_path: Path) -> Path:
    """A valid corpus to break."""
    folder = tmp_path / "data"
    shutil.copytree(BASE, folder)
    return folder


def conformance_case(case: Path, tmp_path: Path) -> Tuple[Path, Dict[str, Any]]:
    """The case's patched corpus, under `tmp_path`, and its expected.json."""
    expected: Dict[str, Any] = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    folder = tmp_path / "data"
    shutil.copytree(BASE, folder)
    apply_patch(folder, json.loads((case / "patch.json").read_text(encoding="utf-8")))
    return folder, expected
