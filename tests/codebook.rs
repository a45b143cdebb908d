//! The committed codebook is exactly what the code generates.
#![cfg(feature = "codebook")]

use std::path::Path;

#[test]
fn committed_codebook_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        !astana_corpus::codebook::is_stale(root),
        "docs/codebook.md is out of date: run `cargo run -- codebook` and review the diff"
    );
}

#[test]
fn codebook_covers_every_rule_field_and_kind() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codebook.md"))
            .unwrap();
    for rule in astana_corpus::validate::Rule::ALL {
        assert!(
            text.contains(&format!("### {}\n", rule.id())),
            "rule {} missing",
            rule.id()
        );
    }
    for kind in astana_corpus::model::FactKind::ALL {
        assert!(
            text.contains(&format!("#### `kind: \"{kind}\"`")),
            "fact kind {kind} missing"
        );
    }
    for field in [
        "`published`",
        "`precision`",
        "`basis`",
        "`quote`",
        "`iso3166_1`",
        "`participants`",
    ] {
        assert!(text.contains(field), "field {field} missing");
    }
    assert!(
        !text.contains("(no fixture at"),
        "a rule example is missing its fixture"
    );
}
