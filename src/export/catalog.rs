//! The catalog of the tables: each one's name, what a row is, its
//! columns (name, type, meaning, vocabulary) and its keys. One definition
//! serves the CSV and JSONL writers, the Parquet schema and the
//! Frictionless and Croissant metadata.

use super::rows::Rows;
use super::{Column, ColumnType, ForeignKey, Table};
use crate::model::{
    Basis, DatePrecision, EntityKind, FactKind, MembershipChangeKind, Modality, OriginKind,
    ParticipationChangeKind, RecordKind, RetirementReason, Role, SpanMode, StatementMode,
    TextDefect,
};

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
    col!("date_basis", String, "Whether the date is stated in the text, (in part) inferred (which parts is in `dates.inferred_parts`), or not given at all. Keep `stated` to keep only dates the text states.", names!(Basis)),
    col!("date_first_day", Date, "The first calendar day `date_start` covers (1 January for a year, the 1st for a month)."),
    col!("date_last_day", Date, "The last calendar day `date_end` covers (31 December for a year, the month's last day for a month)."),
    col!("venue_id", String, "Entity id of a meeting's venue."),
    col!("change", String, "What changed: participation_change values first, then membership_change values.", names!(ParticipationChangeKind, MembershipChangeKind)),
    col!("mode", String, "How a statement is rendered: quoted, reported or both (each span's mode is in `evidence.mode`).", names!(StatementMode)),
    col!("origin_id", String, "The original text a statement renders (one of its article's origins, in `origins`)."),
    col!("origin_part", String, "Which part of that original the statement renders; statements with the same origin and part are one statement (`statements`)."),
    col!("title", String, "The title of a position_held, in English."),
    col!("summary_en", String, "What the article states, in English."),
    col!("note", String, "The annotators' remark on the fact, if any."),
];

const DATES: &[Column] = &[
    col!("owner_id", String, "The article (`published`, `derived_from/<position>`) or the fact (`date`, `from`, `until`) the date belongs to."),
    col!("field", String, "Which date of its owner: `published`; `derived_from/<position>`, the date of an original the article rewrites (`origins`); `date`; or a participation_state's `from` and `until`."),
    col!("precision", String, "How precisely the date is known.", names!(DatePrecision)),
    col!("start", String, "The date, or the first date of a span, at its precision."),
    col!("end", String, "The last date of a span."),
    col!("earliest", String, "The earliest the value can be, when it is not known exactly."),
    col!("latest", String, "The latest the value can be, when it is not known exactly."),
    col!("basis", String, "Whether the value is stated, (in part) inferred, or not given at all (`not_given`: unknown, with no bounds).", names!(Basis)),
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
    col!(
        "mode",
        String,
        "How the span renders speech: `direct` (inside quotation marks) or `reported`; required on a statement's spans.",
        names!(SpanMode)
    ),
];

const ORIGINS: &[Column] = &[
    col!("article_id", String, "The article that rewrites the original."),
    col!("position", Integer, "Position in the article's `derived_from` (0-based); its date is in `dates` as `derived_from/<position>`."),
    col!("origin_id", String, "The original's id, the same in every article that renders it."),
    col!("issuer_id", String, "Entity id of who issued the original."),
    col!("kind", String, "What kind of text the original is.", names!(OriginKind)),
    col!("url", String, "The address of the original, where certain."),
    col!("note", String, "How the origin is known, and what differs between versions."),
];

const STATEMENTS: &[Column] = &[
    col!("statement_id", String, "Id of the statement: `<origin_id>#<origin_part>` for the renderings of one part of an original, else the one statement fact's id."),
    col!("origin_id", String, "The original it renders, if any."),
    col!("origin_part", String, "The part of the original."),
    col!("issuer_id", String, "Who issued the original, as the first rendering's article says."),
    col!("origin_kind", String, "What kind of text the original is.", names!(OriginKind)),
    col!("origin_first_day", Date, "The first calendar day the original's date can be."),
    col!("origin_last_day", Date, "The last calendar day the original's date can be."),
    col!("rendering_count", Integer, "How many statement facts render it."),
    col!("article_count", Integer, "How many articles render it."),
];

const STATEMENT_RENDERINGS: &[Column] = &[
    col!("statement_id", String, "The statement."),
    col!("fact_id", String, "A statement fact that renders it."),
    col!("article_id", String, "Its article."),
    col!(
        "mode",
        String,
        "How that article renders it.",
        names!(StatementMode)
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

/// The tables, in file order, from their rows.
pub(super) fn assemble(rows: Rows) -> Vec<Table> {
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
        table("origins", "One row per original text an article rewrites (`derived_from`).", ORIGINS, &["article_id", "position"], &[TO_ARTICLES, to_entities!(&["issuer_id"])], rows.origins),
        table("dates", "One row per date value: an article's publication and its origins' dates, a fact's date, a participation state's `from` and `until`.", DATES, &["owner_id", "field"], &[], rows.dates),
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
        table("statements", "One row per statement, merged from the statement facts that render one part of one original across articles (derived).", STATEMENTS, &["statement_id"], &[to_entities!(&["issuer_id"])], rows.statements),
        table("statement_renderings", "One row per statement fact that renders a merged statement (derived).", STATEMENT_RENDERINGS, &["statement_id", "fact_id"], &[ForeignKey { columns: &["statement_id"], table: "statements", reference: &["statement_id"] }, TO_FACTS, TO_ARTICLES], rows.statement_renderings),
    ]
}
