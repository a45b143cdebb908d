"""Writes `astana_corpus/_facts.py`, a frozen record class for each fact kind,
from the generated JSON Schema (`schema/article.schema.json`), so that the
Python records follow the data contract the Rust types define and never
drift from it.

    python python/generate_facts.py           # write the module
    python python/generate_facts.py --check   # exit 1 if it is not current

Each kind's class extends `Fact` (the fields every kind has) with the
kind's own fields, typed: ids as `str`, vocabularies as `Literal`s of
their values, dates as `DateValue`, lists as tuples, and the objects the
kind holds (`Participant`, `OriginalPart`) as records of their own. The
docstrings are the schema's descriptions, which are the Rust doc comments.
Standard library only."""

from __future__ import annotations

import argparse
import json
import keyword
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

HERE = Path(__file__).resolve().parent
SCHEMA = HERE.parent / "schema" / "article.schema.json"
MODULE = HERE / "astana_corpus" / "_facts.py"

# The fields `Fact` itself has (see _common.py); every other field of a
# kind becomes an attribute of the kind's class. `date` is there because
# all kinds but `participation_state` have one.
COMMON = {
    "according_to",
    "condition",
    "date",
    "entity_mentions",
    "evidence",
    "id",
    "inferred",
    "kind",
    "modality",
    "note",
    "summary_en",
}

Schema = Dict[str, Any]


def attribute(name: str) -> str:
    """The attribute of a field: a Python keyword gets a trailing underscore."""
    return name + "_" if keyword.iskeyword(name) else name


