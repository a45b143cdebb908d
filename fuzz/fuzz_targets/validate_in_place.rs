//! Arbitrary bytes as articles read one after another by one
//! `DocumentValidator`, as `validate_dir`'s workers read: each into the
//! article before it, reusing its strings and lists. The validator first
//! reads the maximal article (every field, every fact kind), and a 0xFF
//! byte, which no JSON text holds, splits the input into documents. Each
//! document's findings must be those of the document validated on its own.
#![no_main]

use std::sync::OnceLock;

use astana_corpus::validate::{validate_document, DocumentValidator, Limits, Schemas};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/maximal.rs"]
#[allow(dead_code)]
mod maximal;

static SCHEMAS: OnceLock<Schemas> = OnceLock::new();
static MAXIMAL: OnceLock<Vec<u8>> = OnceLock::new();

const ARTICLE: &str = "articles/outlet/article.json";

fuzz_target!(|data: &[u8]| {
    let schemas = SCHEMAS.get_or_init(|| Schemas::compile().expect("our schemas compile"));
    let maximal = MAXIMAL.get_or_init(|| {
        let (_, _, article, _) = maximal::maximal();
        serde_json::to_vec(&article).expect("a Value serialises")
    });
    let limits = Limits::default();
    let mut validator = DocumentValidator::new(schemas, &limits);
    validator.validate(ARTICLE, maximal);
    for document in data.split(|&b| b == 0xFF).take(8) {
        let alone = validate_document(ARTICLE, document, schemas, &limits);
        assert_eq!(
            validator.validate(ARTICLE, document),
            alone,
            "read into the article before, the findings differ"
        );
    }
});
