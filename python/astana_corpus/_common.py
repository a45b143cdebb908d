"""The records the generated fact classes build on: dates, evidence and
the fields every fact has."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Tuple

Json = Dict[str, Any]


@dataclass(frozen=True)
class DateValue:
    """A date as precise as the article makes it, with its basis."""

    precision: str
    start: Optional[str]
    end: Optional[str]
    earliest: Optional[str]
    latest: Optional[str]
    basis: str
    inferred_parts: Tuple[str, ...]
    note: Optional[str]

    @staticmethod
    def _of(d: Json) -> DateValue:
        return DateValue(
            precision=d["precision"],
            start=d.get("start"),
            end=d.get("end"),
            earliest=d.get("earliest"),
            latest=d.get("latest"),
            basis=d.get("basis", "stated"),
            inferred_parts=tuple(d.get("inferred_parts", ())),
            note=d.get("note"),
        )


@dataclass(frozen=True)
class Evidence:
    """The words of the article a fact rests on: `body[start:end] == quote`
    in code points."""

    start: int
    end: int
    quote: str
    mode: Optional[str]

    @staticmethod
    def _of(e: Json) -> Evidence:
        return Evidence(e["start"], e["end"], e["quote"], e.get("mode"))


@dataclass(frozen=True)
class Fact:
    """One fact of an article: the fields every kind has. Each kind has
    its own class (`MeetingFact`, `StatementFact`, ...) whose attributes
    add the kind's fields, typed; `fields` holds those fields too, as the
    data file writes them."""

    article: str
    id: str
    kind: str
    modality: str
    summary_en: str
    date: Optional[DateValue]
    evidence: Tuple[Evidence, ...]
    note: Optional[str]
    fields: Mapping[str, Any]

    @property
    def global_id(self) -> str:
        """`<article>#<fact>`, as the exports and the meetings name it."""
        return f"{self.article}#{self.id}"

    def __hash__(self) -> int:
        return hash(self.global_id)

    @staticmethod
    def _of(article: str, d: Json) -> Fact:
        return Fact(**_common_fields(article, d))


# The fields `Fact` reads itself; every other field of a fact is in
# `fields` as the file writes it, and is an attribute of its kind's class.
_COMMON = ("kind", "id", "modality", "summary_en", "date", "evidence", "note")


def _common_fields(article: str, f: Json) -> Dict[str, Any]:
    """The arguments of `Fact` for the fact `f` of `article`."""
    date = f.get("date")
    return {
        "article": article,
        "id": f["id"],
        "kind": f["kind"],
        "modality": f.get("modality", "asserted"),
        "summary_en": f.get("summary_en", ""),
        "date": DateValue._of(date) if date is not None else None,
        "evidence": tuple(Evidence._of(e) for e in f.get("evidence", ())),
        "note": f.get("note"),
        "fields": {k: v for k, v in f.items() if k not in _COMMON},
    }
