//! Tidy tables for researchers, as CSV or JSONL: `articles`, `facts`,
//! `participants`, `entities` and `evidence`, the dates, lists and links
//! that complete them, and the meetings merged across articles. One
//! definition of each table (its columns, their types and meanings, its
//! keys) serves the CSV and JSONL writers and the Frictionless and
//! Croissant metadata.
//!
//! The tables are a lossless view of the data files: every field of the
//! model lands in a column ([`rebuild`] reads them back into the files, and
//! the tests walk the generated schema to prove no field is left out).

use std::fmt::Write as _;

use crate::model::{
    Article, Basis, DatePrecision, DateValue, EntityKind, Fact, FactKind, MembershipChangeKind,
    Modality, PartialDate, ParticipationChangeKind, RecordKind, RetirementReason, Role,
    StatementMode, TextDefect, SCHEMA_VERSION,
};
use crate::Corpus;

#[cfg(feature = "parquet")]
pub mod parquet;
mod rebuild;
pub use rebuild::{rebuild, Rebuilt};

/// The type of a column; one type per column, whatever the row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ColumnType {
    /// Text (including partial dates such as `2017-01`).
    String,
    /// A whole number.
    Integer,
    /// A calendar day, `YYYY-MM-DD` in CSV and JSONL, a date in Parquet.
    Date,
}

/// One column of a table.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The header name.
    pub name: &'static str,
    /// The value type.
    pub ty: ColumnType,
    /// What the column means, without the list of its values.
    pub description: &'static str,
    /// The values the column takes, when they come from a vocabulary of the
    /// model: listed from the model's own `ALL`, never by hand.
    pub values: Option<fn() -> Vec<&'static str>>,
    /// Whether the column is in the CSV table (the article body is JSONL only).
    pub in_csv: bool,
}

impl Column {
    /// The description, with the values the column takes when it has a
    /// vocabulary ("One of: day, month, year, unknown.").
    pub fn full_description(&self) -> String {
        match self.values {
            Some(values) => format!("{} One of: {}.", self.description, values().join(", ")),
            None => self.description.to_owned(),
        }
    }
}

/// The names of every value of a vocabulary.
macro_rules! names {
    ($($vocabulary:ty),+) => {
        Some(|| {
            let mut names = Vec::new();
            $(names.extend(<$vocabulary>::ALL.iter().map(|v| v.as_str()));)+
            names
        })
    };
}

/// A foreign key: these columns refer to the key of another table.
#[derive(Clone, Copy, Debug)]
pub struct ForeignKey {
    /// Columns of this table.
    pub columns: &'static [&'static str],
    /// The table referred to.
    pub table: &'static str,
    /// Its key columns.
    pub reference: &'static [&'static str],
}

/// A cell: text, a number, or absent (an empty CSV cell, a JSON `null`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// No value.
    Null,
}

/// A table with its rows, in a deterministic order.
#[derive(Clone, Debug)]
pub struct Table {
    /// The table name, which is also the file stem (`facts.csv`).
    pub name: &'static str,
    /// What one row is.
    pub description: &'static str,
    /// The columns, in file order.
    pub columns: &'static [Column],
    /// The columns that identify a row, if any.
    pub primary_key: &'static [&'static str],
    /// References to other tables.
    pub foreign_keys: &'static [ForeignKey],
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

macro_rules! col {
    ($name:literal, $ty:ident, $description:literal) => {
        Column {
            name: $name,
            ty: ColumnType::$ty,
            description: $description,
            values: None,
            in_csv: true,
        }
    };
    ($name:literal, $ty:ident, $description:literal, $values:expr) => {
        Column {
            name: $name,
            ty: ColumnType::$ty,
            description: $description,
            values: $values,
            in_csv: true,
        }
    };
}

const FILES: &[Column] = &[
    col!(
        "path",
        String,
        "Path of the JSON file in the data folder, e.g. `articles/realist-arabic/<id>.json`."
    ),
    col!(
        "document",
        String,
        "What the file holds: `manifest`, `entities` or `article`."
    ),
    col!(
        "article_id",
        String,
        "The article the file holds (articles only)."
    ),
    col!(
        "schema",
        String,
        "The file's `$schema`: the relative path of its JSON Schema."
    ),
    col!(
        "schema_version",
        Integer,
        "The version of the file format the file follows."
    ),
];

const MANIFEST: &[Column] = &[
    col!("name", String, "Machine name of the dataset."),
    col!("title", String, "Human title of the dataset."),
    col!("version", String, "Dataset version (the crate version)."),
    col!(
        "released",
        String,
        "The day this version was released, if it was."
    ),
    col!("description", String, "What the dataset contains."),
    col!(
        "license_code",
        String,
        "Licence of the code (SPDX expression)."
    ),
    col!(
        "license_annotations",
        String,
        "Licence of the annotations: facts, entities, notes (SPDX)."
    ),
    col!(
        "license_article_texts",
        String,
        "Terms of the article texts, which belong to their publishers."
    ),
];

