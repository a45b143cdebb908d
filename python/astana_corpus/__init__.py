"""The Astana-format corpus and its validator, from the Rust engine.

`Corpus.embedded()` is the corpus shipped in the package; `Corpus.from_dir`
reads a data folder as the `astana-corpus` tool does. Records are frozen
dataclasses: read-only attributes, `repr` and equality. `validate` runs the
tool's validator and returns the report `validate --format json` prints.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import asdict, dataclass
from os import PathLike
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    List,
    Literal,
    Mapping,
    Optional,
    Tuple,
    Type,
    TypeVar,
    Union,
)

from . import _native
from ._common import DateValue, Evidence, Fact, Json

if TYPE_CHECKING:
    from ._facts import (
        ClaimFact,
        MeetingFact,
        MembershipChangeFact,
        OriginalPart,
        Participant,
        ParticipationChangeFact,
        ParticipationStateFact,
        PositionHeldFact,
        StatementFact,
    )

# The generated fact classes (_facts.py) are made on first use: creating
# their dataclasses was a quarter of the package's import time, and
# `Corpus.embedded()` needs none of them until articles are read. They are
# the names of `__all__` this module does not define itself.
def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import _facts

        return getattr(_facts, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "Article",
    "Attested",
    "ClaimFact",
    "Corpus",
    "DateValue",
    "Entity",
    "Evidence",
    "Fact",
    "Finding",
    "Meeting",
    "MeetingFact",
    "MeetingParticipant",
    "MembershipChangeFact",
    "OriginalPart",
    "Participant",
    "ParticipationChangeFact",
    "ParticipationStateFact",
    "PositionHeldFact",
    "Related",
    "Report",
    "Resolution",
    "StatementFact",
    "Suppressed",
    "Table",
    "validate",
]

__version__: str = _native.__version__

Path = Union[str, "PathLike[str]"]


@dataclass(frozen=True)
class Article:
    """An article: its published text, verbatim, and its facts."""

    id: str
    outlet: str
    url: Optional[str]
    language: str
    title: Optional[str]
    published: DateValue
    body: str
    facts: Tuple[Fact, ...]

    @staticmethod
    def _of(a: Json) -> Article:
        from ._facts import fact_of

        source = a["source"]
        return Article(
            id=a["id"],
            outlet=source["outlet"],
            url=source.get("url"),
            language=a["language"],
            title=a.get("title"),
            published=DateValue._of(a["published"]),
            body=a["body"],
            facts=tuple(fact_of(a["id"], f) for f in a["facts"]),
        )


@dataclass(frozen=True)
class Entity:
    """An entry of the entity registry."""

    id: str
    kind: str
    name: Mapping[str, str]
    part_of: Optional[str]
    iso3166_1: Optional[str]
    wikidata: Optional[str]
    note: Optional[str]

    def __hash__(self) -> int:
        return hash(self.id)

    @staticmethod
    def _of(e: Json) -> Entity:
        return Entity(
            id=e["id"],
            kind=e["kind"],
            name=dict(e["name"]),
            part_of=e.get("part_of"),
            iso3166_1=e.get("iso3166_1"),
            wikidata=e.get("wikidata"),
            note=e.get("note"),
        )


@dataclass(frozen=True)
class Attested:
    """A value of a merged meeting and the meeting facts that give it."""

    value: Any
    attested_by: Tuple[str, ...]


@dataclass(frozen=True)
class MeetingParticipant:
    """An entity in a role at a meeting, and the facts that list it so."""

    entity: str
    role: str
    attested_by: Tuple[str, ...]


@dataclass(frozen=True)
class Meeting:
    """One real meeting, merged from every fact that mentions it."""

    id: str
    series: str
    round: Optional[int]
    key: Optional[str]
    modality: str
    articles: int
    date: Optional[Attested]
    venue: Optional[Attested]
    participants: Tuple[MeetingParticipant, ...]
    mentions: Tuple[str, ...]

    def in_role(self, role: str) -> Tuple[str, ...]:
        """The entities that took part in `role` (`"observer"`, ...)."""
        return tuple(p.entity for p in self.participants if p.role == role)

    @staticmethod
    def _of(m: Json) -> Meeting:
        date = m.get("date")
        venue = m.get("venue")
        return Meeting(
            id=m["id"],
            series=m["series"],
            round=m.get("round"),
            key=m.get("key"),
            modality=m["modality"],
            articles=m["articles"],
            date=Attested(DateValue._of(date["value"]), tuple(date["attested_by"]))
            if date
            else None,
            venue=Attested(venue["value"], tuple(venue["attested_by"])) if venue else None,
            participants=tuple(
                MeetingParticipant(p["entity"], p["role"], tuple(p["attested_by"]))
                for p in m["participants"]
            ),
            mentions=tuple(m["mentions"]),
        )


@dataclass(frozen=True)
class Resolution:
    """What an id is now: `live`, `replaced` (by `id`) or `retired`."""

    status: str
    id: str
    retirement: Optional[Mapping[str, Any]]


class Table:
    """A tidy table of the corpus, the same rows and columns as
    `astana-corpus export` writes (docs/codebook.md describes them).

    It is an Arrow stream (the Arrow PyCapsule interface,
    `__arrow_c_stream__`), so `pyarrow.table(t)`, `polars.DataFrame(t)` and
    DuckDB read it without copying its buffers: integers are int64,
    `*_first_day`/`*_last_day` are date32, vocabulary columns are
    dictionary-encoded strings, and a column is nullable exactly where some
    row leaves it empty."""

    def __init__(self, native: _native.NativeTable) -> None:
        self._native = native

    @property
    def name(self) -> str:
        """The table's name, as `astana-corpus export` names its file."""
        return self._native.name

    @property
    def description(self) -> str:
        """What one row is."""
        return self._native.description

    @property
    def columns(self) -> Tuple[str, ...]:
        """The column names, in order."""
        return tuple(self._native.columns)

    @property
    def num_rows(self) -> int:
        """The number of rows."""
        return self._native.num_rows

    def __len__(self) -> int:
        return self._native.num_rows

    def __repr__(self) -> str:
        return f"<Table {self.name}: {self.num_rows} rows, {len(self.columns)} columns>"

    def __arrow_c_schema__(self) -> object:
        """The Arrow schema, as an `arrow_schema` PyCapsule."""
        return self._native.__arrow_c_schema__()

    def __arrow_c_stream__(self, requested_schema: Optional[object] = None) -> object:
        """The rows as an `arrow_array_stream` PyCapsule of one record
        batch, sharing the engine's buffers."""
        return self._native.__arrow_c_stream__(requested_schema)

    def to_pandas(
        self, dtype_backend: Optional[Literal["pyarrow", "numpy_nullable"]] = None
    ) -> Any:
        """The table as a `pandas.DataFrame` whose integer columns stay
        integers, with missing values as `<NA>` (a `round` is never a float).

        `dtype_backend`, as pandas' readers name it:
        - `"pyarrow"`: columns backed by the Arrow buffers, without copying
          them (`int64[pyarrow]`, `date32[day][pyarrow]`,
          `string[pyarrow]`, dictionaries); needs pyarrow.
        - `"numpy_nullable"`: pandas' own nullable dtypes (`Int64`,
          `string`, `category`; dates as `datetime.date` objects), a copy;
          needs only pandas.
        The default is `"pyarrow"` when pyarrow is installed."""
        # Imported when asked for: neither is a dependency of the package,
        # and the import of the package stays fast.
        import importlib.util
        from datetime import date

        pd: Any = importlib.import_module("pandas")
        if dtype_backend is None:
            has_pyarrow = importlib.util.find_spec("pyarrow") is not None
            dtype_backend = "pyarrow" if has_pyarrow else "numpy_nullable"
        if dtype_backend == "pyarrow":
            pa: Any = importlib.import_module("pyarrow")
            return pa.table(self).to_pandas(types_mapper=pd.ArrowDtype)
        if dtype_backend != "numpy_nullable":
            raise ValueError(
                f"dtype_backend {dtype_backend!r}: use 'pyarrow' or 'numpy_nullable'"
            )
        table = json.loads(self._native.columns_json())
        series: Dict[str, Any] = {}
        for column, values in zip(table["columns"], table["data"]):
            kind = column["type"]
            if kind == "integer":
                series[column["name"]] = pd.array(values, dtype="Int64")
            elif kind == "date":
                series[column["name"]] = pd.array(
                    [None if v is None else date.fromisoformat(v) for v in values],
                    dtype=object,
                )
            elif kind == "category":
                series[column["name"]] = pd.Categorical(values)
            else:
                series[column["name"]] = pd.array(values, dtype="string")
        return pd.DataFrame(series, columns=list(self.columns))


