//! `astana-corpus diff`: what changed between two versions of the data, by
//! id and field by field, so that CHANGELOG entries and version numbers
//! follow from it rather than from memory.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::{Corpus, LoadError};

/// One field that differs, by JSON Pointer within its record.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    /// JSON Pointer within the record.
    pub pointer: String,
    /// The old value (absent when the field was added).
    pub old: Option<Value>,
    /// The new value (absent when the field was removed).
    pub new: Option<Value>,
}

/// A record present in both versions with different fields.
#[derive(Clone, Debug, PartialEq)]
pub struct Changed {
    /// The record's id (facts: `<article>#<fact>`).
    pub id: String,
    /// The differing fields.
    pub fields: Vec<FieldChange>,
}

/// What happened to one kind of record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    /// Ids only in the new version.
    pub added: Vec<String>,
    /// Ids only in the old version.
    pub removed: Vec<String>,
    /// Records in both that differ.
    pub changed: Vec<Changed>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// The difference between two versions of the corpus.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Diff {
    /// Dataset version of the old data.
    pub old_version: String,
    /// Dataset version of the new data.
    pub new_version: String,
    /// Articles (their fields other than `facts`).
    pub articles: Changes,
    /// Facts, by corpus-wide id.
    pub facts: Changes,
    /// Entities of the registry.
    pub entities: Changes,
    /// Meetings merged across articles ([`Corpus::meetings`]), by meeting
    /// id: a changed date, venue, roster or set of mentions.
    pub meetings: Changes,
}

/// The data folder of `path`: the folder itself, or `data/` inside a bundle.
pub fn data_folder(path: &Path) -> PathBuf {
    // Any entry named manifest.json (even a link, which loading refuses)
    // makes this the data folder; links are never followed to decide.
    if std::fs::symlink_metadata(path.join("manifest.json")).is_ok() {
        path.to_path_buf()
    } else {
        path.join("data")
    }
}

/// Loads both versions and compares them (each through the one safe
/// reader, [`Corpus::from_dir`]).
pub fn diff_dirs(old: &Path, new: &Path) -> Result<Diff, LoadError> {
    let old = Corpus::from_dir(data_folder(old))?;
    let new = Corpus::from_dir(data_folder(new))?;
    Ok(diff(&old, &new))
}

/// Compares two corpora.
pub fn diff(old: &Corpus, new: &Corpus) -> Diff {
    Diff {
        old_version: old.manifest().version.clone(),
        new_version: new.manifest().version.clone(),
        articles: compare(&articles(old), &articles(new)),
        facts: compare(&facts(old), &facts(new)),
        entities: compare(&entities(old), &entities(new)),
        meetings: compare(&meetings(old), &meetings(new)),
    }
}

fn meetings(corpus: &Corpus) -> BTreeMap<String, Value> {
    corpus
        .meetings()
        .iter()
        .map(|m| {
            // Keyed by entity, so a change reads `/participants/iraq`.
            let participants: serde_json::Map<String, Value> = m
                .participants
                .iter()
                .map(|p| (p.value.entity.to_string(), json!(p.value.role)))
                .collect();
            let value = json!({
                "series": m.series,
                "modality": m.modality,
                "date": m.date.as_ref().map(|d| d.value),
                "venue": m.venue.as_ref().map(|v| v.value),
                "participants": participants,
                "mentions": m.mentions.iter().map(|e| e.global_id()).collect::<Vec<_>>(),
                "articles": m.articles,
            });
            (m.id(), value)
        })
        .collect()
}

fn articles(corpus: &Corpus) -> BTreeMap<String, Value> {
    corpus
        .articles()
        .iter()
        .map(|a| {
            let mut value = serde_json::to_value(a).expect("articles serialise");
            if let Some(map) = value.as_object_mut() {
                map.remove("facts");
            }
            (a.id.to_string(), value)
        })
        .collect()
}

fn facts(corpus: &Corpus) -> BTreeMap<String, Value> {
    corpus
        .facts()
        .map(|e| {
            (
                e.global_id(),
                serde_json::to_value(e.fact).expect("facts serialise"),
            )
        })
        .collect()
}