const ARTICLES: &[Column] = &[
    col!("article_id", String, "Stable id of the article."),
    col!("outlet_id", String, "Entity id of the outlet that published it."),
    col!("language", String, "BCP 47 language tag of the body."),
    col!("published_start", String, "First date the publication date can be, written at its own precision (YYYY, YYYY-MM or YYYY-MM-DD); for precision `unknown`, the earliest bound. Empty when unbounded. The exact value is in `dates` (field `published`)."),
    col!("published_end", String, "Last date the publication date can be (the end of a span, the date itself, or for precision `unknown` the latest bound). Empty when unbounded."),
    col!("published_precision", String, "How precisely the publication date is known.", names!(DatePrecision)),
    col!("published_first_day", Date, "The first calendar day the publication date can be (the first day of `published_start`)."),
    col!("published_last_day", Date, "The last calendar day the publication date can be (the last day of `published_end`)."),
    col!("title", String, "The headline, if known."),
    col!("url", String, "The address of the article, if known."),
    col!("retrieved", String, "When the text was retrieved, if known."),
    col!("source_note", String, "How the text was obtained, or what is not known about its source."),
    col!("body_chars", Integer, "Length of the body in Unicode code points (the unit of evidence offsets)."),
    col!("fact_count", Integer, "Number of facts extracted from the article."),
    Column { name: "body", ty: ColumnType::String, description: "The text exactly as published (JSONL only).", values: None, in_csv: false },
];

const FACTS: &[Column] = &[
    col!("fact_id", String, "Corpus-wide fact id: `<article_id>#<fact id>`."),
    col!("article_id", String, "The article that states the fact."),
    col!("fact_index", Integer, "Position of the fact in its article (0-based)."),
    col!("kind", String, "The kind of fact.", names!(FactKind)),
    col!("modality", String, "How the article asserts the fact: keep `asserted` (and `planned` meetings) to count what happened.", names!(Modality)),
    col!("condition_en", String, "The condition of a `conditional` fact, in English (its fact, if any, is in `fact_links` as `condition`)."),
    col!("series", String, "Entity id of the negotiation series (meetings, participation changes and states)."),
    col!("round", Integer, "Round number of a meeting, or the round a participant declined, if stated or inferred (see `inferences`)."),
    col!("meeting_key", String, "Key of a meeting that has no round number; mentions with the same series and key are one meeting."),
    col!("date_start", String, "First date the event or statement can fall on, written at its own precision; for precision `unknown`, the earliest bound; for a participation_state, the first its period can begin. Empty when unbounded. The exact value is in `dates`."),
    col!("date_end", String, "Last date the event or statement can fall on (the end of a span, the date itself, or the latest bound); for a participation_state, the last its period can end. Empty when unbounded."),
    col!("date_precision", String, "How precisely the date is known; empty for kinds without a single date.", names!(DatePrecision)),
    col!("date_basis", String, "Whether the date is stated in the text or (in part) inferred; which parts is in `dates.inferred_parts`.", names!(Basis)),
    col!("date_first_day", Date, "The first calendar day `date_start` covers (1 January for a year, the 1st for a month)."),
    col!("date_last_day", Date, "The last calendar day `date_end` covers (31 December for a year, the month's last day for a month)."),
    col!("venue_id", String, "Entity id of a meeting's venue."),
    col!("change", String, "What changed: participation_change values first, then membership_change values.", names!(ParticipationChangeKind, MembershipChangeKind)),
    col!("mode", String, "How a statement is rendered.", names!(StatementMode)),
    col!("title", String, "The title of a position_held, in English."),
    col!("summary_en", String, "What the article states, in English."),
    col!("note", String, "The annotators' remark on the fact, if any."),
];

const DATES: &[Column] = &[
    col!("owner_id", String, "The article (`published`) or the fact (`date`, `from`, `until`) the date belongs to."),
    col!("field", String, "Which date of its owner: `published`, `date`, or a participation_state's `from` and `until`."),
    col!("precision", String, "How precisely the date is known.", names!(DatePrecision)),
    col!("start", String, "The date, or the first date of a span, at its precision."),
    col!("end", String, "The last date of a span."),
    col!("earliest", String, "The earliest the value can be, when it is not known exactly."),
    col!("latest", String, "The latest the value can be, when it is not known exactly."),
    col!("basis", String, "Whether the value is stated or (in part) inferred.", names!(Basis)),
    col!("inferred_parts", String, "The inferred parts, separated by `;`, each one of year, month, day, earliest, latest (in that order); empty when all is stated. To keep only stated values, blank the parts listed here."),
    col!("note", String, "What was inferred and from what, or any other remark on the date."),
];

const PARTICIPANTS: &[Column] = &[
    col!("fact_id", String, "The fact, `<article_id>#<fact id>`."),
    col!("position", Integer, "Position in the fact's list (participants, speakers), 0-based; 0 for single fields."),
    col!("entity_id", String, "The entity."),
    col!("role", String, "The meeting role (for a participation change or state, the role it concerns); speaker (statements); member or organization (membership_change); holder or office (position_held).", Some(|| {
        let mut names: Vec<&'static str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        names.extend(["speaker", "member", "organization", "holder", "office"]);
        names
    })),
];

