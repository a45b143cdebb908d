"""The typed corpus: records, queries and the embedded data."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any, Dict

import pytest

import astana_corpus
from astana_corpus import (
    Article,
    Corpus,
    DateValue,
    Entity,
    Fact,
    Meeting,
    MeetingFact,
    Participant,
    ParticipationStateFact,
    StatementFact,
)
from astana_corpus._facts import FACT_CLASSES
from astana_corpus._native import fact_kinds
from conftest import REPO

sys.path.insert(0, str(REPO / "python"))
# The fields every kind shares, which `Fact` holds: the generator's list.
from generate_facts import COMMON  # noqa: E402


def test_the_embedded_corpus_has_typed_records() -> None:
    corpus = Corpus.embedded()
    articles = corpus.articles()
    assert articles and all(isinstance(a, Article) for a in articles)
    for article in articles:
        for fact in article.facts:
            assert isinstance(fact, Fact)
            # Every fact cites the exact words of its article.
            for e in fact.evidence:
                assert article.body[e.start : e.end] == e.quote
    assert corpus.manifest()["schema_version"] >= 1


def test_records_are_read_only_with_repr_and_equality() -> None:
    a, b = Corpus.embedded(), Corpus.embedded()
    first = a.articles()[0]
    assert first == b.articles()[0]
    assert repr(first).startswith("Article(id=")
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.id = "x"  # type: ignore[misc]
    assert len({f for f in first.facts}) == len(first.facts)


def test_the_observers_of_round_20() -> None:
    meetings = [m for m in Corpus.embedded().meetings() if m.round == 20]
    assert len(meetings) == 1
    meeting = meetings[0]
    assert isinstance(meeting, Meeting)
    assert meeting.series == "astana-format"
    assert set(meeting.in_role("observer")) == {"united-nations", "jordan", "lebanon", "iraq"}
    assert meeting.date is not None and meeting.date.value.start == "2023-06-20"
    # Each participant is attested by a meeting fact of the corpus.
    ids = {f.global_id for f in Corpus.embedded().facts(kind="meeting")}
    assert all(set(p.attested_by) <= ids for p in meeting.participants)


def test_queries_agree_with_the_records() -> None:
    corpus = Corpus.embedded()
    facts = corpus.facts()
    assert corpus.facts(kind="statement") == [f for f in facts if f.kind == "statement"]
    assert corpus.facts(modality="asserted") == [f for f in facts if f.modality == "asserted"]
    mentioning = corpus.facts_mentioning("iraq")
    assert mentioning and all(f in facts for f in mentioning)
    with pytest.raises(ValueError, match="unknown fact kind"):
        corpus.facts(kind="meetings")
    russia = corpus.entity("russia")
    assert isinstance(russia, Entity) and russia.kind == "state"
    assert corpus.entity("no-such-entity") is None
    assert corpus.resolve("russia").status == "live"


def test_a_data_folder_reads_as_the_tool_reads_it(base_copy: Path) -> None:
    corpus = Corpus.from_dir(base_copy)
    assert [a.id for a in corpus.articles()]
    with pytest.raises(ValueError):
        Corpus.from_dir(base_copy / "no-such-folder")


# Characters that must never reach a terminal or a CI log raw from a file
# name: line breaks that forge a line (`::error`), CR, ESC and the C1 CSI,
# tab, bidirectional overrides and isolates, the line separator.
HAZARDS = ["\n::error file=a::forged", "\r", "\x1b]0;title\x07", "\x9b31m", "\t", "\u202e", "\u2066", "\u2028"]


@pytest.mark.parametrize("hazard", HAZARDS, ids=[repr(h) for h in HAZARDS])
def test_an_error_shows_a_hostile_file_name_escaped(base_copy: Path, hazard: str) -> None:
    bad = base_copy / "articles" / "test-outlet" / f"x{hazard}y.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        Corpus.from_dir(base_copy)
    message = str(raised.value)
    assert "\\u{" in message and "y.json" in message, message
    control = [c for c in message if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F]
    bidi = [c for c in message if c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2028\u2029"]
    assert not control and not bidi, repr(message)


def schema_variants() -> Dict[str, Dict[str, Any]]:
    schema = json.loads((REPO / "schema" / "article.schema.json").read_text(encoding="utf-8"))
    return {v["properties"]["kind"]["const"]: v for v in schema["$defs"]["Fact"]["oneOf"]}


def test_every_kind_has_its_class_with_every_field() -> None:
    variants = schema_variants()
    assert set(FACT_CLASSES) == set(variants) == set(fact_kinds())
    base = {f.name for f in dataclasses.fields(Fact)}
    for kind, cls in FACT_CLASSES.items():
        assert issubclass(cls, Fact) and cls.__name__ in astana_corpus.__all__
        own = {f.name.rstrip("_") for f in dataclasses.fields(cls)} - base
        assert own == set(variants[kind]["properties"]) - COMMON, kind
        hints = typing.get_type_hints(cls)
        for name, prop in variants[kind]["properties"].items():
            ref = prop.get("$ref", "")
            if ref.endswith(("/Role", "/StatementMode")) and name.rstrip("_") in own:
                values = [v["const"] for v in json_def(ref)["oneOf"]]
                assert list(typing.get_args(hints[name])) == values, f"{kind}.{name}"




def json_def(ref: str) -> Dict[str, Any]:
    schema = json.loads((REPO / "schema" / "article.schema.json").read_text(encoding="utf-8"))
    found: Dict[str, Any] = schema["$defs"][ref.rsplit("/", 1)[-1]]
    return found


def as_json(value: Any) -> Any:
    """A record as the data file writes it (its fields as a dict)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def test_each_fact_is_of_its_kinds_class_and_agrees_with_the_file() -> None:
    seen = set()
    for fact in Corpus.embedded().facts():
        assert type(fact) is FACT_CLASSES[fact.kind]
        seen.add(fact.kind)
        for field in dataclasses.fields(fact):
            name = field.name.rstrip("_")
            if name not in fact.fields:
                continue
            value, raw = getattr(fact, field.name), fact.fields[name]
            if isinstance(value, DateValue):
                assert value == DateValue._of(raw)
            elif isinstance(value, tuple):
                assert [as_json(v) for v in value] == raw, f"{fact.global_id}.{name}"
            else:
                assert as_json(value) == raw, f"{fact.global_id}.{name}"
    assert {"meeting", "statement", "participation_state", "claim"} <= seen