_F = TypeVar("_F", bound=Fact)


class Corpus:
    """A corpus of articles, its entity registry and its meetings."""

    def __init__(self, native: _native.NativeCorpus) -> None:
        self._native = native
        self._articles: Optional[Tuple[Article, ...]] = None
        self._entities: Optional[Dict[str, Entity]] = None

    @staticmethod
    def embedded() -> Corpus:
        """The corpus shipped in the package."""
        return Corpus(_native.NativeCorpus.embedded())

    @staticmethod
    def from_dir(path: Path) -> Corpus:
        """The corpus of the data folder `path`, read through the tool's safe
        reader. Raises `ValueError` with the tool's message when it cannot
        be read."""
        return Corpus(_native.NativeCorpus.from_dir(path))

    def table_names(self) -> Tuple[str, ...]:
        """The names of the tidy tables, in the exports' order."""
        return tuple(self._native.table_names())

    def table(self, name: str) -> Table:
        """The tidy table `name` (`facts`, `participants`, `meetings`, ...;
        see `table_names()`). Unknown names are a `ValueError`. The tables
        are made once per corpus and shared by every call."""
        return Table(self._native.table(name))

    def manifest(self) -> Mapping[str, Any]:
        """The manifest (`manifest.json`)."""
        manifest: Mapping[str, Any] = json.loads(self._native.manifest_json())
        return manifest

    def articles(self) -> Tuple[Article, ...]:
        """Every article, in corpus order."""
        if self._articles is None:
            self._articles = tuple(
                Article._of(a) for a in json.loads(self._native.articles_json())
            )
        return self._articles

    def article(self, id: str) -> Optional[Article]:
        """The article with this id."""
        return next((a for a in self.articles() if a.id == id), None)

    def entities(self) -> Tuple[Entity, ...]:
        """Every entity of the registry."""
        return tuple(self._entity_map().values())

    def entity(self, id: str) -> Optional[Entity]:
        """The entity with this id, or `None`."""
        return self._entity_map().get(id)

    def _entity_map(self) -> Dict[str, Entity]:
        if self._entities is None:
            entities = (Entity._of(e) for e in json.loads(self._native.entities_json()))
            self._entities = {e.id: e for e in entities}
        return self._entities

    def facts(self, kind: Optional[str] = None, modality: Optional[str] = None) -> List[Fact]:
        """Every fact, or those of one kind and modality. An unknown kind is
        a `ValueError`, not an empty list."""
        if kind is not None and kind not in _native.fact_kinds():
            raise ValueError(f"unknown fact kind {kind!r}: one of {_native.fact_kinds()}")
        return [
            f
            for a in self.articles()
            for f in a.facts
            if (kind is None or f.kind == kind) and (modality is None or f.modality == modality)
        ]

    def facts_of(self, cls: Type[_F], modality: Optional[str] = None) -> List[_F]:
        """The facts of one kind, typed by its class, in corpus order:
        `corpus.facts_of(MeetingFact)` is a `List[MeetingFact]`, so a type
        checker knows each has `round` and `participants`."""
        return [
            f
            for a in self.articles()
            for f in a.facts
            if isinstance(f, cls) and (modality is None or f.modality == modality)
        ]

    def facts_mentioning(self, id: str) -> List[Fact]:
        """The facts that name the entity `id`, in corpus order."""
        wanted = set(self._native.facts_mentioning(id))
        return [f for a in self.articles() for f in a.facts if f.global_id in wanted]

    def meetings(self) -> List[Meeting]:
        """The meetings, each merged from every fact that mentions it."""
        return [Meeting._of(m) for m in json.loads(self._native.meetings_json())]

    def resolve(self, id: str) -> Resolution:
        """What `id` (an article, fact or entity id) is now, following
        retirements."""
        r = json.loads(self._native.resolve_json(id))
        return Resolution(r["status"], r["id"], r.get("retirement"))


