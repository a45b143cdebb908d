"""The `astana-corpus` console script: the Rust tool, run in this process."""

from __future__ import annotations

import sys

from . import _native


def main() -> None:
    """Runs the tool on this process's arguments and exits with its code."""
    sys.stdout.flush()
    sys.stderr.flush()
    sys.exit(_native.main(["astana-corpus", *sys.argv[1:]]))