const ENTITIES: &[Column] = &[
    col!("entity_id", String, "Stable kebab-case id."),
    col!("kind", String, "The kind of entity.", names!(EntityKind)),
    col!("name_en", String, "Preferred English name."),
    col!("name_ar", String, "Preferred Arabic name."),
    col!("wikidata", String, "Wikidata item id, only where certain."),
    col!("iso3166", String, "ISO 3166-1 alpha-2 code (states)."),
    col!(
        "part_of",
        String,
        "The entity this one belongs to (the state of a government, the government of a ministry)."
    ),
    col!(
        "note",
        String,
        "How the entity was identified, what it does not include."
    ),
];

const ENTITY_NAMES: &[Column] = &[
    col!("entity_id", String, "The entity."),
    col!(
        "position",
        Integer,
        "Position in the entity's `other_names` (0-based)."
    ),
    col!("lang", String, "BCP 47 language tag of the name."),
    col!("text", String, "The name."),
    col!(
        "from",
        String,
        "First date the name was in official use, if limited."
    ),
    col!(
        "until",
        String,
        "Last date the name was in official use, if limited."
    ),
    col!(
        "note",
        String,
        "Where the name comes from or how it is used."
    ),
];

const ENTITY_POSITIONS: &[Column] = &[
    col!("entity_id", String, "The person."),
    col!(
        "position",
        Integer,
        "Position in the entity's `positions` (0-based)."
    ),
    col!("title", String, "The title in English."),
    col!("of", String, "The body or state the position belongs to."),
    col!(
        "stated_index",
        Integer,
        "Position of the citing fact in `stated_in` (0-based)."
    ),
    col!(
        "article_id",
        String,
        "The article of a position_held fact that states it."
    ),
    col!("fact_id", String, "That fact, `<article_id>#<fact id>`."),
];

const EVIDENCE: &[Column] = &[
    col!("fact_id", String, "The fact, `<article_id>#<fact id>`."),
    col!(
        "position",
        Integer,
        "Position of the span in the fact's evidence (0-based)."
    ),
    col!(
        "start",
        Integer,
        "Offset of the quote's first code point in the article body."
    ),
    col!(
        "end",
        Integer,
        "Offset one past the quote's last code point (half-open)."
    ),
    col!(
        "quote",
        String,
        "The exact words of the body between start and end."
    ),
    col!(
        "prefix",
        String,
        "Text just before the quote, to tell repeated quotes apart."
    ),
    col!(
        "suffix",
        String,
        "Text just after the quote, to tell repeated quotes apart."
    ),
];

const MENTIONS: &[Column] = &[
    col!("fact_id", String, "The fact, `<article_id>#<fact id>`."),
    col!(
        "position",
        Integer,
        "Position in the fact's `about_entities` (0-based)."
    ),
    col!("entity_id", String, "An entity the fact is about."),
    col!(
        "link",
        String,
        "How the fact refers to the entity: `about` (the fact's `about_entities`)."
    ),
];

const ENTITY_MENTIONS: &[Column] = &[
    col!("fact_id", String, "The fact, `<article_id>#<fact id>`."),
    col!(
        "position",
        Integer,
        "Position in the fact's `entity_mentions` (0-based)."
    ),
    col!(
        "entity_id",
        String,
        "The entity the words refer to without naming it."
    ),
    col!(
        "start",
        Integer,
        "Offset of the words' first code point in the body."
    ),
    col!(
        "end",
        Integer,
        "Offset one past their last code point (half-open)."
    ),
    col!(
        "quote",
        String,
        "The words, exactly as in the body (e.g. «دمشق» for the Syrian government)."
    ),
    col!(
        "prefix",
        String,
        "Text just before the words, to tell repeated words apart."
    ),
    col!("suffix", String, "Text just after the words."),
    col!("note", String, "How the words refer to the entity."),
];

const FACT_LINKS: &[Column] = &[
    col!("fact_id", String, "The fact, `<article_id>#<fact id>`."),
    col!("target_fact_id", String, "A fact of the same article it refers to, `<article_id>#<fact id>`."),
    col!("link", String, "`about` (the fact is about the target: `about_facts`), `according_to` (the statement the fact is reported in) or `condition` (the fact stating the condition of a conditional fact)."),
    col!("position", Integer, "Position in `about_facts` (0-based); 0 for the single links."),
];

const INFERENCES: &[Column] = &[
    col!("fact_id", String, "The fact, `<article_id>#<fact id>`."),
    col!(
        "position",
        Integer,
        "Position in the fact's `inferred` (0-based)."
    ),
    col!(
        "path",
        String,
        "JSON Pointer, relative to the fact, of a value that is inferred rather than stated."
    ),
    col!("note", String, "What was inferred and from what."),
];

const TEXT_NOTES: &[Column] = &[
    col!(
        "article_id",
        String,
        "The article whose text has the defect."
    ),
    col!(
        "note_index",
        Integer,
        "Position of the note in the article's `text_notes` (0-based)."
    ),
    col!(
        "span_index",
        Integer,
        "Position of the span in the note's evidence (0-based)."
    ),
    col!("defect", String, "The kind of defect.", names!(TextDefect)),
    col!(
        "note",
        String,
        "What is wrong and, where it is clear, what was meant."
    ),
    col!(
        "start",
        Integer,
        "Offset of the span's first code point in the body."
    ),
    col!(
        "end",
        Integer,
        "Offset one past the span's last code point (half-open)."
    ),
    col!(
        "quote",
        String,
        "The defective words, exactly as in the body."
    ),
    col!("prefix", String, "Text just before the words."),
    col!("suffix", String, "Text just after the words."),
];

