//! The fast path against the JSON Schema: over many mutations of real
//! documents, whatever the fast path accepts the schema accepts, so skipping
//! the schema for those documents never hides an error.
//!
//! Two fast paths are checked. [`fast::accept`] reads a parsed `Value`;
//! [`fast::accept_text`] reads the bytes in one pass and must also prove
//! what the slow path checks on the text: JSON syntax, repeated keys,
//! depth, and the text rules of every string. The documents mutated are
//! the shipped data, every valid fixture folder (format 2: modality,
//! participation states, declined rounds, keyed meetings) and a maximal
//! document of each kind, in which every field of the schema holds a value.
//!
//! It lives inside the crate because it compares the pipeline's internals
//! (the fast path, the text rules one string at a time), which are not
//! public.

use proptest::prelude::*;
use serde_json::{json, Value};

use super::rules::document::{text_control_char, text_not_nfc};
use super::{fast, parse_json, Limits, Schemas};
use crate::schema::DocumentKind;

#[path = "../../tests/support/maximal.rs"]
mod maximal;

fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn replacement(i: usize) -> Value {
    let pool = [
        json!(null),
        json!(0),
        json!(-1),
        json!(3.0),
        json!(1e20),
        json!(4294967296u64),
        json!(""),
        json!("Bad Id"),
        json!("a--b"),
        json!("2023-02-30"),
        json!("2023-6"),
        json!("Q0"),
        json!("Q12"),
        json!("ab"),
        json!("AB"),
        json!([]),
        json!({}),
        json!(true),
        json!("meeting"),
        json!("observer"),
        json!("unknown"),
        json!(["x"]),
        json!([{"quote": "x"}]),
        json!({"start": 0, "end": 0, "quote": ""}),
    ];
    pool[i % pool.len()].clone()
}

/// Applies one mutation: replace a value, delete a member, add an unknown
/// member, or empty an array.
fn mutate(doc: &mut Value, at: &str, how: usize, pick: usize) {
    let (parent, last) = match at.rfind('/') {
        Some(i) => (&at[..i], &at[i + 1..]),
        None => return,
    };
    let key = last.replace("~1", "/").replace("~0", "~");
    match how % 4 {
        0 => {
            if let Some(v) = doc.pointer_mut(at) {
                *v = replacement(pick);
            }
        }
        1 => match doc.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.remove(&key);
            }
            Some(Value::Array(items)) => {
                if let Ok(i) = key.parse::<usize>() {
                    if i < items.len() {
                        items.remove(i);
                    }
                }
            }
            _ => {}
        },
        2 => {
            if let Some(Value::Object(map)) = doc.pointer_mut(parent) {
                map.insert(format!("{key}_extra"), json!(1));
            }
        }
        _ => {
            if let Some(Value::Array(items)) = doc.pointer_mut(at) {
                items.clear();
            }
        }
    }
}