@dataclass(frozen=True)
class Related:
    """Another place in the finding's file that it concerns ("first listed
    here"): its JSON Pointer, 1-based line and column (0 for none), and
    what it is to the finding."""

    pointer: str
    line: int
    column: int
    label: str


@dataclass(frozen=True)
class Finding:
    """One problem: its rule, where it is (1-based line and column in code
    points, 0 for none), how to fix it, and the other places it concerns."""

    rule: str
    severity: str
    file: str
    line: int
    column: int
    pointer: str
    message: str
    hint: str
    related: Tuple[Related, ...] = ()

    def _json(self) -> Json:
        """The finding as the JSON report writes it (no `related` when
        there is none)."""
        out: Json = asdict(self)
        if not self.related:
            del out["related"]
        return out


@dataclass(frozen=True)
class Suppressed:
    """Findings of one rule in one file over the per-rule cap, counted."""

    file: str
    rule: str
    count: int


@dataclass(frozen=True)
class Report:
    """What `validate` found, as `validate --format json` reports it, with
    files relative to the data folder."""

    findings: Tuple[Finding, ...]
    suppressed: Tuple[Suppressed, ...]
    summary: Mapping[str, Any]
    path: str

    @property
    def errors(self) -> int:
        """Findings at error level, those over the cap included."""
        return int(self.summary["errors"])

    @property
    def warnings(self) -> int:
        """Findings at warning level, those over the cap included."""
        return int(self.summary["warnings"])

    def to_json(self) -> str:
        """The report as `validate --format json` prints it, byte for byte."""
        return _native.render_report(self._draft(), "json")

    def to_sarif(self) -> str:
        """The report as SARIF 2.1.0, for code scanning, as `validate
        --format sarif` prints it (from this report: nothing is validated
        again)."""
        return _native.render_report(self._draft(), "sarif")

    def _draft(self) -> str:
        return json.dumps(
            {
                "format_version": 1,
                "summary": dict(self.summary),
                "findings": [f._json() for f in self.findings],
                "suppressed": [asdict(s) for s in self.suppressed],
            }
        )


def _finding(f: Json) -> Finding:
    return Finding(
        rule=f["rule"],
        severity=f["severity"],
        file=f["file"],
        line=f["line"],
        column=f["column"],
        pointer=f["pointer"],
        message=f["message"],
        hint=f["hint"],
        related=tuple(
            Related(r["pointer"], r["line"], r["column"], r["label"]) for r in f.get("related", ())
        ),
    )


def _suppressed(s: Json) -> Suppressed:
    return Suppressed(file=s["file"], rule=s["rule"], count=s["count"])


def validate(path: Path, *, format: Optional[str] = None) -> Report:
    """Validates the data folder `path` with every rule of the tool.

    `format` is accepted for the tool's formats; only `None` and `"json"`
    give a `Report` (use `Report.to_sarif` for SARIF)."""
    if format not in (None, "json"):
        raise ValueError(f"format {format!r}: validate returns a Report; use Report.to_sarif()")
    data = json.loads(_native.validate_report(path, "json"))
    return Report(
        findings=tuple(_finding(f) for f in data["findings"]),
        suppressed=tuple(_suppressed(s) for s in data["suppressed"]),
        summary=data["summary"],
        path=str(path),
    )
