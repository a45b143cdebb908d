"""A record class for each fact kind, and the objects they hold.

Generated from schema/article.schema.json by python/generate_facts.py;
do not edit by hand (CI runs `generate_facts.py --check`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Literal, Optional, Tuple, Type

from ._common import DateValue, Fact, Json, _common_fields

__all__ = [
    "ClaimFact",
    "MeetingFact",
    "MembershipChangeFact",
    "OriginalPart",
    "Participant",
    "ParticipationChangeFact",
    "ParticipationStateFact",
    "PositionHeldFact",
    "StatementFact",
]


@dataclass(frozen=True)
class Participant:
    """An entity taking part in a meeting, in one role.

    entity: The participating entity.
    role: The role it held at this meeting.
    """

    entity: str
    role: Literal["host", "guarantor", "party", "observer", "mediator"]

    @staticmethod
    def _of(d: Json) -> Participant:
        return Participant(
            entity=d["entity"],
            role=d["role"],
        )


@dataclass(frozen=True)
class OriginalPart:
    """The part of an original text that a statement renders.

    origin: The original: the `id` of one of the article's `derived_from`.
    part: Which part of it: a slug unique within the original, the same in
        every article that renders that part (`ready-to-resume`).
    """

    origin: str
    part: str

    @staticmethod
    def _of(d: Json) -> OriginalPart:
        return OriginalPart(
            origin=d["origin"],
            part=d["part"],
        )


@dataclass(frozen=True)
class MeetingFact(Fact):
    """A `meeting` fact. A meeting of a negotiation series: who took part in
    which role, when and where.

    series: The series the meeting belongs to (an entity of kind `process`).
    meeting_key: Names a meeting that has no round number (such as the two
        Astana-format meetings held in Sochi) so that mentions in many
        articles can be recognised as one meeting: a slug unique within the
        series, by convention `<venue>-<ordinal at that venue>`. Give it
        only when the article identifies the meeting that far; two mentions
        with the same series and key (or the same series and round) are one
        meeting.
    participants: Who took part, each entity once, in one role. Empty when
        the article does not say.
    round: The round number within the series, if the article gives it.
    venue: Where the meeting took place (an entity of kind `place`), if
        known.
    """

    series: str
    meeting_key: Optional[str] = None
    participants: Tuple[Participant, ...] = ()
    round: Optional[int] = None
    venue: Optional[str] = None

    def __hash__(self) -> int:
        return hash(self.global_id)

    @staticmethod
    def _of(article: str, d: Json) -> MeetingFact:
        return MeetingFact(
            **_common_fields(article, d),
            series=d["series"],
            meeting_key=d.get("meeting_key"),
            participants=tuple(Participant._of(x) for x in d.get("participants", ())),
            round=d.get("round"),
            venue=d.get("venue"),
        )


@dataclass(frozen=True)
class StatementFact(Fact):
    """A `statement` fact. Something a speaker said, directly quoted or
    reported.

    mode: Whether the article quotes the words, reports them, or both; each
        evidence span says which it does.
    speakers: Who made the statement; at least one entity.
    about_entities: Entities the statement is about.
    about_facts: Facts of the same article the statement is about.
    original: The part of an original text (one of the article's
        `derived_from`) this statement renders. Statements of any articles
        that name the same origin and part are one statement with many
        renderings.
    """

    mode: Literal["direct", "reported", "mixed"]
    speakers: Tuple[str, ...]
    about_entities: Tuple[str, ...] = ()
    about_facts: Tuple[str, ...] = ()
    original: Optional[OriginalPart] = None

    def __hash__(self) -> int:
        return hash(self.global_id)

    @staticmethod
    def _of(article: str, d: Json) -> StatementFact:
        return StatementFact(
            **_common_fields(article, d),
            mode=d["mode"],
            speakers=tuple(d["speakers"]),
            about_entities=tuple(d.get("about_entities", ())),
            about_facts=tuple(d.get("about_facts", ())),
            original=OriginalPart._of(d["original"]) if d.get("original") is not None else None,
        )


@dataclass(frozen=True)
class ParticipationChangeFact(Fact):
    """A `participation_change` fact. An event in an entity's taking part in a
    series: joining, leaving, declining, suspending or resuming.

    change: What happened.
    entity: The entity that joined or left.
    role: The role it joined or left.
    series: The series (an entity of kind `process`).
    round: The round declined, when the article names one round (only with
        `declined`).
    """

    change: Literal["joined", "left", "declined", "suspended", "resumed"]
    entity: str
    role: Literal["host", "guarantor", "party", "observer", "mediator"]
    series: str
    round: Optional[int] = None

    def __hash__(self) -> int:
        return hash(self.global_id)

    @staticmethod
    def _of(article: str, d: Json) -> ParticipationChangeFact:
        return ParticipationChangeFact(
            **_common_fields(article, d),
            change=d["change"],
            entity=d["entity"],
            role=d["role"],
            series=d["series"],
            round=d.get("round"),
        )


@dataclass(frozen=True)
class ParticipationStateFact(Fact):
    """A `participation_state` fact. An entity taking part in a series in a
    role over a period.

    entity: The entity taking part.
    from_: When the period began (often unknown or inferred).
    role: The role it held over the period.
    series: The series (an entity of kind `process`).
    until: When the period ended (often unknown, with the bounds the text
        implies).
    """

    entity: str
    from_: DateValue
    role: Literal["host", "guarantor", "party", "observer", "mediator"]
    series: str
    until: DateValue

    def __hash__(self) -> int:
        return hash(self.global_id)

    @staticmethod
    def _of(article: str, d: Json) -> ParticipationStateFact:
        return ParticipationStateFact(
            **_common_fields(article, d),
            entity=d["entity"],
            from_=DateValue._of(d["from"]),
            role=d["role"],
            series=d["series"],
            until=DateValue._of(d["until"]),
        )


@dataclass(frozen=True)
class MembershipChangeFact(Fact):
    """A `membership_change` fact. A state's membership of an organisation
    changing.

    change: What changed.
    member: The member whose membership changed.
    organization: The organisation.
    """

    change: Literal["joined", "left", "suspended", "restored"]
    member: str
    organization: str

    def __hash__(self) -> int:
        return hash(self.global_id)

    @staticmethod
    def _of(article: str, d: Json) -> MembershipChangeFact:
        return MembershipChangeFact(
            **_common_fields(article, d),
            change=d["change"],
            member=d["member"],
            organization=d["organization"],
        )


@dataclass(frozen=True)
class PositionHeldFact(Fact):
    """A `position_held` fact. A person holding a position, as the article
    describes them.

    person: The person (an entity of kind `person`).
    title: The title in English.
    of: The body or state the position belongs to, if the article says.
    """

    person: str
    title: str
    of: Optional[str] = None

    def __hash__(self) -> int:
        return hash(self.global_id)

    @staticmethod
    def _of(article: str, d: Json) -> PositionHeldFact:
        return PositionHeldFact(
            **_common_fields(article, d),
            person=d["person"],
            title=d["title"],
            of=d.get("of"),
        )


@dataclass(frozen=True)
class ClaimFact(Fact):
    """A `claim` fact. Any other proposition the article states, in its own
    voice or a speaker's, that no structured kind fits.

    about_entities: Entities the claim is about.
    about_facts: Facts of the same article the claim is about.
    """

    about_entities: Tuple[str, ...] = ()
    about_facts: Tuple[str, ...] = ()

    def __hash__(self) -> int:
        return hash(self.global_id)

    @staticmethod
    def _of(article: str, d: Json) -> ClaimFact:
        return ClaimFact(
            **_common_fields(article, d),
            about_entities=tuple(d.get("about_entities", ())),
            about_facts=tuple(d.get("about_facts", ())),
        )


# The class of each kind, by its name in the data.
FACT_CLASSES: Dict[str, Type[Fact]] = {
    "meeting": MeetingFact,
    "statement": StatementFact,
    "participation_change": ParticipationChangeFact,
    "participation_state": ParticipationStateFact,
    "membership_change": MembershipChangeFact,
    "position_held": PositionHeldFact,
    "claim": ClaimFact,
}


def fact_of(article: str, d: Json) -> Fact:
    """The record of the fact `d` of `article`, of its kind's class."""
    return FACT_CLASSES.get(d["kind"], Fact)._of(article, d)
