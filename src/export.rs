//! Tidy tables for researchers: `articles`, `facts`, `participants`,
//! `entities` and `evidence`, as CSV or JSONL. One definition of each table
//! (its columns, their types and meanings, its keys) serves the CSV and
//! JSONL writers and the Frictionless and Croissant metadata.

use std::fmt::Write as _;

use crate::model::{
    Basis, DatePrecision, DateValue, EntityKind, Fact, FactKind, MembershipChangeKind,
    ParticipationChangeKind, Role,
};
use crate::Corpus;

/// The type of a column; one type per column, whatever the row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// Text (including partial dates such as `2017-01`).
    String,
    /// A whole number.
    Integer,
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

const ARTICLES: &[Column] = &[
    col!("article_id", String, "Stable id of the article."),
    col!("outlet_id", String, "Entity id of the outlet that published it."),
    col!("language", String, "BCP 47 language tag of the body."),
    col!("published_start", String, "First date the publication date can be, written at its own precision (YYYY, YYYY-MM or YYYY-MM-DD); for precision `unknown`, the earliest bound. Empty when unbounded."),
    col!("published_end", String, "Last date the publication date can be (the end of a span, the date itself, or for precision `unknown` the latest bound). Empty when unbounded."),
    col!("published_precision", String, "How precisely the publication date is known.", names!(DatePrecision)),
    col!("title", String, "The headline, if known."),
    col!("url", String, "The address of the article, if known."),
    col!("body_chars", Integer, "Length of the body in Unicode code points (the unit of evidence offsets)."),
    col!("fact_count", Integer, "Number of facts extracted from the article."),
    Column { name: "body", ty: ColumnType::String, description: "The text exactly as published (JSONL only).", values: None, in_csv: false },
];

const FACTS: &[Column] = &[
    col!("fact_id", String, "Corpus-wide fact id: `<article_id>#<fact id>`."),
    col!("article_id", String, "The article that states the fact."),
    col!("kind", String, "The kind of fact.", names!(FactKind)),
    col!("series", String, "Entity id of the negotiation series (meetings and participation changes)."),
    col!("round", Integer, "Round number of a meeting, if stated or inferred (see the fact's `inferred` list in the JSON)."),
    col!("date_start", String, "First date the event or statement can fall on, written at its own precision; for precision `unknown`, the earliest bound. Empty when unbounded."),
    col!("date_end", String, "Last date the event or statement can fall on (the end of a span, the date itself, or the latest bound). Empty when unbounded."),
    col!("date_precision", String, "How precisely the date is known; empty for kinds without a date.", names!(DatePrecision)),
    col!("date_basis", String, "Whether the date is stated in the text or inferred (see the note in the JSON).", names!(Basis)),
    col!("venue_id", String, "Entity id of a meeting's venue."),
    col!("change", String, "What changed: participation_change values first, then membership_change values.", names!(ParticipationChangeKind, MembershipChangeKind)),
    col!("summary_en", String, "What the article states, in English."),
    col!("note", String, "The annotators' remark on the fact, if any."),
];

