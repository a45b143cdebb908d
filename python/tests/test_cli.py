"""The console script is the tool, run in process."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import BASE, SCRIPT


def test_validate_runs_from_another_folder(tmp_path: Path) -> None:
    run = subprocess.run([SCRIPT, "validate", str(BASE)], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "0 errors" in run.stdout + run.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    run = subprocess.run([SCRIPT, "no-such-command"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 2
    assert "no-such-command" in run.stderr


def test_version() -> None:
    import astana_corpus

    run = subprocess.run([SCRIPT, "--version"], capture_output=True, text=True)
    assert run.returncode == 0
    assert astana_corpus.__version__ in run.stdout