fn documents() -> Vec<(DocumentKind, Value)> {
    let parse = |path: &str, text: &str| {
        (
            DocumentKind::of_path(path).unwrap(),
            serde_json::from_str::<Value>(text).unwrap(),
        )
    };
    let mut docs: Vec<_> = crate::embedded::files()
        .iter()
        .map(|(path, text)| parse(path, text))
        .collect();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/valid");
    let mut folders: Vec<_> = std::fs::read_dir(fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    folders.sort();
    for folder in folders {
        for file in crate::validate::data_files(&folder).unwrap() {
            if let Ok(text) = std::fs::read_to_string(folder.join(&file)) {
                docs.push(parse(&file, &text));
            }
        }
    }
    let (manifest, entities, article, retired) = maximal::maximal();
    docs.extend([
        (DocumentKind::Manifest, manifest),
        (DocumentKind::Entities, entities),
        (DocumentKind::Article, article),
        (DocumentKind::Retired, retired),
    ]);
    docs
}

/// Strings that break a text rule, escaped or raw once written: a bidi
/// override, a decomposed letter, a bell, a C1 control, harakat out of
/// canonical order, an isolate, a NUL, an en quad (NFC maps it to U+2002).
const HOSTILE: [&str; 8] = [
    "\u{2000}",
    "\u{202E}",
    "e\u{301}",
    "\u{7}",
    "\u{85}",
    "\u{628}\u{651}\u{64E}",
    "\u{2066}",
    "\u{0}",
];

/// Puts a hostile piece into the string at `at`, if it is a string.
fn poison(doc: &mut Value, at: &str, pick: usize) {
    if let Some(Value::String(s)) = doc.pointer_mut(at) {
        let cut = s
            .char_indices()
            .map(|(i, _)| i)
            .nth(pick % (s.chars().count() + 1))
            .unwrap_or(s.len());
        s.insert_str(cut, HOSTILE[pick % HOSTILE.len()]);
    }
}

/// Applies each edit (a value to pick among all, a mutation, a choice):
/// the four of [`mutate`], or a hostile string ([`poison`]).
fn edit(value: &mut Value, edits: &[(usize, usize, usize)]) {
    for &(target, how, pick) in edits {
        let mut all = Vec::new();
        pointers(value, String::new(), &mut all);
        let at = all[target % all.len()].clone();
        if how == 4 {
            poison(value, &at, pick);
        } else {
            mutate(value, &at, how, pick);
        }
    }
}

/// How the text of a document is written, beyond its value.
#[derive(Clone, Copy, Debug)]
enum Writing {
    /// `kind` first, as `fmt` writes it.
    Canonical,
    /// The object at the pointer has `kind` (if any) last.
    KindLast,
    /// The object at the pointer repeats one of its members, with another value.
    Repeat(usize),
    /// The strings under the pointer escape every character as `\uXXXX`.
    Escaped,
    /// The object at the pointer is written as an array of its values.
    AsArray,
}

/// Writes `value` as JSON text, `kind` first in every object, applying
/// `writing` to the value at pointer `target`.
fn write(value: &Value, at: &str, target: &str, writing: Writing, out: &mut String) {
    let here = at == target;
    match value {
        Value::Object(map) if here && matches!(writing, Writing::AsArray) => {
            let items: Vec<Value> = map.values().cloned().collect();
            write(&Value::Array(items), at, "", writing, out);
        }
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by_key(|(k, _)| *k != "kind");
            // An empty object (`{}` is in the replacement pool) has nothing to move.
            if here && matches!(writing, Writing::KindLast) && !members.is_empty() {
                members.rotate_left(1);
            }
            if let (true, Writing::Repeat(pick)) = (here, writing) {
                if !members.is_empty() {
                    let (k, _) = members[pick % members.len()];
                    out.push('{');
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push(':');
                    out.push_str(&replacement(pick).to_string());
                    if !members.is_empty() {
                        out.push(',');
                    }
                    write_members(&members, at, target, writing, out);
                    out.push('}');
                    return;
                }
            }
            out.push('{');
            write_members(&members, at, target, writing, out);
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, &format!("{at}/{i}"), target, writing, out);
            }
            out.push(']');
        }
        Value::String(s) if matches!(writing, Writing::Escaped) && at.starts_with(target) => {
            out.push('"');
            for unit in s.encode_utf16() {
                out.push_str(&format!("\\u{unit:04x}"));
            }
            out.push('"');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn write_members(
    members: &[(&String, &Value)],
    at: &str,
    target: &str,
    writing: Writing,
    out: &mut String,
) {
    for (i, (k, v)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(k).unwrap());
        out.push(':');
        let escaped = k.replace('~', "~0").replace('/', "~1");
        write(v, &format!("{at}/{escaped}"), target, writing, out);
    }
}

/// What the slow path concludes from the text alone: syntax, repeated
/// keys and depth (`json-syntax`, `limit-exceeded`), the text rules on
/// every string, then the schema.
fn slow_path_accepts(schemas: &Schemas, kind: DocumentKind, text: &str) -> bool {
    let Ok((_, value)) = parse_json(text.as_bytes(), &Limits::default()) else {
        return false;
    };
    let mut drafts = Vec::new();
    let mut strings = vec![&value];
    while let Some(v) = strings.pop() {
        match v {
            Value::String(s) => {
                text_control_char::check(s, "", &mut drafts);
                text_not_nfc::check(s, "", &mut drafts);
            }
            Value::Array(items) => strings.extend(items),
            Value::Object(map) => strings.extend(map.values()),
            _ => {}
        }
    }
    drafts.is_empty() && schemas.accepts(kind, &value)
}

/// The text of `value` with one of the ways of [`Writing`] applied at one
/// of its pointers, both picked by number; and which were picked.
fn written(value: &Value, target: usize, writing: usize, pick: usize) -> (String, String, Writing) {
    let mut all = Vec::new();
    pointers(value, String::new(), &mut all);
    let target = all[target % all.len()].clone();
    let writing = [
        Writing::Canonical,
        Writing::KindLast,
        Writing::Repeat(pick),
        Writing::Escaped,
        Writing::AsArray,
    ][writing % 5];
    let mut text = String::new();
    write(value, "", &target, writing, &mut text);
    (text, target, writing)
}

/// `value` written canonically.
fn canonical(value: &Value) -> String {
    let mut text = String::new();
    write(value, "", "-", Writing::Canonical, &mut text);
    text
}

/// `article` with its facts in reverse order: every kind at another place.
fn facts_reversed(article: &Value) -> Value {
    let mut reversed = article.clone();
    if let Some(Value::Array(facts)) = reversed.get_mut("facts") {
        facts.reverse();
    }
    reversed
}