def test_typed_attributes_read_as_the_schema_says() -> None:
    corpus = Corpus.embedded()
    # facts_of is typed by the class: mypy --strict checks these attributes.
    twentieth = next(f for f in corpus.facts_of(MeetingFact) if f.round == 20)
    assert [p.role for p in twentieth.participants].count("observer") == 4
    assert all(isinstance(p, Participant) for p in twentieth.participants)
    states = corpus.facts_of(ParticipationStateFact)
    assert states and all(isinstance(s.from_, DateValue) and isinstance(s.until, DateValue) for s in states)
    statements = corpus.facts_of(StatementFact)
    assert statements and all(s.speakers and s.mode in ("direct", "reported", "mixed") for s in statements)
    assert len({twentieth, twentieth}) == 1
    for cls in (MeetingFact, StatementFact, ParticipationStateFact):
        kind = next(k for k, c in FACT_CLASSES.items() if c is cls)
        assert corpus.facts_of(cls) == corpus.facts(kind=kind)
    assert corpus.facts_of(Fact) == corpus.facts()
    asserted = corpus.facts_of(StatementFact, modality="asserted")
    assert asserted == corpus.facts(kind="statement", modality="asserted")


def test_the_generated_records_are_current() -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "python" / "generate_facts.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr


def test_the_import_loads_only_what_embedded_needs() -> None:
    # The import-time target (< 50 ms with Corpus.embedded()) is measured
    # by hand; what keeps it is structural: the fact classes are made on
    # first use, and the optional readers are never imported.
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, astana_corpus; astana_corpus.Corpus.embedded();"
            " print(sorted(m for m in ('astana_corpus._facts', 'pandas', 'pyarrow', 'numpy')"
            " if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
    assert astana_corpus.ClaimFact.__name__ == "ClaimFact"
