//! `astana-corpus migrate`: upgrades data files of an earlier format (1 or
//! 2) to the format this crate reads ([`SCHEMA_VERSION`]), one version at a
//! time, in place and atomically, and says what it changed.
//!
//! Only what the older file states is carried over; nothing is guessed.
//! Where the newer format can say more than the older one could (which
//! parts of an inferred date are inferred, whether a `left` was really a
//! `declined`, which words of a quoted statement are inside the quotation
//! marks, when a title was held), the migration keeps the cautious reading
//! and reports the value for a person to review. Migrating a file that is
//! already current changes nothing.

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

/// Upgrades a document of any version from [`FROM_VERSION`] on to
/// [`SCHEMA_VERSION`] in place, one version at a time; returns what
/// changed. A current document is left as it is.
pub fn upgrade(kind: DocumentKind, document: &mut Value) -> Vec<Change> {
    let mut changes = Vec::new();
    loop {
        let version = document.get("schema_version").and_then(Value::as_u64);
        match version {
            Some(1) => upgrade_1_to_2(kind, document, &mut changes),
            Some(2) => upgrade_2_to_3(kind, document, &mut changes),
            _ => return changes,
        }
    }
}

/// Sets the document's `schema_version` to `to`, one step up, and says so.
fn set_version(document: &mut Value, to: u32, changes: &mut Vec<Change>) {
    changes.push(Change {
        pointer: "/schema_version".into(),
        message: format!("schema_version {} → {to}", to - 1),
        review: false,
    });
    document["schema_version"] = to.into();
}

/// Format 1 to 2: modality, declined, inferred parts of dates.
fn upgrade_1_to_2(kind: DocumentKind, document: &mut Value, changes: &mut Vec<Change>) {
    set_version(document, 2, changes);
    if kind != DocumentKind::Article {
        return;
    }
    if let Some(published) = document.get_mut("published") {
        upgrade_date(published, "/published".into(), changes);
    }
    let Some(facts) = document.get_mut("facts").and_then(Value::as_array_mut) else {
        return;
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
            upgrade_date(date, format!("/facts/{i}/date"), changes);
        }
    }
}

/// Format 2 to 3: dates with nothing given, the mode of each span of a
/// statement, dates of positions.
fn upgrade_2_to_3(kind: DocumentKind, document: &mut Value, changes: &mut Vec<Change>) {
    set_version(document, 3, changes);
    if kind != DocumentKind::Article {
        return;
    }
    if let Some(published) = document.get_mut("published") {
        mark_not_given(published, "/published".into(), changes);
    }
    let quotations =
        crate::text::quotations(document.get("body").and_then(Value::as_str).unwrap_or(""));
    let Some(facts) = document.get_mut("facts").and_then(Value::as_array_mut) else {
        return;
    };
    for (i, fact) in facts.iter_mut().enumerate() {
        let Some(fact) = fact.as_object_mut() else {
            continue;
        };
        for field in ["date", "from", "until"] {
            if let Some(date) = fact.get_mut(field) {
                mark_not_given(date, format!("/facts/{i}/{field}"), changes);
            }
        }
        match fact.get("kind").and_then(Value::as_str) {
            Some("statement") => span_modes(fact, i, &quotations, changes),
            Some("position_held") if !fact.contains_key("date") => {
                fact.insert(
                    "date".into(),
                    serde_json::json!({"precision": "unknown", "basis": "not_given"}),
                );
                changes.push(Change {
                    pointer: format!("/facts/{i}/date"),
                    message: "a position now has a date, added as `not_given`: a title given to a speaker holds when they spoke, so give it the statement's date (with the same bounds) and say so in its note".into(),
                    review: true,
                });
            }
            _ => {}
        }
    }
}

/// Format 2 wrote `basis: stated` on a date the text gives nothing about;
/// format 3 says `not_given`, so that `stated` always means a stated value.
fn mark_not_given(date: &mut Value, pointer: String, changes: &mut Vec<Change>) {
    let Some(date) = date.as_object_mut() else {
        return;
    };
    let writes_nothing = ["start", "end", "earliest", "latest"]
        .iter()
        .all(|k| !date.contains_key(*k));
    if writes_nothing && date.get("basis").and_then(Value::as_str) == Some("stated") {
        date.insert("basis".into(), "not_given".into());
        changes.push(Change {
            pointer: format!("{pointer}/basis"),
            message: "`stated` → `not_given`: the date writes no value and no bound".into(),
            review: false,
        });
    }
}

