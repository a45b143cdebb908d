//! The fast path against the JSON Schema: over many mutations of real
//! documents, whatever the fast path accepts the schema accepts, so skipping
//! the schema for those documents never hides an error.
#![cfg(feature = "validate")]

use astana_corpus::schema::DocumentKind;
use astana_corpus::validate::{fast, Schemas};
use proptest::prelude::*;
use serde_json::{json, Value};

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
    astana_corpus::embedded::files()
        .iter()
        .map(|(path, text)| {
            (
                DocumentKind::of_path(path).unwrap(),
                serde_json::from_str(text).unwrap(),
            )
        })
        .chain(std::iter::once((
            DocumentKind::Article,
            serde_json::from_str(include_str!(
                "fixtures/valid/base/articles/test-outlet/test-article.json"
            ))
            .unwrap(),
        )))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    #[test]
    fn whatever_the_fast_path_accepts_the_schema_accepts(
        doc in 0usize..4,
        edits in prop::collection::vec((any::<usize>(), 0usize..4, any::<usize>()), 1..4),
    ) {
        thread_local!(static SCHEMAS: Schemas = Schemas::compile().unwrap());
        let docs = documents();
        let (kind, mut value) = docs[doc % docs.len()].clone();
        for (target, how, pick) in edits {
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            let at = all[target % all.len()].clone();
            mutate(&mut value, &at, how, pick);
        }
        let fast = fast::accept(kind, &value).is_some();
        let schema = SCHEMAS.with(|s| s.accepts(kind, &value));
        prop_assert!(!fast || schema, "fast path accepted what the schema rejects: {}", value);
    }
}

#[test]
fn the_paths_agree_on_the_shipped_documents_and_fixtures() {
    let schemas = Schemas::compile().unwrap();
    for (kind, value) in documents() {
        assert!(fast::accept(kind, &value).is_some());
        assert!(schemas.accepts(kind, &value));
    }
}
