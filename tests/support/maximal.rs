//! A *maximal* corpus: every field of the generated JSON Schema holds a
//! value (`tests/lossless.rs` walks the schemas and fails on any field this
//! leaves out). Shared by the tests that need every field exercised.

use serde_json::{json, Value};

fn evidence(quote: &str) -> Value {
    json!({"start": 0, "end": 1, "quote": quote, "prefix": "p", "suffix": "s"})
}

/// A span of a fact, which says how it renders speech.
fn spoken(quote: &str, mode: &str) -> Value {
    with(evidence(quote), json!({"mode": mode}))
}

/// Every field of every date.
fn full_date() -> Value {
    json!({"precision": "day", "start": "2023-06-20", "end": "2023-06-21",
           "earliest": "2023-06", "latest": "2023", "basis": "inferred",
           "inferred_parts": ["year", "earliest"], "note": "n"})
}

/// The fields every fact shares, all filled.
fn common(kind: &str, id: &str) -> Value {
    json!({"kind": kind, "id": id, "modality": "conditional",
           "condition": {"text_en": "if asked", "fact": "c"},
           "summary_en": "s", "according_to": "s", "note": "n",
           "inferred": [{"path": "/x", "note": "n"}],
           "entity_mentions": [{"entity": "e", "evidence": evidence("q"), "note": "n"}],
           "evidence": [spoken("q", "direct"), spoken("r", "reported")]})
}

fn with(mut base: Value, fields: Value) -> Value {
    for (k, v) in fields.as_object().unwrap() {
        base[k] = v.clone();
    }
    base
}

pub fn maximal() -> (Value, Value, Value, Value) {
    let manifest: Value = serde_json::from_str(include_str!("../../data/manifest.json")).unwrap();
    let entities = json!({
        "$schema": "../schema/entities.schema.json", "schema_version": 3,
        "entities": [{
            "id": "e", "kind": "person", "name": {"en": "E", "ar": "إ"},
            "other_names": [{"lang": "en", "text": "F", "from": "2019-03", "until": "2022", "note": "n"},
                            {"lang": "ar", "text": "ف"}],
            "part_of": "e", "iso3166_1": "KZ", "wikidata": "Q1",
            "positions": [{"title": "T", "of": "e", "stated_in": [{"article": "a", "fact": "p"}, {"article": "a", "fact": "p2"}]},
                          {"title": "U", "stated_in": []}],
            "note": "n"
        }]
    });
    let facts = vec![
        with(
            common("meeting", "m"),
            json!({"series": "e", "round": 4, "meeting_key": "k-1", "date": full_date(), "venue": "e",
            "participants": [{"entity": "e", "role": "host"}, {"entity": "f", "role": "observer"}]}),
        ),
        with(
            common("statement", "s"),
            json!({"speakers": ["e", "f"], "mode": "mixed", "date": full_date(),
            "original": {"origin": "o", "part": "p-1"},
            "about_entities": ["e", "f"], "about_facts": ["m", "c"]}),
        ),
        with(
            common("participation_change", "c"),
            json!({"series": "e", "entity": "e", "role": "observer",
            "change": "declined", "round": 9, "date": full_date()}),
        ),
        with(
            common("participation_state", "t"),
            json!({"series": "e", "entity": "e", "role": "party",
            "from": full_date(), "until": full_date()}),
        ),
        with(
            common("membership_change", "b"),
            json!({"member": "e", "organization": "f", "change": "restored", "date": full_date()}),
        ),
        with(
            common("position_held", "p"),
            json!({"person": "e", "title": "T", "of": "f", "date": full_date()}),
        ),
        with(
            common("claim", "l"),
            json!({"date": full_date(), "about_entities": ["e"], "about_facts": ["m"]}),
        ),
    ];
    let article = json!({
        "$schema": "../../../schema/article.schema.json", "schema_version": 3, "id": "a",
        "source": {"outlet": "e", "url": "https://example.org/a", "retrieved": "2024-01-02", "note": "n"},
        "language": "ar", "published": full_date(), "title": "t",
        "derived_from": [{"id": "o", "issuer": "e", "kind": "press_release", "date": full_date(),
                          "url": "https://example.org/o", "note": "n"}],
        "body": "body, with, commas\nand \"quotes\"",
        "text_notes": [{"defect": "garbled", "note": "n", "evidence": [evidence("q"), evidence("r")]},
                       {"defect": "other", "note": "m", "evidence": [evidence("x")]}],
        "facts": facts,
    });
    let retired = json!({
        "$schema": "../schema/retired.schema.json", "schema_version": 3,
        "retired": [
            {"record": "fact", "id": "a#old", "version": "0.2.0", "reason": "superseded", "replaced_by": "a#m", "note": "n"},
            {"record": "entity", "id": "gone", "version": "0.3.0", "reason": "merged_into", "replaced_by": "e"},
            {"record": "article", "id": "withdrawn", "version": "0.3.0", "reason": "withdrawn_by_outlet"}
        ]
    });
    (manifest, entities, article, retired)
}
