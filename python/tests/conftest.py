"""Shared helpers: the repository's folders, found from this file (never
from the current folder), and corpora copied into pytest's tmp_path."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any, Dict, Tuple

import pytest

REPO = Path(__file__).resolve().parents[2]
CONFORMANCE = REPO / "conformance"
BASE = CONFORMANCE / "base"

# The one Python reading of a conformance patch, shared with the
# python-jsonschema runner.
sys.path.insert(0, str(REPO / ".ci"))
from conformance_patch import apply_patch  # noqa: E402

__all__ = ["BASE", "CONFORMANCE", "REPO", "apply_patch", "base_copy", "conformance_case"]


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