const RETIRED: &[Column] = &[
    col!("position", Integer, "Position in `retired.json` (0-based)."),
    col!(
        "record",
        String,
        "The sort of record retired.",
        names!(RecordKind)
    ),
    col!(
        "id",
        String,
        "Its id as the tables write it (`<article>#<fact>` for a fact)."
    ),
    col!(
        "version",
        String,
        "The dataset version that retired it (the first without it)."
    ),
    col!(
        "reason",
        String,
        "Why it was retired.",
        names!(RetirementReason)
    ),
    col!(
        "replaced_by",
        String,
        "The record that replaces it, if any (`Corpus::resolve` follows the chain)."
    ),
    col!("note", String, "What happened."),
];

const MEETINGS: &[Column] = &[
    col!("meeting_id", String, "Id of the real meeting: `<series>#round-<n>`, `<series>#key-<meeting_key>`, or for a meeting only one mention identifies, that mention's fact id."),
    col!("series", String, "Entity id of the series."),
    col!("round", Integer, "The round number, if the mentions give one."),
    col!("meeting_key", String, "The key of an unnumbered meeting."),
    col!("modality", String, "`asserted` when any mention says it took place, else `planned`.", names!(Modality)),
    col!("date_start", String, "First day of the most precise date the mentions give, at its precision (or its earliest bound)."),
    col!("date_end", String, "Last day of that date (or its latest bound)."),
    col!("date_precision", String, "Precision of that date.", names!(DatePrecision)),
    col!("date_first_day", Date, "The first calendar day that date covers."),
    col!("date_last_day", Date, "The last calendar day that date covers."),
    col!("date_fact_id", String, "The mention whose date it is."),
    col!("venue_id", String, "The venue the mentions give."),
    col!("mention_count", Integer, "How many meeting facts mention it."),
    col!("article_count", Integer, "How many articles mention it."),
];

const MEETING_ATTESTATIONS: &[Column] = &[
    col!("meeting_id", String, "The meeting."),
    col!("value", String, "What the fact attests: `mention` (it mentions the meeting), `date` (its date agrees with the merged date), `venue`, or `participant`."),
    col!("entity_id", String, "The venue or participant attested."),
    col!("role", String, "The participant's role.", names!(Role)),
    col!("fact_id", String, "The meeting fact that attests it."),
    col!("article_id", String, "Its article."),
];

const FACT_KEY: &[&str] = &["fact_id"];

/// A foreign key from `fact_id` to the facts table.
const TO_FACTS: ForeignKey = ForeignKey {
    columns: &["fact_id"],
    table: "facts",
    reference: FACT_KEY,
};

const TO_ARTICLES: ForeignKey = ForeignKey {
    columns: &["article_id"],
    table: "articles",
    reference: &["article_id"],
};

/// A foreign key from `columns` to the entities table (a literal, so that
/// tables can hold it in a constant slice).
macro_rules! to_entities {
    ($columns:expr) => {
        ForeignKey {
            columns: $columns,
            table: "entities",
            reference: &["entity_id"],
        }
    };
}

/// Rows of every table, filled in one pass over the corpus.
#[derive(Default)]
struct Rows {
    files: Vec<Vec<Cell>>,
    manifest: Vec<Vec<Cell>>,
    articles: Vec<Vec<Cell>>,
    facts: Vec<Vec<Cell>>,
    dates: Vec<Vec<Cell>>,
    participants: Vec<Vec<Cell>>,
    entities: Vec<Vec<Cell>>,
    entity_names: Vec<Vec<Cell>>,
    entity_positions: Vec<Vec<Cell>>,
    evidence: Vec<Vec<Cell>>,
    mentions: Vec<Vec<Cell>>,
    entity_mentions: Vec<Vec<Cell>>,
    fact_links: Vec<Vec<Cell>>,
    inferences: Vec<Vec<Cell>>,
    text_notes: Vec<Vec<Cell>>,
    retired: Vec<Vec<Cell>>,
    meetings: Vec<Vec<Cell>>,
    meeting_attestations: Vec<Vec<Cell>>,
}

