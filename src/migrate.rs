//! `astana-corpus migrate`: upgrades data files of format 1 to the format
//! this crate reads ([`SCHEMA_VERSION`]), in place and atomically, and says
//! what it changed.
//!
//! Only what format 1 states is carried over; nothing is guessed. Where
//! format 2 can say more than format 1 could (which parts of an inferred
//! date are inferred, whether a `left` was really a `declined`), the
//! migration keeps the cautious reading and reports the value for a person
//! to review. Migrating a file that is already current changes nothing.

use std::path::Path;

use serde_json::{Map, Value};

use crate::model::{DatePart, PartialDate, SCHEMA_VERSION};
use crate::schema::DocumentKind;
use crate::validate::{locate, Draft, Finding, NotRead, Rule};

/// The format version `migrate` upgrades from.
pub const FROM_VERSION: u32 = crate::model::MIGRATES_FROM_VERSION;

/// One thing the migration did to a file, or asks a person to review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// JSON Pointer of the value, in the migrated file.
    pub pointer: String,
    /// What was done, or what to review.
    pub message: String,
    /// Whether a person should check the value against the article.
    pub review: bool,
}

/// What `migrate` did, or would do, to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MigrateOutcome {
    /// Already at the current version: not touched.
    Current,
    /// Upgraded (or, in check mode, would be), with what changed.
    Migrated(Vec<Change>),
    /// Not migrated because of these findings.
    Failed(Vec<Finding>),
}

/// Upgrades a format-1 document in place; returns what changed. The value's
/// own `schema_version` must be [`FROM_VERSION`].
pub fn upgrade(kind: DocumentKind, document: &mut Value) -> Vec<Change> {
    let mut changes = vec![Change {
        pointer: "/schema_version".into(),
        message: format!("schema_version {FROM_VERSION} → {SCHEMA_VERSION}"),
        review: false,
    }];
    document["schema_version"] = SCHEMA_VERSION.into();
    if kind != DocumentKind::Article {
        return changes;
    }
    if let Some(published) = document.get_mut("published") {
        upgrade_date(published, "/published".into(), &mut changes);
    }
    let Some(facts) = document.get_mut("facts").and_then(Value::as_array_mut) else {
        return changes;
    };
    for (i, fact) in facts.iter_mut().enumerate() {
        let Some(fact) = fact.as_object_mut() else {
            continue;
        };
        let kind = fact
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        let planned = fact.remove("planned") == Some(Value::Bool(true));
        let modality = if planned { "planned" } else { "asserted" };
        if !fact.contains_key("modality") {
            fact.insert("modality".into(), modality.into());
            changes.push(Change {
                pointer: format!("/facts/{i}/modality"),
                message: if planned {
                    "`planned: true` became `modality: planned`".into()
                } else {
                    "`modality: asserted` added (format 1 recorded every fact as asserted)".into()
                },
                review: false,
            });
        }
        if kind == "participation_change"
            && fact.get("change").and_then(Value::as_str) == Some("left")
        {
            changes.push(Change {
                pointer: format!("/facts/{i}/change"),
                message: "format 1's `left` also covered declining: if the article says the entity declined one round or a period rather than leaving the series, write `declined` (with `round` for one round)".into(),
                review: true,
            });
        }
        if let Some(date) = fact.get_mut("date") {
            upgrade_date(date, format!("/facts/{i}/date"), &mut changes);
        }
    }
    changes
}

/// Format 1 said only that some part of an inferred date was inferred;
/// format 2 names the parts. Without knowing which, every written part is
/// marked inferred: a reader who keeps stated values loses nothing the
/// file claimed was stated.
fn upgrade_date(date: &mut Value, pointer: String, changes: &mut Vec<Change>) {
    let Some(date) = date.as_object_mut() else {
        return;
    };
    if date.get("basis").and_then(Value::as_str) != Some("inferred")
        || date.contains_key("inferred_parts")
    {
        return;
    }
    let parts = written_parts(date);
    if parts.is_empty() {
        return;
    }
    let names: Vec<&str> = parts.iter().map(|p| p.as_str()).collect();
    date.insert(
        "inferred_parts".into(),
        Value::Array(names.iter().map(|&n| n.into()).collect()),
    );
    changes.push(Change {
        pointer: format!("{pointer}/inferred_parts"),
        message: format!(
            "every written part marked inferred ({}): format 1 did not say which; remove the parts the article states",
            names.join(", ")
        ),
        review: true,
    });
}

fn written_parts(date: &Map<String, Value>) -> Vec<DatePart> {
    let parse = |key: &str| {
        date.get(key)
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<PartialDate>().ok())
    };
    let mut parts = Vec::new();
    if let Some(start) = parse("start") {
        parts.push(DatePart::Year);
        if start.month().is_some() {
            parts.push(DatePart::Month);
        }
        if start.day().is_some() {
            parts.push(DatePart::Day);
        }
    }
    if parse("earliest").is_some() {
        parts.push(DatePart::Earliest);
    }
    if parse("latest").is_some() {
        parts.push(DatePart::Latest);
    }
    parts
}