fn entities(corpus: &Corpus) -> BTreeMap<String, Value> {
    corpus
        .entities()
        .iter()
        .map(|e| {
            (
                e.id.to_string(),
                serde_json::to_value(e).expect("entities serialise"),
            )
        })
        .collect()
}

fn compare(old: &BTreeMap<String, Value>, new: &BTreeMap<String, Value>) -> Changes {
    let mut changes = Changes::default();
    for (id, old_value) in old {
        match new.get(id) {
            None => changes.removed.push(id.clone()),
            Some(new_value) if new_value != old_value => changes.changed.push(Changed {
                id: id.clone(),
                fields: field_changes(old_value, new_value),
            }),
            Some(_) => {}
        }
    }
    changes.added = new
        .keys()
        .filter(|id| !old.contains_key(*id))
        .cloned()
        .collect();
    changes
}

/// The leaves of two values that differ, by pointer.
fn field_changes(old: &Value, new: &Value) -> Vec<FieldChange> {
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    leaves(old, String::new(), &mut a);
    leaves(new, String::new(), &mut b);
    let mut pointers: Vec<&String> = a.keys().chain(b.keys()).collect();
    pointers.sort();
    pointers.dedup();
    pointers
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .map(|p| FieldChange {
            pointer: p.clone(),
            old: a.get(p).cloned(),
            new: b.get(p).cloned(),
        })
        .collect()
}

fn leaves(value: &Value, pointer: String, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                leaves(
                    v,
                    format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, format!("{pointer}/{i}"), out);
            }
        }
        leaf => {
            out.insert(pointer, leaf.clone());
        }
    }
}

/// The diff for people.
pub fn human(diff: &Diff) -> String {
    use crate::escape::visible as v;
    let mut out = String::new();
    if diff.old_version == diff.new_version {
        let _ = writeln!(out, "dataset version {} (unchanged)", v(&diff.old_version));
    } else {
        let _ = writeln!(
            out,
            "dataset version {} -> {}",
            v(&diff.old_version),
            v(&diff.new_version)
        );
    }
    for (name, changes) in diff.sections() {
        let _ = writeln!(
            out,
            "{name}: {} added, {} removed, {} changed",
            changes.added.len(),
            changes.removed.len(),
            changes.changed.len()
        );
        // Ids, pointers and values come from the data: one line each, with
        // every control character visible.
        for id in &changes.added {
            let _ = writeln!(out, "  + {}", v(id));
        }
        for id in &changes.removed {
            let _ = writeln!(out, "  - {}", v(id));
        }
        for c in &changes.changed {
            let _ = writeln!(out, "  ~ {}", v(&c.id));
            for f in &c.fields {
                let show = |value: &Option<Value>| {
                    value
                        .as_ref()
                        .map_or("(absent)".to_owned(), |x| v(&short(x)).into_owned())
                };
                let _ = writeln!(
                    out,
                    "      {}: {} -> {}",
                    v(&f.pointer),
                    show(&f.old),
                    show(&f.new)
                );
            }
        }
    }
    out
}

