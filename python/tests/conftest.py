"""Shared helpers: the repository's folders, found from this file (never
from the current folder), and corpora copied into pytest's tmp_path."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONFORMANCE = REPO / "conformance"
BASE = CONFORMANCE / "base"

# The one Python reading of a conformance patch, shared with the
# python-jsonschema runner.
sys.path.insert(0, str(REPO / ".ci"))
from conformance_patch import apply_patch  # noqa: E402

__all__ = ["BASE", "CONFORMANCE", "REPO", "apply_patch", "base_copy"]


@pytest.fixture
def base_copy(tmp_path: Path) -> Path:
    """A valid corpus to break."""
    folder = tmp_path / "data"
    shutil.copytree(BASE, folder)
    return folder