/// Whether to write files or only report.
pub use crate::format::Mode;

/// Migrates one file; `shown` is the path used in findings. The result is
/// written in canonical form (as `fmt` writes it), atomically.
pub fn migrate_file(path: &Path, shown: &str, mode: Mode) -> std::io::Result<MigrateOutcome> {
    let Some(kind) = crate::format::kind_of(path) else {
        return Ok(MigrateOutcome::Failed(vec![Finding::new(
            Rule::UnexpectedEntry,
            shown,
            "not a data file: expected manifest.json, entities.json, retired.json or a .json file under articles/",
        )
        .with_hint("Name the files or the data folder to migrate.")]));
    };
    let limits = crate::validate::Limits::default();
    let bytes = match crate::validate::read_named(path, &limits) {
        Ok(bytes) => bytes,
        Err(NotRead::Finding(draft)) => {
            return Ok(MigrateOutcome::Failed(locate(shown, &[], vec![draft])))
        }
        Err(NotRead::Fatal(fatal)) => return Err(std::io::Error::other(fatal)),
    };
    let mut document = match crate::validate::parse_json(&bytes, &limits) {
        Ok((_, value)) => value,
        Err(drafts) => return Ok(MigrateOutcome::Failed(locate(shown, &bytes, drafts))),
    };
    let version = document.get("schema_version").and_then(Value::as_u64);
    if version == Some(u64::from(SCHEMA_VERSION)) {
        return Ok(MigrateOutcome::Current);
    }
    if version != Some(u64::from(FROM_VERSION)) {
        let found = document
            .get("schema_version")
            .map_or("no schema_version".to_owned(), |v| {
                format!("schema_version {v}")
            });
        let draft = Draft::new(
            Rule::UnsupportedVersion,
            "/schema_version",
            format!("{found}: migrate upgrades schema_version {FROM_VERSION} to {SCHEMA_VERSION}"),
        )
        .hint("Use the astana-corpus release that matches the file's version.");
        return Ok(MigrateOutcome::Failed(locate(shown, &bytes, vec![draft])));
    }
    let changes = upgrade(kind, &mut document);
    let migrated = serde_json::to_vec(&document).map_err(std::io::Error::other)?;
    let text = match crate::format::canonical(kind, &migrated) {
        Ok((text, _)) => text,
        // Pointers still hold, but positions are in the original file.
        Err(drafts) => return Ok(MigrateOutcome::Failed(locate(shown, &bytes, drafts))),
    };
    if mode == Mode::Write {
        crate::files::write_atomic(path, text.as_bytes())?;
    }
    Ok(MigrateOutcome::Migrated(changes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planned_becomes_a_modality_and_inferred_dates_name_their_parts() {
        let mut article = serde_json::json!({
            "schema_version": 1,
            "published": {"precision": "unknown", "earliest": "2023-06-21", "basis": "inferred"},
            "facts": [
                {"kind": "meeting", "id": "m", "planned": true,
                 "date": {"precision": "day", "start": "2023-06-20", "basis": "inferred"}},
                {"kind": "participation_change", "id": "c", "change": "left",
                 "date": {"precision": "month", "start": "2018-05", "basis": "stated"}}
            ]
        });
        let changes = upgrade(DocumentKind::Article, &mut article);
        assert_eq!(article["schema_version"], 2);
        assert_eq!(article["facts"][0]["modality"], "planned");
        assert!(article["facts"][0].get("planned").is_none());
        assert_eq!(article["facts"][1]["modality"], "asserted");
        assert_eq!(
            article["facts"][0]["date"]["inferred_parts"],
            serde_json::json!(["year", "month", "day"])
        );
        assert_eq!(
            article["published"]["inferred_parts"],
            serde_json::json!(["earliest"])
        );
        assert!(article["facts"][1]["date"].get("inferred_parts").is_none());
        let reviews: Vec<&str> = changes
            .iter()
            .filter(|c| c.review)
            .map(|c| c.pointer.as_str())
            .collect();
        assert_eq!(
            reviews,
            [
                "/published/inferred_parts",
                "/facts/0/date/inferred_parts",
                "/facts/1/change"
            ]
        );
    }

    #[test]
    fn upgrading_twice_changes_nothing_more() {
        let mut article = serde_json::json!({
            "schema_version": 1,
            "facts": [{"kind": "claim", "id": "c",
                       "date": {"precision": "year", "start": "2017", "basis": "inferred"}}]
        });
        upgrade(DocumentKind::Article, &mut article);
        let once = article.clone();
        article["schema_version"] = 1.into();
        let again = upgrade(DocumentKind::Article, &mut article);
        assert_eq!(article, once);
        assert_eq!(again.len(), 1, "only the version: {again:?}");
    }
}
