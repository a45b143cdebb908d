"""Applies a conformance case's patch (conformance/README.md) to a copy of
the base corpus: the one Python reading of the patch format, shared by the
python-jsonschema runner and the Python package's tests. Standard library
only."""

from pathlib import Path
from typing import Any, Dict


def apply_patch(folder: Path, patch: Dict[str, Any]) -> None:
    """The three operations of a patch, in the README's order: edits (each
    text to replace occurring exactly once), moves, then files."""
    for edit in patch.get("edits", []):
        path = folder / edit["file"]
        text = path.read_text(encoding="utf-8")
        count = text.count(edit["replace"])
        if count != 1:
            raise ValueError(f"{edit['file']}: the text to replace occurs {count} times")
        path.write_text(text.replace(edit["replace"], edit["with"], 1), encoding="utf-8")
    for move in patch.get("moves", []):
        target = folder / move["to"]
        target.parent.mkdir(parents=True, exist_ok=True)
        (folder / move["from"]).rename(target)
    for name, content in patch.get("files", {}).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