/// The tables of the corpus, in file order: the files and manifest, the
/// five of the design card with the dates they refer to, the entity
/// registry's lists, the links, inferences and text notes, then the
/// meetings merged across articles.
///
/// Together the tables hold every value of every data file:
/// [`rebuild`] turns them back into the files, byte for byte
/// in canonical form. Only `meetings` and `meeting_attestations`, and the
/// convenience columns `published_*`, `date_*` and the counts, are derived.
pub fn tables(corpus: &Corpus) -> Vec<Table> {
    let mut articles: Vec<(&str, &Article)> = corpus
        .articles()
        .iter()
        .map(|a| (corpus.article_path(&a.id).unwrap_or(""), a))
        .collect();
    articles.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    let mut entities: Vec<_> = corpus.entities().iter().collect();
    entities.sort_by(|a, b| a.id.cmp(&b.id));
    let mut rows = Rows::default();

    let manifest = corpus.manifest();
    rows.files.push(vec![
        text("manifest.json"),
        text("manifest"),
        Cell::Null,
        text(&manifest.schema),
        int(manifest.schema_version as usize),
    ]);
    rows.files.push(vec![
        text("entities.json"),
        text("entities"),
        Cell::Null,
        text(corpus.entities_schema()),
        int(SCHEMA_VERSION as usize),
    ]);
    if let Some(retired) = corpus.retired() {
        rows.files.push(vec![
            text("retired.json"),
            text("retired"),
            Cell::Null,
            text(&retired.schema),
            int(retired.schema_version as usize),
        ]);
        for (i, r) in retired.retired.iter().enumerate() {
            rows.retired.push(vec![
                int(i),
                text(r.record.as_str()),
                text(&r.id),
                text(&r.version),
                text(r.reason.as_str()),
                opt(r.replaced_by.as_deref()),
                opt(r.note.as_deref()),
            ]);
        }
    }
    rows.manifest.push(vec![
        text(&manifest.name),
        text(&manifest.title),
        text(&manifest.version),
        manifest
            .released
            .map_or(Cell::Null, |d| text(&d.to_string())),
        text(&manifest.description),
        text(&manifest.licenses.code),
        text(&manifest.licenses.annotations),
        text(&manifest.licenses.article_texts),
    ]);

    for (path, article) in &articles {
        rows.files.push(vec![
            text(path),
            text("article"),
            text(&article.id),
            text(&article.schema),
            int(article.schema_version as usize),
        ]);
        let (p_start, p_end) = date_range(&article.published);
        rows.articles.push(vec![
            text(&article.id),
            text(&article.source.outlet),
            text(&article.language),
            p_start,
            p_end,
            text(article.published.precision.as_str()),
            first_day(&article.published),
            last_day(&article.published),
            opt(article.title.as_deref()),
            opt(article.source.url.as_deref()),
            article
                .source
                .retrieved
                .map_or(Cell::Null, |d| text(&d.to_string())),
            opt(article.source.note.as_deref()),
            int(article.body_chars()),
            int(article.facts.len()),
            text(&article.body),
        ]);
        date_row(
            &mut rows.dates,
            &article.id,
            "published",
            &article.published,
        );
        for (index, fact) in article.facts.iter().enumerate() {
            fact_rows(&mut rows, &article.id, index, fact);
        }
        for (i, note) in article.text_notes.iter().enumerate() {
            for (j, e) in note.evidence.iter().enumerate() {
                rows.text_notes.push(vec![
                    text(&article.id),
                    int(i),
                    int(j),
                    text(note.defect.as_str()),
                    text(&note.note),
                    int(e.start as usize),
                    int(e.end as usize),
                    text(&e.quote),
                    opt(e.prefix.as_deref()),
                    opt(e.suffix.as_deref()),
                ]);
            }
        }
    }
    for e in &entities {
        rows.entities.push(vec![
            text(&e.id),
            text(e.kind.as_str()),
            text(&e.name.en),
            text(&e.name.ar),
            opt(e.wikidata.as_deref()),
            opt(e.iso3166_1.as_deref()),
            opt(e.part_of.as_deref()),
            opt(e.note.as_deref()),
        ]);
        for (i, n) in e.other_names.iter().enumerate() {
            rows.entity_names.push(vec![
                text(&e.id),
                int(i),
                text(&n.lang),
                text(&n.text),
                n.from.map_or(Cell::Null, |d| text(&d.to_string())),
                n.until.map_or(Cell::Null, |d| text(&d.to_string())),
                opt(n.note.as_deref()),
            ]);
        }
        for (i, p) in e.positions.iter().enumerate() {
            let position = |k: Cell, article: Cell, fact: Cell| {
                vec![
                    text(&e.id),
                    int(i),
                    text(&p.title),
                    opt(p.of.as_deref()),
                    k,
                    article,
                    fact,
                ]
            };
            if p.stated_in.is_empty() {
                rows.entity_positions
                    .push(position(Cell::Null, Cell::Null, Cell::Null));
            }
            for (k, r) in p.stated_in.iter().enumerate() {
                rows.entity_positions.push(position(
                    int(k),
                    text(&r.article),
                    text(&format!("{}#{}", r.article, r.fact)),
                ));
            }
        }
    }
    meeting_rows(&mut rows, corpus);
    assemble(rows)
}

