//! The committed schema files are exactly what the Rust types generate, and
//! the generated schemas accept the shipped data and reject what they should.
#![cfg(feature = "validate")]

use std::path::Path;

use astana_corpus::embedded;
use astana_corpus::schema::{self, DocumentKind};

#[test]
fn committed_schemas_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    let stale = schema::check(&dir);
    assert!(
        stale.is_empty(),
        "schema files out of date: {stale:?}; run `cargo run -- schema` and review the diff"
    );
}

fn validator(kind: DocumentKind) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(kind.schema().as_value())
        .expect("the generated schema compiles")
}

#[test]
fn shipped_data_is_schema_valid() {
    for (path, text) in embedded::files() {
        let kind = DocumentKind::of_path(path).expect("a data document");
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let errors: Vec<String> = validator(kind)
            .iter_errors(&value)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");
    }
}

#[test]
fn schema_rejects_unknown_fields_bad_tags_and_empty_evidence() {
    let (_, text) = embedded::files()
        .iter()
        .find(|(p, _)| p.starts_with("articles/"))
        .unwrap();
    let article: serde_json::Value = serde_json::from_str(text).unwrap();
    let v = validator(DocumentKind::Article);
    let mut bad = article.clone();
    bad["facts"][0]["speaker"] = "typo".into();
    assert!(!v.is_valid(&bad), "unknown field accepted");
    let mut bad = article.clone();
    bad["facts"][0]["kind"] = "rumour".into();
    assert!(!v.is_valid(&bad), "unknown kind accepted");
    let mut bad = article.clone();
    bad["facts"][0]["evidence"] = serde_json::json!([]);
    assert!(!v.is_valid(&bad), "empty evidence accepted");
    let mut bad = article.clone();
    bad["published"]["earliest"] = "21 June 2023".into();
    assert!(!v.is_valid(&bad), "malformed date accepted");
    let mut bad = article;
    bad["id"] = "Realist_Arabic".into();
    assert!(!v.is_valid(&bad), "malformed id accepted");
}

#[test]
fn document_kind_of_path() {
    assert_eq!(
        DocumentKind::of_path("manifest.json"),
        Some(DocumentKind::Manifest)
    );
    assert_eq!(
        DocumentKind::of_path("entities.json"),
        Some(DocumentKind::Entities)
    );
    assert_eq!(
        DocumentKind::of_path("articles/realist-arabic/x.json"),
        Some(DocumentKind::Article)
    );
    assert_eq!(DocumentKind::of_path("notes.json"), None);
}