/// Gives each span of a statement its mode. A reported statement's spans
/// are reported. A direct statement's spans are direct where they lie
/// inside quotation marks and reported where they do not, which makes the
/// statement `mixed` or `reported`: a person should check those.
fn span_modes(
    fact: &mut Map<String, Value>,
    i: usize,
    quotations: &[std::ops::Range<usize>],
    changes: &mut Vec<Change>,
) {
    let direct = fact.get("mode").and_then(Value::as_str) == Some("direct");
    let Some(spans) = fact.get_mut("evidence").and_then(Value::as_array_mut) else {
        return;
    };
    let (mut quoted, mut outside, mut given) = (0, 0, 0);
    for (j, span) in spans.iter_mut().enumerate() {
        let Some(span) = span.as_object_mut() else {
            continue;
        };
        if span.contains_key("mode") {
            continue;
        }
        let offset = |key: &str| span.get(key).and_then(Value::as_u64).unwrap_or(0) as usize;
        let inside = crate::text::within_quotation(quotations, offset("start"), offset("end"));
        let mode = if direct && inside {
            "direct"
        } else {
            "reported"
        };
        span.insert("mode".into(), mode.into());
        given += 1;
        if direct && !inside {
            outside += 1;
            changes.push(Change {
                pointer: format!("/facts/{i}/evidence/{j}/mode"),
                message: "the statement was `direct` but this span lies outside quotation marks: marked `reported`".into(),
                review: true,
            });
        } else if direct {
            quoted += 1;
        }
    }
    if given > 0 {
        changes.push(Change {
            pointer: format!("/facts/{i}/evidence"),
            message: format!(
                "each span given its mode: {quoted} direct (inside quotation marks), {} reported",
                given - quoted
            ),
            review: false,
        });
    }
    if direct && outside > 0 {
        let mode = if quoted > 0 { "mixed" } else { "reported" };
        fact.insert("mode".into(), mode.into());
        changes.push(Change {
            pointer: format!("/facts/{i}/mode"),
            message: format!("`direct` → `{mode}`, from its spans"),
            review: true,
        });
    }
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

/// The versions `migrate` upgrades, for messages: `1 or 2`.
pub fn older_versions() -> String {
    let versions: Vec<String> = (FROM_VERSION..SCHEMA_VERSION)
        .map(|v| v.to_string())
        .collect();
    match versions.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
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
    if !version.is_some_and(|v| (u64::from(FROM_VERSION)..u64::from(SCHEMA_VERSION)).contains(&v)) {
        let found = document
            .get("schema_version")
            .map_or("no schema_version".to_owned(), |v| {
                format!("schema_version {v}")
            });
        let draft = Draft::new(
            Rule::UnsupportedVersion,
            "/schema_version",
            format!(
                "{found}: migrate upgrades schema_version {} to {SCHEMA_VERSION}",
                older_versions()
            ),
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
        let mut changes = Vec::new();
        upgrade_1_to_2(DocumentKind::Article, &mut article, &mut changes);
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
        upgrade_1_to_2(DocumentKind::Article, &mut article, &mut Vec::new());
        let once = article.clone();
        article["schema_version"] = 1.into();
        let mut again = Vec::new();
        upgrade_1_to_2(DocumentKind::Article, &mut article, &mut again);
        assert_eq!(article, once);
        assert_eq!(again.len(), 1, "only the version: {again:?}");
    }

    #[test]
    fn format_2_gains_not_given_span_modes_and_position_dates() {
        let body = "قال الوزير إن “الاجتماع كان ناجحاً” وإن الحوار مستمر.";
        let quoted = crate::text::find_all(body, "الاجتماع كان ناجحاً")[0];
        let mut article = serde_json::json!({
            "schema_version": 2,
            "body": body,
            "published": {"precision": "unknown", "basis": "stated"},
            "facts": [
                {"kind": "statement", "id": "s", "mode": "direct",
                 "date": {"precision": "unknown", "basis": "stated", "note": "not said"},
                 "evidence": [
                    {"start": quoted, "end": quoted + 19, "quote": "الاجتماع كان ناجحاً"},
                    {"start": 0, "end": 10, "quote": "قال الوزير"}
                 ]},
                {"kind": "statement", "id": "r", "mode": "reported",
                 "date": {"precision": "day", "start": "2023-06-21", "basis": "stated"},
                 "evidence": [{"start": 0, "end": 10, "quote": "قال الوزير"}]},
                {"kind": "position_held", "id": "p", "person": "x", "title": "minister",
                 "evidence": [{"start": 4, "end": 10, "quote": "الوزير"}]}
            ]
        });
        let changes = upgrade(DocumentKind::Article, &mut article);
        assert_eq!(article["schema_version"], 3);
        assert_eq!(article["published"]["basis"], "not_given");
        assert_eq!(article["facts"][0]["date"]["basis"], "not_given");
        assert_eq!(article["facts"][1]["date"]["basis"], "stated");
        assert_eq!(article["facts"][0]["evidence"][0]["mode"], "direct");
        assert_eq!(article["facts"][0]["evidence"][1]["mode"], "reported");
        assert_eq!(article["facts"][0]["mode"], "mixed");
        assert_eq!(article["facts"][1]["evidence"][0]["mode"], "reported");
        assert_eq!(
            article["facts"][2]["date"],
            serde_json::json!({"precision": "unknown", "basis": "not_given"})
        );
        let reviews: Vec<&str> = changes
            .iter()
            .filter(|c| c.review)
            .map(|c| c.pointer.as_str())
            .collect();
        assert_eq!(
            reviews,
            ["/facts/0/evidence/1/mode", "/facts/0/mode", "/facts/2/date"]
        );
        assert!(changes.iter().any(|c| c.pointer == "/facts/0/evidence"
            && c.message
                == "each span given its mode: 1 direct (inside quotation marks), 1 reported"));
        let once = article.clone();
        assert!(upgrade(DocumentKind::Article, &mut article).is_empty());
        assert_eq!(article, once, "a current document is left as it is");
    }

    #[test]
    fn format_1_is_upgraded_through_2_to_3() {
        let mut manifest = serde_json::json!({"schema_version": 1});
        let changes = upgrade(DocumentKind::Manifest, &mut manifest);
        assert_eq!(manifest["schema_version"], 3);
        let steps: Vec<&str> = changes.iter().map(|c| c.message.as_str()).collect();
        assert_eq!(steps, ["schema_version 1 → 2", "schema_version 2 → 3"]);
        assert_eq!(super::older_versions(), "1 or 2");
    }
}