/// The rows of one fact in every table it reaches.
fn fact_rows(rows: &mut Rows, article_id: &str, index: usize, fact: &Fact) {
    let fact_id = format!("{article_id}#{}", fact.id());
    let (d_start, d_end, d_precision, d_basis, d_first, d_last) = match fact {
        Fact::ParticipationState(s) => (
            date_range(&s.from).0,
            date_range(&s.until).1,
            Cell::Null,
            Cell::Null,
            first_day(&s.from),
            last_day(&s.until),
        ),
        _ => match fact.date() {
            Some(d) => {
                let (s, e) = date_range(d);
                (
                    s,
                    e,
                    text(d.precision.as_str()),
                    text(d.basis.as_str()),
                    first_day(d),
                    last_day(d),
                )
            }
            None => (
                Cell::Null,
                Cell::Null,
                Cell::Null,
                Cell::Null,
                Cell::Null,
                Cell::Null,
            ),
        },
    };
    let none = || Cell::Null;
    let (round, key, venue, change, mode, title) = match fact {
        Fact::Meeting(m) => (
            m.round.map_or(Cell::Null, |r| Cell::Int(r.into())),
            opt(m.meeting_key.as_deref()),
            opt(m.venue.as_deref()),
            none(),
            none(),
            none(),
        ),
        Fact::ParticipationChange(c) => (
            c.round.map_or(Cell::Null, |r| Cell::Int(r.into())),
            none(),
            none(),
            text(c.change.as_str()),
            none(),
            none(),
        ),
        Fact::MembershipChange(c) => (
            none(),
            none(),
            none(),
            text(c.change.as_str()),
            none(),
            none(),
        ),
        Fact::Statement(s) => (
            none(),
            none(),
            none(),
            none(),
            text(s.mode.as_str()),
            none(),
        ),
        Fact::PositionHeld(p) => (none(), none(), none(), none(), none(), text(&p.title)),
        _ => (none(), none(), none(), none(), none(), none()),
    };
    rows.facts.push(vec![
        text(&fact_id),
        text(article_id),
        int(index),
        text(fact.kind().as_str()),
        text(fact.modality().as_str()),
        opt(fact.condition().map(|c| c.text_en.as_str())),
        opt(fact.series().map(|s| s.as_str())),
        round,
        key,
        d_start,
        d_end,
        d_precision,
        d_basis,
        d_first,
        d_last,
        venue,
        change,
        mode,
        title,
        text(fact.summary_en()),
        opt(fact.note()),
    ]);
    for (field, date) in fact.dates() {
        date_row(&mut rows.dates, &fact_id, field, date);
    }
    for (position, entity, role) in roles(fact) {
        rows.participants.push(vec![
            text(&fact_id),
            int(position),
            text(entity),
            text(role),
        ]);
    }
    for (i, entity) in fact.about_entities().iter().enumerate() {
        rows.mentions
            .push(vec![text(&fact_id), int(i), text(entity), text("about")]);
    }
    let target = |id: &str| text(&format!("{article_id}#{id}"));
    for (i, id) in fact.about_facts().iter().enumerate() {
        rows.fact_links
            .push(vec![text(&fact_id), target(id), text("about"), int(i)]);
    }
    if let Some(id) = fact.according_to() {
        rows.fact_links.push(vec![
            text(&fact_id),
            target(id),
            text("according_to"),
            int(0),
        ]);
    }
    if let Some(id) = fact.condition().and_then(|c| c.fact.as_deref()) {
        rows.fact_links
            .push(vec![text(&fact_id), target(id), text("condition"), int(0)]);
    }
    for (i, inference) in fact.inferred().iter().enumerate() {
        rows.inferences.push(vec![
            text(&fact_id),
            int(i),
            text(&inference.path),
            text(&inference.note),
        ]);
    }
    for (i, e) in fact.evidence().iter().enumerate() {
        rows.evidence.push(vec![
            text(&fact_id),
            int(i),
            int(e.start as usize),
            int(e.end as usize),
            text(&e.quote),
            opt(e.prefix.as_deref()),
            opt(e.suffix.as_deref()),
        ]);
    }
    for (i, m) in fact.entity_mentions().iter().enumerate() {
        rows.entity_mentions.push(vec![
            text(&fact_id),
            int(i),
            text(&m.entity),
            int(m.evidence.start as usize),
            int(m.evidence.end as usize),
            text(&m.evidence.quote),
            opt(m.evidence.prefix.as_deref()),
            opt(m.evidence.suffix.as_deref()),
            opt(m.note.as_deref()),
        ]);
    }
}

fn date_row(out: &mut Vec<Vec<Cell>>, owner: &str, field: &str, d: &DateValue) {
    let partial = |p: Option<PartialDate>| p.map_or(Cell::Null, |p| text(&p.to_string()));
    let parts: Vec<&str> = d.inferred_parts.iter().map(|p| p.as_str()).collect();
    out.push(vec![
        text(owner),
        text(field),
        text(d.precision.as_str()),
        partial(d.start),
        partial(d.end),
        partial(d.earliest),
        partial(d.latest),
        text(d.basis.as_str()),
        if parts.is_empty() {
            Cell::Null
        } else {
            text(&parts.join(";"))
        },
        opt(d.note.as_deref()),
    ]);
}

