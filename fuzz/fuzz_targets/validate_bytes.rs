//! Arbitrary bytes through the validator, as each kind of data file:
//! it must never panic, and every position it reports must exist.
#![no_main]

use std::sync::OnceLock;

use astana_corpus::validate::{validate_document, Limits, Schemas};
use libfuzzer_sys::fuzz_target;

static SCHEMAS: OnceLock<Schemas> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let schemas = SCHEMAS.get_or_init(|| Schemas::compile().expect("our schemas compile"));
    let lines = String::from_utf8_lossy(data).lines().count().max(1);
    for file in ["articles/outlet/article.json", "entities.json", "manifest.json"] {
        for finding in validate_document(file, data, schemas, &Limits::default()) {
            assert!(finding.line <= lines + 1, "line {} of {lines}", finding.line);
            assert!(!finding.message.is_empty());
        }
    }
});
