//! Arbitrary bytes through the validator, as each kind of data file:
//! it must never panic, every position it reports must exist, and the
//! fast path must accept nothing the schema rejects.
#![no_main]

use std::sync::OnceLock;

use astana_corpus::schema::DocumentKind;
use astana_corpus::validate::{fast, validate_document, Limits, Schemas};
use libfuzzer_sys::fuzz_target;

static SCHEMAS: OnceLock<Schemas> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let schemas = SCHEMAS.get_or_init(|| Schemas::compile().expect("our schemas compile"));
    let lines = String::from_utf8_lossy(data).lines().count().max(1);
    // The fast path is sound: what it accepts, the schema accepts.
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        for kind in DocumentKind::ALL {
            if fast::accept(kind, &value).is_some() {
                assert!(schemas.accepts(kind, &value), "fast path accepted a schema-invalid {kind:?}");
            }
        }
    }
    for file in ["articles/outlet/article.json", "entities.json", "manifest.json"] {
        for finding in validate_document(file, data, schemas, &Limits::default()) {
            assert!(finding.line() <= lines + 1, "line {} of {lines}", finding.line());
            assert!(!finding.message.is_empty());
        }
    }
});
