//! Arbitrary bytes through the validator, as each kind of data file: it
//! must never panic, every position it reports must exist, and a document
//! it passes without a finding must satisfy the JSON Schema (so the fast
//! path, which skips the schema for documents it accepts, never hides an
//! error).
#![no_main]

use std::sync::OnceLock;

use astana_corpus::schema::DocumentKind;
use astana_corpus::validate::{validate_document, Limits, Schemas};
use libfuzzer_sys::fuzz_target;

static SCHEMAS: OnceLock<Schemas> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let schemas = SCHEMAS.get_or_init(|| Schemas::compile().expect("our schemas compile"));
    let lines = String::from_utf8_lossy(data).lines().count().max(1);
    let value = serde_json::from_slice::<serde_json::Value>(data).ok();
    for (file, kind) in [
        ("articles/outlet/article.json", DocumentKind::Article),
        ("entities.json", DocumentKind::Entities),
        ("manifest.json", DocumentKind::Manifest),
        ("retired.json", DocumentKind::Retired),
    ] {
        let findings = validate_document(file, data, schemas, &Limits::default());
        for finding in &findings {
            assert!(finding.line() <= lines + 1, "line {} of {lines}", finding.line());
            assert!(!finding.message.is_empty());
        }
        if let (true, Some(value)) = (findings.is_empty(), &value) {
            assert!(schemas.accepts(kind, value), "passed a schema-invalid {kind:?}");
        }
    }
});
