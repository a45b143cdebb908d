"""Runs the conformance suite's schema-only cases (conformance/README.md)
with an independent JSON Schema implementation, Python's jsonschema
(Draft 2020-12, formats asserted): each case's patched corpus must have
exactly the files its expected findings name rejected by schema/, and
every other file accepted."""

import json
import shutil
import sys
import tempfile
from pathlib import Path

from check_schema import ROOT, documents, load_validators
from conformance_patch import apply_patch

SUITE = ROOT / "conformance"


def main() -> int:
    validators = load_validators()
    ran = failures = 0
    for case in sorted((SUITE / "cases").iterdir()):
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        if not expected["schema_only"]:
            continue
        patch = json.loads((case / "patch.json").read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory(prefix="astana-conformance-") as temp:
            folder = Path(temp) / "data"
            shutil.copytree(SUITE / "base", folder)
            apply_patch(folder, patch)
            rejected = {
                relative
                for _, relative, document, name in documents(folder)
                if name is not None and any(True for _ in validators[name].iter_errors(document))
            }
        wanted = {f["file"] for f in expected["findings"]}
        ran += 1
        if rejected != wanted:
            failures += 1
            print(f"{case.name}: rejected {sorted(rejected)}, expected {sorted(wanted)}")
        else:
            print(f"ok {case.name}: rejected {sorted(rejected)}")
    if ran < 2:
        print("fewer than two schema-only cases found", file=sys.stderr)
        return 1
    print(f"python-jsonschema: {ran} schema-only conformance cases, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
