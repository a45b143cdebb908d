"""The typed corpus: records, queries and the embedded data."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from astana_corpus import Article, Corpus, Entity, Fact, Meeting


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