/// The records of `old` that `new` neither has nor retires, as (sort,
/// id), for `diff --check` (rule `removed-without-retirement`).
pub fn unretired_removals(diff: &Diff, new: &Corpus) -> Vec<(&'static str, String)> {
    let retired: std::collections::HashSet<&str> = new
        .retired()
        .map(|r| r.retired.iter().map(|x| x.id.as_str()).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for (kind, changes) in [
        ("article", &diff.articles),
        ("fact", &diff.facts),
        ("entity", &diff.entities),
        ("meeting", &diff.meetings),
    ] {
        for id in &changes.removed {
            if !retired.contains(id.as_str()) {
                out.push((kind, id.clone()));
            }
        }
    }
    out
}

impl Diff {
    /// Each kind of record with its changes, in report order.
    pub fn sections(&self) -> [(&'static str, &Changes); 4] {
        [
            ("articles", &self.articles),
            ("facts", &self.facts),
            ("entities", &self.entities),
            ("meetings", &self.meetings),
        ]
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.sections().iter().all(|(_, c)| c.is_empty())
    }
}

/// The diff as a short Markdown summary for a pull-request comment: a
/// table of counts, then each added, removed and changed record, field by
/// field. Every id and value from the data is shown as a code span (so no
/// Markdown, HTML or @-mention in the data takes effect), with control and
/// bidirectional characters made visible; long lists are cut with a count.
pub fn markdown(diff: &Diff) -> String {
    const MAX_LISTED: usize = 50;
    let mut out = String::new();
    // Room kept for the last "… and N more" line of each section.
    let room = |out: &String, text: &str| out.len() + text.len() + 1_000 <= MARKDOWN_BUDGET;
    let version = if diff.old_version == diff.new_version {
        format!("dataset version {} (unchanged)", code(&diff.old_version))
    } else {
        format!(
            "dataset version {} → {}",
            code(&diff.old_version),
            code(&diff.new_version)
        )
    };
    let _ = writeln!(out, "### astana-corpus diff\n\n{version}\n");
    if diff.is_empty() {
        out.push_str("No record was added, removed or changed.\n");
        return out;
    }
    out.push_str("| records | added | removed | changed |\n|---|---:|---:|---:|\n");
    for (name, c) in diff.sections() {
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} |",
            c.added.len(),
            c.removed.len(),
            c.changed.len()
        );
    }
    for (name, c) in diff.sections() {
        if c.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n#### {name}\n");
        let mut listed = 0;
        let mut cut = 0;
        let mut line = |out: &mut String, text: String| {
            if listed < MAX_LISTED && room(out, &text) {
                out.push_str(&text);
                listed += 1;
            } else {
                cut += 1;
            }
        };
        for id in &c.added {
            line(&mut out, format!("- added {}\n", code(id)));
        }
        for id in &c.removed {
            line(&mut out, format!("- removed {}\n", code(id)));
        }
        for ch in &c.changed {
            let mut text = format!("- changed {}\n", code(&ch.id));
            for f in ch.fields.iter().take(MAX_FIELDS) {
                let show = |value: &Option<Value>| {
                    value
                        .as_ref()
                        .map_or("(absent)".to_owned(), |x| code(&short(x)))
                };
                let _ = writeln!(
                    text,
                    "  - {}: {} → {}",
                    code(&f.pointer),
                    show(&f.old),
                    show(&f.new)
                );
            }
            if ch.fields.len() > MAX_FIELDS {
                let _ = writeln!(
                    text,
                    "  - … and {} more fields",
                    ch.fields.len() - MAX_FIELDS
                );
            }
            line(&mut out, text);
        }
        if cut > 0 {
            let _ = writeln!(
                out,
                "- … and {cut} more (run `astana-corpus diff` for the full list)"
            );
        }
    }
    out
}

/// The most characters a Markdown diff holds: a pull-request comment takes
/// 65,536, and the summary must fit whatever changed.
pub const MARKDOWN_BUDGET: usize = 60_000;

/// The most fields listed for one changed record in Markdown.
const MAX_FIELDS: usize = 20;

/// Untrusted text as a Markdown code span: control characters visible, a
/// fence longer than any run of backticks inside.
fn code(s: &str) -> String {
    crate::escape::Untrusted::new(s).markdown_code()
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// The diff as one JSON document (`format_version` 1).
pub fn json(diff: &Diff) -> String {
    let changes = |c: &Changes| {
        json!({
            "added": c.added,
            "removed": c.removed,
            "changed": c.changed.iter().map(|ch| json!({
                "id": ch.id,
                "fields": ch.fields.iter().map(|f| json!({ "pointer": f.pointer, "old": f.old, "new": f.new })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    };
    let doc = json!({
        "format_version": 1,
        "old_version": diff.old_version,
        "new_version": diff.new_version,
        "articles": changes(&diff.articles),
        "facts": changes(&diff.facts),
        "entities": changes(&diff.entities),
        "meetings": changes(&diff.meetings),
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("JSON values serialise");
    text.push('\n');
    text
}