/// The article documents of [`documents`].
fn articles() -> Vec<Value> {
    documents()
        .into_iter()
        .filter(|(kind, _)| *kind == DocumentKind::Article)
        .map(|(_, value)| value)
        .collect()
}

/// The article the one-pass reader reads from `text` on its own, if it
/// accepts it.
fn read_afresh(text: &str) -> Option<Box<crate::model::Article>> {
    match fast::accept_text(DocumentKind::Article, text, Limits::default().max_depth) {
        Some(fast::Accepted::Article(article)) => Some(article),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    /// The validator reads each article into the one before it (and into
    /// facts of other articles, by kind): what it gets must be what
    /// reading the text on its own gets, whatever came before, a document
    /// refused halfway included.
    #[test]
    fn reading_into_the_last_article_reads_what_reading_afresh_reads(
        steps in prop::collection::vec(
            (
                any::<usize>(),
                prop::collection::vec((any::<usize>(), 0usize..5, any::<usize>()), 0..3),
                any::<usize>(),
                0usize..5,
                any::<usize>(),
            ),
            1..5,
        ),
    ) {
        let articles = articles();
        let mut last = None;
        for (doc, edits, target, writing, pick) in steps {
            let mut value = articles[doc % articles.len()].clone();
            edit(&mut value, &edits);
            let (text, target, writing) = written(&value, target, writing, pick);
            let afresh = read_afresh(&text);
            let into = fast::accept_article_into(&text, Limits::default().max_depth, &mut last);
            prop_assert_eq!(
                into,
                afresh.as_deref(),
                "read into the last article ({:?} at {}): {}", writing, target, text
            );
        }
    }

    #[test]
    fn whatever_the_fast_path_accepts_the_schema_accepts(
        doc in any::<usize>(),
        edits in prop::collection::vec((any::<usize>(), 0usize..5, any::<usize>()), 1..4),
    ) {
        thread_local!(static SCHEMAS: Schemas = Schemas::compile().unwrap());
        let docs = documents();
        let (kind, mut value) = docs[doc % docs.len()].clone();
        edit(&mut value, &edits);
        let fast = fast::accept(kind, &value).is_some();
        let schema = SCHEMAS.with(|s| s.accepts(kind, &value));
        prop_assert!(!fast || schema, "fast path accepted what the schema rejects: {}", value);
    }

    #[test]
    fn whatever_the_one_pass_reader_accepts_the_slow_path_accepts(
        doc in any::<usize>(),
        edits in prop::collection::vec((any::<usize>(), 0usize..5, any::<usize>()), 0..3),
        target in any::<usize>(),
        writing in 0usize..5,
        pick in any::<usize>(),
    ) {
        thread_local!(static SCHEMAS: Schemas = Schemas::compile().unwrap());
        let docs = documents();
        let (kind, mut value) = docs[doc % docs.len()].clone();
        edit(&mut value, &edits);
        let (text, target, writing) = written(&value, target, writing, pick);
        let fast = fast::accept_text(kind, &text, Limits::default().max_depth).is_some();
        let slow = SCHEMAS.with(|s| slow_path_accepts(s, kind, &text));
        prop_assert!(!fast || slow, "the one-pass reader accepted what the slow path rejects ({writing:?} at {target}): {text}");
    }
}

#[test]
fn the_paths_agree_on_the_shipped_documents_and_fixtures() {
    let schemas = Schemas::compile().unwrap();
    let docs = documents();
    // The data, five valid fixture folders and the maximal documents.
    assert!(docs.len() >= 4 + 5 * 3 + 4, "{} documents", docs.len());
    for (kind, value) in docs {
        assert!(fast::accept(kind, &value).is_some(), "{value}");
        assert!(schemas.accepts(kind, &value), "{value}");
        let text = canonical(&value);
        assert!(fast::accept_text(kind, &text, 64).is_some(), "{text}");
        assert!(slow_path_accepts(&schemas, kind, &text), "{text}");
    }
}

/// Reading in place after a document refused halfway, after one whose
/// facts are of other kinds in another order, and after a larger and a
/// smaller one: each read equals reading afresh.
#[test]
fn reading_into_the_last_article_survives_every_kind_of_predecessor() {
    let (_, _, maximal, _) = maximal::maximal();
    let full = canonical(&maximal);
    // Cut inside the facts: refused after reading part of them.
    let facts = full.find("\"facts\"").unwrap();
    let mut cut = facts + (full.len() - facts) / 2;
    while !full.is_char_boundary(cut) {
        cut += 1;
    }
    let halfway = full[..cut].to_owned();
    let mut texts = vec![
        full.clone(),
        halfway,
        canonical(&facts_reversed(&maximal)),
        full,
    ];
    texts.extend(articles().iter().map(canonical));
    let mut last = None;
    for text in texts.iter().chain(texts.iter().rev()) {
        let afresh = read_afresh(text);
        assert_eq!(
            fast::accept_article_into(text, 64, &mut last),
            afresh.as_deref(),
            "{text}"
        );
    }
    assert!(
        texts
            .iter()
            .filter(|text| read_afresh(text).is_some())
            .count()
            >= 4
    );
}

/// A [`DocumentValidator`](super::DocumentValidator) that has read other
/// documents before (a larger article, one refused halfway, one of other
/// fact kinds, files of every kind, bytes that are not JSON) finds in each
/// document exactly what validating it on its own finds.
#[test]
fn a_document_validator_finds_what_validating_alone_finds() {
    let schemas = Schemas::compile().unwrap();
    let limits = Limits::default();
    let (manifest, entities, maximal, retired) = maximal::maximal();
    let full = canonical(&maximal);
    let halfway = full[..full.len() / 2].to_owned();
    // A span out of place: a finding of an article rule, not the schema.
    let misplaced = full.replacen("\"end\":1,", "\"end\":99999,", 1);
    assert_ne!(misplaced, full);
    let article = "articles/outlet/a.json";
    let mut files: Vec<(&str, String)> = vec![
        (article, full.clone()),
        (article, halfway),
        (article, misplaced),
        (article, canonical(&facts_reversed(&maximal))),
        ("entities.json", canonical(&entities)),
        (article, full),
        ("manifest.json", canonical(&manifest)),
        ("retired.json", canonical(&retired)),
        (article, "\u{FEFF}{\"kind\": 1".to_owned()),
        (article, "{}".to_owned()),
    ];
    files.extend(articles().iter().map(|a| (article, canonical(a))));
    let mut validator = super::DocumentValidator::new(&schemas, &limits);
    let mut with_findings = 0;
    for (file, text) in files.iter().chain(files.iter().rev()) {
        let alone = super::validate_document(file, text.as_bytes(), &schemas, &limits);
        with_findings += usize::from(!alone.is_empty());
        assert_eq!(
            validator.validate(file, text.as_bytes()),
            alone,
            "{file}: {text}"
        );
    }
    // Not vacuous: documents with findings and documents without.
    assert!(with_findings >= 8, "{with_findings}");
    assert!(with_findings < 2 * files.len());
}

/// A validator prints its limits, the kinds its schemas check, and whether
/// it holds an article to read the next into.
#[test]
fn a_document_validator_says_what_it_holds_when_printed() {
    let schemas = Schemas::compile().unwrap();
    let limits = Limits::default();
    let mut validator = super::DocumentValidator::new(&schemas, &limits);
    let before = format!("{validator:?}");
    assert!(before.contains("holds_last_article: false"), "{before}");
    assert!(before.contains("max_file_bytes"), "{before}");
    for kind in DocumentKind::ALL {
        assert!(before.contains(&format!("{kind:?}")), "{before}");
    }
    let (_, _, maximal, _) = maximal::maximal();
    validator.validate("articles/outlet/a.json", canonical(&maximal).as_bytes());
    let after = format!("{validator:?}");
    assert!(after.contains("holds_last_article: true"), "{after}");
}

/// Each way of writing that the one-pass reader must refuse, on a document
/// it accepts when written canonically: the reader is not vacuous.
#[test]
fn the_one_pass_reader_refuses_each_hidden_problem() {
    let (_, _, article, _) = maximal::maximal();
    let write_as = |value: &Value, target: &str, writing| {
        let mut text = String::new();
        write(value, "", target, writing, &mut text);
        fast::accept_text(DocumentKind::Article, &text, 64).is_some()
    };
    assert!(write_as(&article, "-", Writing::Canonical));
    // Escaping changes nothing the rules see.
    assert!(write_as(&article, "/facts/0", Writing::Escaped));
    // A fact with `kind` last is left to the slow path, not buffered.
    assert!(!write_as(&article, "/facts/1", Writing::KindLast));
    // A repeated member, at the top, in a fact, in a date.
    for target in ["", "/facts/2", "/facts/2/date", "/source"] {
        assert!(!write_as(&article, target, Writing::Repeat(0)), "{target}");
    }
    // A struct written as an array of its fields.
    assert!(!write_as(&article, "/source", Writing::AsArray));
    // Every hostile piece, in the body, in a quote, in a note.
    for (i, _) in HOSTILE.iter().enumerate() {
        for at in ["/body", "/facts/0/evidence/0/quote", "/text_notes/0/note"] {
            let mut value = article.clone();
            poison(&mut value, at, i);
            assert!(!write_as(&value, "-", Writing::Canonical), "{at}: {i}");
            assert!(!write_as(&value, at, Writing::Escaped), "{at}: {i} escaped");
        }
    }
    // Deeper than the limit.
    let text = canonical(&article);
    assert!(fast::accept_text(DocumentKind::Article, &text, 3).is_none());
}