/// The meetings merged across articles, and what attests each value.
fn meeting_rows(rows: &mut Rows, corpus: &Corpus) {
    for m in corpus.meetings() {
        let id = m.id();
        let (d_start, d_end, d_precision, d_first, d_last, d_fact) = match &m.date {
            Some(d) => {
                let (s, e) = date_range(d.value);
                let by = d.attested_by.first().map(|e| e.global_id());
                (
                    s,
                    e,
                    text(d.value.precision.as_str()),
                    first_day(d.value),
                    last_day(d.value),
                    opt(by.as_deref()),
                )
            }
            None => (
                Cell::Null,
                Cell::Null,
                Cell::Null,
                Cell::Null,
                Cell::Null,
                Cell::Null,
            ),
        };
        let (round, key) = match &m.identity {
            crate::meetings::Identity::Round(r) => (Cell::Int((*r).into()), Cell::Null),
            crate::meetings::Identity::Key(k) => (Cell::Null, text(k)),
            crate::meetings::Identity::Alone(_) => (Cell::Null, Cell::Null),
        };
        rows.meetings.push(vec![
            text(&id),
            text(m.series),
            round,
            key,
            text(m.modality.as_str()),
            d_start,
            d_end,
            d_precision,
            d_first,
            d_last,
            d_fact,
            opt(m.venue.as_ref().map(|v| v.value.as_str())),
            int(m.mentions.len()),
            int(m.articles),
        ]);
        let mut attest = |value: &str, entity: Cell, role: Cell, by: &crate::MeetingEntry<'_>| {
            rows.meeting_attestations.push(vec![
                text(&id),
                text(value),
                entity,
                role,
                text(&by.global_id()),
                text(&by.article.id),
            ]);
        };
        for e in &m.mentions {
            attest("mention", Cell::Null, Cell::Null, e);
        }
        if let Some(d) = &m.date {
            for e in &d.attested_by {
                attest("date", Cell::Null, Cell::Null, e);
            }
        }
        if let Some(v) = &m.venue {
            for e in &v.attested_by {
                attest("venue", text(v.value), Cell::Null, e);
            }
        }
        for p in &m.participants {
            for e in &p.attested_by {
                attest(
                    "participant",
                    text(&p.value.entity),
                    text(p.value.role.as_str()),
                    e,
                );
            }
        }
    }
}

fn assemble(rows: Rows) -> Vec<Table> {
    let table = |name, description, columns, primary_key, foreign_keys, rows| Table {
        name,
        description,
        columns,
        primary_key,
        foreign_keys,
        rows,
    };
    vec![
        table("files", "One row per JSON file of the data folder.", FILES, &["path"], &[], rows.files),
        table("manifest", "The dataset's manifest: one row.", MANIFEST, &[], &[], rows.manifest),
        table("articles", "One row per article.", ARTICLES, &["article_id"], &[to_entities!(&["outlet_id"])], rows.articles),
        table("facts", "One row per fact.", FACTS, FACT_KEY, &[TO_ARTICLES, to_entities!(&["series"]), to_entities!(&["venue_id"])], rows.facts),
        table("dates", "One row per date value: an article's publication, a fact's date, a participation state's `from` and `until`.", DATES, &["owner_id", "field"], &[], rows.dates),
        table("participants", "One row per entity taking part in a fact, with its role.", PARTICIPANTS, &["fact_id", "role", "position"], &[TO_FACTS, to_entities!(&["entity_id"])], rows.participants),
        table("entities", "One row per entity of the registry.", ENTITIES, &["entity_id"], &[to_entities!(&["part_of"])], rows.entities),
        table("entity_names", "One row per further name of an entity.", ENTITY_NAMES, &["entity_id", "position"], &[to_entities!(&["entity_id"])], rows.entity_names),
        table("entity_positions", "One row per fact that states a position a person held.", ENTITY_POSITIONS, &[], &[to_entities!(&["entity_id"]), to_entities!(&["of"]), TO_FACTS], rows.entity_positions),
        table("evidence", "One row per evidence span of a fact.", EVIDENCE, &["fact_id", "position"], &[TO_FACTS], rows.evidence),
        table("mentions", "One row per entity a statement or claim is about.", MENTIONS, &["fact_id", "position"], &[TO_FACTS, to_entities!(&["entity_id"])], rows.mentions),
        table("entity_mentions", "One row per word or phrase that refers to an entity without naming it.", ENTITY_MENTIONS, &["fact_id", "position"], &[TO_FACTS, to_entities!(&["entity_id"])], rows.entity_mentions),
        table("fact_links", "One row per reference from a fact to another fact of its article.", FACT_LINKS, &["fact_id", "link", "position"], &[TO_FACTS, ForeignKey { columns: &["target_fact_id"], table: "facts", reference: FACT_KEY }], rows.fact_links),
        table("inferences", "One row per value of a fact that is inferred rather than stated.", INFERENCES, &["fact_id", "position"], &[TO_FACTS], rows.inferences),
        table("text_notes", "One row per span of a defect in an article's text (the text itself is never corrected).", TEXT_NOTES, &["article_id", "note_index", "span_index"], &[TO_ARTICLES], rows.text_notes),
        table("retired", "One row per retired article, fact, entity or meeting id (`retired.json`).", RETIRED, &["id"], &[], rows.retired),
        table("meetings", "One row per real meeting, merged from the meeting facts that mention it across articles (derived).", MEETINGS, &["meeting_id"], &[to_entities!(&["series"]), to_entities!(&["venue_id"]), ForeignKey { columns: &["date_fact_id"], table: "facts", reference: FACT_KEY }], rows.meetings),
        table("meeting_attestations", "One row per meeting fact that attests a value of a merged meeting (derived): count rows per value for the number of attesting facts or articles.", MEETING_ATTESTATIONS, &[], &[ForeignKey { columns: &["meeting_id"], table: "meetings", reference: &["meeting_id"] }, TO_FACTS, to_entities!(&["entity_id"])], rows.meeting_attestations),
    ]
}