const PARTICIPANTS: &[Column] = &[
    col!("fact_id", String, "The fact, `<article_id>#<fact id>`."),
    col!("entity_id", String, "The entity."),
    col!("role", String, "The meeting role (for participation_change, the role joined or left); speaker (statements); member or organization (membership_change); holder or office (position_held).", Some(|| {
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
];

const EVIDENCE: &[Column] = &[
    col!("fact_id", String, "The fact, `<article_id>#<fact id>`."),
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
];

const MENTIONS: &[Column] = &[
    col!("fact_id", String, "The fact, `<article_id>#<fact id>`."),
    col!("entity_id", String, "An entity the fact is about."),
    col!(
        "link",
        String,
        "How the fact refers to the entity: `about` (the fact's `about_entities`)."
    ),
];

const FACT_LINKS: &[Column] = &[
    col!("fact_id", String, "The fact, `<article_id>#<fact id>`."),
    col!("target_fact_id", String, "A fact of the same article it refers to, `<article_id>#<fact id>`."),
    col!("link", String, "`about` (the fact is about the target: `about_facts`) or `according_to` (the statement the fact is reported in)."),
];

const INFERENCES: &[Column] = &[
    col!("fact_id", String, "The fact, `<article_id>#<fact id>`."),
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
    col!("defect", String, "The kind of defect."),
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
];

const FACT_KEY: &[&str] = &["fact_id"];

/// A foreign key from `fact_id` to the facts table.
const TO_FACTS: ForeignKey = ForeignKey {
    columns: &["fact_id"],
    table: "facts",
    reference: FACT_KEY,
};

/// The tables of the corpus, in file order: the five of the design card,
/// then the links, inferences and text notes that complete them.
pub fn tables(corpus: &Corpus) -> Vec<Table> {
    let mut articles: Vec<_> = corpus.articles().iter().collect();
    articles.sort_by(|a, b| a.id.cmp(&b.id));
    let mut entities: Vec<_> = corpus.entities().iter().collect();
    entities.sort_by(|a, b| a.id.cmp(&b.id));

    let mut article_rows = Vec::new();
    let mut fact_rows = Vec::new();
    let mut participant_rows = Vec::new();
    let mut evidence_rows = Vec::new();
    let mut mention_rows = Vec::new();
    let mut link_rows = Vec::new();
    let mut inference_rows = Vec::new();
    let mut text_note_rows = Vec::new();
    for article in &articles {
        let (p_start, p_end) = date_range(&article.published);
        article_rows.push(vec![
            text(&article.id),
            text(&article.source.outlet),
            text(&article.language),
            p_start,
            p_end,
            text(article.published.precision.as_str()),
            opt(article.title.as_deref()),
            opt(article.source.url.as_deref()),
            int(article.body_chars()),
            int(article.facts.len()),
            text(&article.body),
        ]);
        for fact in &article.facts {
            let fact_id = format!("{}#{}", article.id, fact.id());
            let (d_start, d_end, d_precision, d_basis) = match fact.date() {
                Some(d) => {
                    let (s, e) = date_range(d);
                    (s, e, text(d.precision.as_str()), text(d.basis.as_str()))
                }
                None => (Cell::Null, Cell::Null, Cell::Null, Cell::Null),
            };
            let (round, venue, change) = match fact {
                Fact::Meeting(m) => (
                    m.round.map_or(Cell::Null, |r| Cell::Int(r.into())),
                    opt(m.venue.as_deref()),
                    Cell::Null,
                ),
                Fact::ParticipationChange(c) => (Cell::Null, Cell::Null, text(c.change.as_str())),
                Fact::MembershipChange(c) => (Cell::Null, Cell::Null, text(c.change.as_str())),
                _ => (Cell::Null, Cell::Null, Cell::Null),
            };
            fact_rows.push(vec![
                text(&fact_id),
                text(&article.id),
                text(fact.kind().as_str()),
                opt(fact.series().map(|s| s.as_str())),
                round,
                d_start,
                d_end,
                d_precision,
                d_basis,
                venue,
                change,
                text(fact.summary_en()),
                opt(fact.note()),
            ]);
            for entity in fact.about_entities() {
                mention_rows.push(vec![text(&fact_id), text(entity), text("about")]);
            }
            let target = |id: &str| text(&format!("{}#{id}", article.id));
            for id in fact.about_facts() {
                link_rows.push(vec![text(&fact_id), target(id), text("about")]);
            }
            if let Some(id) = fact.according_to() {
                link_rows.push(vec![text(&fact_id), target(id), text("according_to")]);
            }
            for inference in fact.inferred() {
                inference_rows.push(vec![
                    text(&fact_id),
                    text(&inference.path),
                    text(&inference.note),
                ]);
            }
            for (entity, role) in roles(fact) {
                participant_rows.push(vec![text(&fact_id), text(entity), text(role)]);
            }
            for e in fact.evidence() {
                evidence_rows.push(vec![
                    text(&fact_id),
                    int(e.start as usize),
                    int(e.end as usize),
                    text(&e.quote),
                ]);
            }
        }
    }
    for article in &articles {
        for (i, note) in article.text_notes.iter().enumerate() {
            for (j, e) in note.evidence.iter().enumerate() {
                text_note_rows.push(vec![
                    text(&article.id),
                    int(i),
                    int(j),
                    text(note.defect.as_str()),
                    text(&note.note),
                    int(e.start as usize),
                    int(e.end as usize),
                    text(&e.quote),
                ]);
            }
        }
    }
    let entity_rows = entities
        .iter()
        .map(|e| {
            vec![
                text(&e.id),
                text(e.kind.as_str()),
                text(&e.name.en),
                text(&e.name.ar),
                opt(e.wikidata.as_deref()),
                opt(e.iso3166_1.as_deref()),
            ]
        })
        .collect();

    vec![
        Table {
            name: "articles",
            description: "One row per article.",
            columns: ARTICLES,
            primary_key: &["article_id"],
            foreign_keys: &[ForeignKey {
                columns: &["outlet_id"],
                table: "entities",
                reference: &["entity_id"],
            }],
            rows: article_rows,
        },
        Table {
            name: "facts",
            description: "One row per fact.",
            columns: FACTS,
            primary_key: FACT_KEY,
            foreign_keys: &[
                ForeignKey {
                    columns: &["article_id"],
                    table: "articles",
                    reference: &["article_id"],
                },
                ForeignKey {
                    columns: &["series"],
                    table: "entities",
                    reference: &["entity_id"],
                },
                ForeignKey {
                    columns: &["venue_id"],
                    table: "entities",
                    reference: &["entity_id"],
                },
            ],
            rows: fact_rows,
        },
        Table {
            name: "participants",
            description: "One row per entity taking part in a fact, with its role.",
            columns: PARTICIPANTS,
            primary_key: &["fact_id", "entity_id", "role"],
            foreign_keys: &[
                ForeignKey {
                    columns: &["fact_id"],
                    table: "facts",
                    reference: FACT_KEY,
                },
                ForeignKey {
                    columns: &["entity_id"],
                    table: "entities",
                    reference: &["entity_id"],
                },
            ],
            rows: participant_rows,
        },
        Table {
            name: "entities",
            description: "One row per entity of the registry.",
            columns: ENTITIES,
            primary_key: &["entity_id"],
            foreign_keys: &[],
            rows: entity_rows,
        },
        Table {
            name: "evidence",
            description: "One row per evidence span of a fact.",
            columns: EVIDENCE,
            primary_key: &[],
            foreign_keys: &[ForeignKey {
                columns: &["fact_id"],
                table: "facts",
                reference: FACT_KEY,
            }],
            rows: evidence_rows,
        },
        Table {
            name: "mentions",
            description: "One row per entity a statement or claim is about.",
            columns: MENTIONS,
            primary_key: &["fact_id", "entity_id", "link"],
            foreign_keys: &[
                TO_FACTS,
                ForeignKey {
                    columns: &["entity_id"],
                    table: "entities",
                    reference: &["entity_id"],
                },
            ],
            rows: mention_rows,
        },
        Table {
            name: "fact_links",
            description: "One row per reference from a fact to another fact of its article.",
            columns: FACT_LINKS,
            primary_key: &["fact_id", "target_fact_id", "link"],
            foreign_keys: &[
                TO_FACTS,
                ForeignKey {
                    columns: &["target_fact_id"],
                    table: "facts",
                    reference: FACT_KEY,
                },
            ],
            rows: link_rows,
        },
        Table {
            name: "inferences",
            description: "One row per value of a fact that is inferred rather than stated.",
            columns: INFERENCES,
            primary_key: &["fact_id", "path"],
            foreign_keys: &[TO_FACTS],
            rows: inference_rows,
        },
        Table {
            name: "text_notes",
            description: "One row per span of a defect in an article's text (the text itself is never corrected).",
            columns: TEXT_NOTES,
            primary_key: &["article_id", "note_index", "span_index"],
            foreign_keys: &[ForeignKey {
                columns: &["article_id"],
                table: "articles",
                reference: &["article_id"],
            }],
            rows: text_note_rows,
        },
    ]
}

/// The (entity, role) pairs of a fact for the participants table.
fn roles(fact: &Fact) -> Vec<(&str, &'static str)> {
    match fact {
        Fact::Meeting(m) => m
            .participants
            .iter()
            .map(|p| (p.entity.as_str(), p.role.as_str()))
            .collect(),
        Fact::Statement(s) => s.speakers.iter().map(|e| (e.as_str(), "speaker")).collect(),
        Fact::ParticipationChange(c) => vec![(c.entity.as_str(), c.role.as_str())],
        Fact::MembershipChange(c) => vec![
            (c.member.as_str(), "member"),
            (c.organization.as_str(), "organization"),
        ],
        Fact::PositionHeld(p) => {
            let mut r = vec![(p.person.as_str(), "holder")];
            if let Some(of) = &p.of {
                r.push((of.as_str(), "office"));
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
                            | (ColumnType::String, Cell::Text(_))
                            | (ColumnType::Integer, Cell::Int(_))
                    );
                    assert!(ok, "{}.{}: {cell:?}", table.name, column.name);
                }
            }
        }
    }
}