def class_name(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_")) + "Fact"


def first_paragraph(text: str) -> str:
    return " ".join(text.split("\n\n")[0].split())


class Generator:
    def __init__(self, schema: Schema) -> None:
        self.defs: Dict[str, Schema] = schema["$defs"]
        self.records: List[str] = []  # object $defs to write, in first-use order

    def ref(self, schema: Schema) -> Optional[str]:
        ref = schema.get("$ref")
        return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None

    def vocabulary(self, name: str) -> Optional[List[str]]:
        """The values of an enum $def (`enum`, or `oneOf` of `const`s)."""
        d = self.defs[name]
        if "enum" in d:
            return [str(v) for v in d["enum"]]
        if "oneOf" in d and all("const" in v for v in d["oneOf"]):
            return [str(v["const"]) for v in d["oneOf"]]
        return None

    def kind_of(self, schema: Schema) -> Tuple[str, str, bool]:
        """(annotation, conversion of `{v}`, nullable) for a property."""
        if "anyOf" in schema:
            options = [o for o in schema["anyOf"] if o.get("type") != "null"]
            nullable = len(options) < len(schema["anyOf"])
            if len(options) != 1:
                raise SystemExit(f"generate_facts: cannot type {json.dumps(schema)[:200]}")
            annotation, convert, _ = self.kind_of(options[0])
            return annotation, convert, nullable
        if isinstance(schema.get("type"), list):
            types = [t for t in schema["type"] if t != "null"]
            annotation, convert, _ = self.kind_of({**schema, "type": types[0]})
            return annotation, convert, "null" in schema["type"]
        name = self.ref(schema)
        if name is not None:
            if name == "DateValue":
                return "DateValue", "DateValue._of({v})", False
            values = self.vocabulary(name)
            if values is not None:
                return "Literal[" + ", ".join(json.dumps(v) for v in values) + "]", "{v}", False
            target = self.defs[name]
            if target.get("type") == "string":
                return "str", "{v}", False
            if target.get("type") == "object":
                if name not in self.records:
                    self.records.append(name)
                    for prop in target.get("properties", {}).values():
                        self.kind_of(prop)
                return name, name + "._of({v})", False
            raise SystemExit(f"generate_facts: cannot type $defs/{name}")
        t = schema.get("type")
        if t == "string":
            return "str", "{v}", False
        if t == "integer":
            return "int", "{v}", False
        if t == "boolean":
            return "bool", "{v}", False
        if t == "array":
            item, convert, _ = self.kind_of(schema["items"])
            each = convert.format(v="x")
            if each == "x":
                return f"Tuple[{item}, ...]", "tuple({v})", False
            return f"Tuple[{item}, ...]", "tuple(" + each + " for x in {v})", False
        raise SystemExit(f"generate_facts: cannot type {json.dumps(schema)[:200]}")

    def fields(self, schema: Schema, skip: Set[str]) -> List[Tuple[str, str, str, str]]:
        """(attribute, annotation and default, constructor argument,
        description), required fields first, each group by name."""
        required = set(schema.get("required", ()))
        out = []
        for name, prop in sorted(schema["properties"].items(), key=lambda p: (p[0] not in required, p[0])):
            if name in skip:
                continue
            annotation, convert, nullable = self.kind_of(prop)
            key = json.dumps(name)
            if name in required and not nullable:
                declared = annotation
                argument = convert.format(v=f"d[{key}]")
            elif annotation.startswith("Tuple["):
                declared = f"{annotation} = ()"
                argument = convert.format(v=f"d.get({key}, ())")
            else:
                declared = f"Optional[{annotation}] = None"
                value = convert.format(v=f"d[{key}]")
                argument = (
                    f"d.get({key})"
                    if value == f"d[{key}]"
                    else f"{value} if d.get({key}) is not None else None"
                )
            description = first_paragraph(prop.get("description", ""))
            out.append((attribute(name), declared, argument, description))
        return out

    def docstring(self, summary: str, fields: List[Tuple[str, str, str, str]], indent: str) -> List[str]:
        lines = textwrap.wrap(summary, 72) or [""]
        if fields:
            lines += [""]
            for attr, _, _, description in fields:
                lines += textwrap.wrap(
                    f"{attr}: {description}", 72, subsequent_indent="    "
                )
        lines[0] = '"""' + lines[0]
        if len(lines) == 1:
            return [indent + lines[0] + '"""']
        return [indent + line if line else "" for line in lines] + [indent + '"""']

    def record(self, name: str) -> List[str]:
        schema = self.defs[name]
        fields = self.fields(schema, set())
        out = ["", "", "@dataclass(frozen=True)", f"class {name}:"]
        out += self.docstring(first_paragraph(schema.get("description", name)), fields, "    ")
        out += [""] + [f"    {attr}: {declared}" for attr, declared, _, _ in fields]
        out += ["", "    @staticmethod", f"    def _of(d: Json) -> {name}:", f"        return {name}("]
        out += [f"            {attr}={argument}," for attr, _, argument, _ in fields]
        out += ["        )"]
        return out

    def fact(self, variant: Schema) -> Tuple[str, str, List[str]]:
        kind = variant["properties"]["kind"]["const"]
        name = class_name(kind)
        fields = self.fields(variant, COMMON)
        summary = f"A `{kind}` fact. " + first_paragraph(variant.get("description", ""))
        out = ["", "", "@dataclass(frozen=True)", f"class {name}(Fact):"]
        out += self.docstring(summary, fields, "    ")
        if fields:
            out += [""] + [f"    {attr}: {declared}" for attr, declared, _, _ in fields]
        out += [
            "",
            "    def __hash__(self) -> int:",
            "        return hash(self.global_id)",
            "",
            "    @staticmethod",
            f"    def _of(article: str, d: Json) -> {name}:",
            f"        return {name}(",
            "            **_common_fields(article, d),",
        ]
        out += [f"            {attr}={argument}," for attr, _, argument, _ in fields]
        out += ["        )"]
        return kind, name, out


def generate(schema: Schema) -> str:
    gen = Generator(schema)
    facts = [gen.fact(v) for v in gen.defs["Fact"]["oneOf"]]
    records: List[str] = []
    for name in gen.records:
        records += gen.record(name)
    names = sorted([name for _, name, _ in facts] + gen.records)
    lines = [
        '"""A record class for each fact kind, and the objects they hold.',
        "",
        "Generated from schema/article.schema.json by python/generate_facts.py;",
        'do not edit by hand (CI runs `generate_facts.py --check`)."""',
        "",
        "from __future__ import annotations",
        "",
        "from dataclasses import dataclass",
        "from typing import Dict, Literal, Optional, Tuple, Type",
        "",
        "from ._common import DateValue, Fact, Json, _common_fields",
        "",
        "__all__ = [",
        *[f'    "{n}",' for n in names],
        "]",
    ]
    lines += records
    for _, _, body in facts:
        lines += body
    lines += [
        "",
        "",
        "# The class of each kind, by its name in the data.",
        "FACT_CLASSES: Dict[str, Type[Fact]] = {",
        *[f'    "{kind}": {name},' for kind, name, _ in facts],
        "}",
        "",
        "",
        "def fact_of(article: str, d: Json) -> Fact:",
        '    """The record of the fact `d` of `article`, of its kind\'s class."""',
        '    return FACT_CLASSES.get(d["kind"], Fact)._of(article, d)',
        "",
    ]
    # `Literal` is used only when some vocabulary is.
    text = "\n".join(lines)
    if "Literal[" not in text.split("__all__", 1)[1]:
        text = text.replace("Dict, Literal, Optional", "Dict, Optional")
    return text


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the module is not current")
    args = parser.parse_args(argv)
    text = generate(json.loads(SCHEMA.read_text(encoding="utf-8")))
    current = MODULE.read_text(encoding="utf-8") if MODULE.exists() else None
    if args.check:
        if current != text:
            print(
                f"{MODULE.relative_to(HERE.parent)} is not current with {SCHEMA.relative_to(HERE.parent)}:"
                " run `python python/generate_facts.py`",
                file=sys.stderr,
            )
            return 1
        print(f"{MODULE.relative_to(HERE.parent)} is current")
        return 0
    if current != text:
        temporary = MODULE.with_suffix(".py.tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(MODULE)
    print(f"{MODULE.relative_to(HERE.parent)} written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
