"""Validates every data file against the generated JSON Schemas with an
independent implementation (Python's jsonschema, Draft 2020-12, formats
asserted), so that the schemas work outside Rust as they do inside it."""

import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FOR = {
    "manifest.json": "manifest.schema.json",
    "entities.json": "entities.schema.json",
    "retired.json": "retired.schema.json",
}


def schema_name(relative: str) -> str | None:
    """The schema a file is checked against, by its path in the data
    folder; None for a file that is not one of the data files."""
    if relative.startswith("articles/"):
        return "article.schema.json"
    return SCHEMA_FOR.get(relative)


def documents(folder: Path):
    """Each JSON file under `folder`, in order: its path, its path
    relative to `folder`, its document and its schema's name (or None)."""
    for path in sorted(folder.rglob("*.json")):
        relative = path.relative_to(folder).as_posix()
        yield path, relative, json.loads(path.read_text(encoding="utf-8")), schema_name(relative)


def load_validators() -> dict:
    """A validator for each schema of schema/, by file name."""
    validators = {}
    for path in sorted((ROOT / "schema").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        validators[path.name] = Draft202012Validator(
            schema, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
    return validators


def main() -> int:
    validators = load_validators()
    if set(validators) != {"manifest.schema.json", "entities.schema.json", "article.schema.json", "retired.schema.json"}:
        print(f"unexpected schema files: {sorted(validators)}", file=sys.stderr)
        return 1
    files = failures = 0
    for path, relative, document, name in documents(ROOT / "data"):
        files += 1
        if name is None:
            print(f"{relative}: not one of the data files (no schema checks it)")
            failures += 1
            continue
        validator = validators[name]
        # $schema must point at the schema this file is checked against.
        expected = Path(path.parent, document.get("$schema", "")).resolve()
        if expected != ROOT / "schema" / name:
            print(f"{relative}: $schema does not point at schema/{name}")
            failures += 1
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path)):
            pointer = "/" + "/".join(str(p) for p in error.path)
            print(f"{relative}: {pointer}: {error.message[:200]}")
            failures += 1
    if not files:
        print("no data files found", file=sys.stderr)
        return 1
    print(f"python-jsonschema: {files} files checked against {len(validators)} schemas, {failures} errors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