/// The (position, entity, role) triples of a fact for the participants table.
fn roles(fact: &Fact) -> Vec<(usize, &str, &'static str)> {
    match fact {
        Fact::Meeting(m) => m
            .participants
            .iter()
            .enumerate()
            .map(|(i, p)| (i, p.entity.as_str(), p.role.as_str()))
            .collect(),
        Fact::Statement(s) => s
            .speakers
            .iter()
            .enumerate()
            .map(|(i, e)| (i, e.as_str(), "speaker"))
            .collect(),
        Fact::ParticipationChange(c) => vec![(0, c.entity.as_str(), c.role.as_str())],
        Fact::ParticipationState(s) => vec![(0, s.entity.as_str(), s.role.as_str())],
        Fact::MembershipChange(c) => vec![
            (0, c.member.as_str(), "member"),
            (0, c.organization.as_str(), "organization"),
        ],
        Fact::PositionHeld(p) => {
            let mut r = vec![(0, p.person.as_str(), "holder")];
            if let Some(of) = &p.of {
                r.push((0, of.as_str(), "office"));
            }
            r
        }
        _ => Vec::new(),
    }
}

/// The first and last dates a value covers, as written: start and end (or
/// start again for a single date), or the bounds of an unknown date.
fn date_range(d: &DateValue) -> (Cell, Cell) {
    let first = d.start.or(d.earliest);
    let last = d.end.or(d.start).or(d.latest);
    (
        first.map_or(Cell::Null, |p| Cell::Text(p.to_string())),
        last.map_or(Cell::Null, |p| Cell::Text(p.to_string())),
    )
}

/// The first calendar day a value can fall on, as `YYYY-MM-DD`.
fn first_day(d: &DateValue) -> Cell {
    d.lower_bound().map_or(Cell::Null, |day| {
        Cell::Text(day.format("%Y-%m-%d").to_string())
    })
}

/// The last calendar day a value can fall on, as `YYYY-MM-DD`.
fn last_day(d: &DateValue) -> Cell {
    d.upper_bound().map_or(Cell::Null, |day| {
        Cell::Text(day.format("%Y-%m-%d").to_string())
    })
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

fn opt(s: Option<&str>) -> Cell {
    s.map_or(Cell::Null, text)
}

fn int(n: usize) -> Cell {
    Cell::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

impl Table {
    /// The table as CSV: a header row, then one line per row, UTF-8, `\n`
    /// line ends, fields quoted only when they must be (RFC 4180), absent
    /// values as empty cells. Text that a spreadsheet would run as a formula
    /// gets a leading `'` ([`crate::escape::csv_cell`]).
    pub fn to_csv(&self) -> String {
        let keep: Vec<usize> = (0..self.columns.len())
            .filter(|&i| self.columns[i].in_csv)
            .collect();
        let mut out = String::new();
        let header: Vec<String> = keep
            .iter()
            .map(|&i| csv_field(self.columns[i].name))
            .collect();
        out.push_str(&header.join(","));
        out.push('\n');
        for row in &self.rows {
            let cells: Vec<String> = keep
                .iter()
                .map(|&i| match &row[i] {
                    Cell::Text(s) => csv_field(&crate::escape::csv_cell(s)),
                    Cell::Int(n) => n.to_string(),
                    Cell::Null => String::new(),
                })
                .collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }

    /// The table as JSON Lines: one object per row with every column,
    /// numbers as numbers and absent values as `null`.
    pub fn to_jsonl(&self) -> String {
        let mut out = String::new();
        for row in &self.rows {
            // Written by hand to keep keys in column order.
            out.push('{');
            for (i, (column, cell)) in self.columns.iter().zip(row).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let value = match cell {
                    Cell::Text(s) => serde_json::Value::String(s.clone()),
                    Cell::Int(n) => serde_json::Value::from(*n),
                    Cell::Null => serde_json::Value::Null,
                };
                let _ = write!(out, "{}:{value}", serde_json::Value::from(column.name));
            }
            out.push_str("}\n");
        }
        out
    }
}

/// A CSV field, quoted when it contains a comma, quote or line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_what_it_must() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("أستانا"), "أستانا");
    }

    #[test]
    fn every_row_has_every_column_and_one_type_per_column() {
        for table in tables(Corpus::embedded()) {
            for row in &table.rows {
                assert_eq!(row.len(), table.columns.len(), "{}", table.name);
                for (column, cell) in table.columns.iter().zip(row) {
                    let ok = matches!(
                        (column.ty, cell),
                        (_, Cell::Null)
                            | (ColumnType::String | ColumnType::Date, Cell::Text(_))
                            | (ColumnType::Integer, Cell::Int(_))
                    );
                    assert!(ok, "{}.{}: {cell:?}", table.name, column.name);
                }
            }
        }
    }
}
