//! One statement in many articles: `statement-conflict` over the renderings
//! of one original, each way two articles can disagree about it, on the
//! valid fixture in which two articles rewrite one statement.
#![cfg(feature = "validate")]

use std::path::Path;

use astana_corpus::validate::{validate_dir, Rule};

#[path = "../src/validate/rules/folders.rs"]
#[allow(dead_code)]
mod folders;

const REPRINTED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/valid/reprinted-statement"
);
const SECOND: &str = "articles/test-outlet/test-article-2.json";

/// The rule, pointer and message of each finding `validate` reports after
/// replacing `replace` (which must occur once) with `with` in the second
/// article; the fixture as it is when `replace` is empty.
fn findings_after(replace: &str, with: &str) -> Vec<(Rule, String, String)> {
    let temp = folders::TempDir::new("statements");
    let dir = temp.to_path_buf();
    folders::copy_dir(Path::new(REPRINTED), &dir).unwrap();
    if !replace.is_empty() {
        let path = dir.join(SECOND);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches(replace).count(), 1, "{replace}");
        std::fs::write(&path, text.replacen(replace, with, 1)).unwrap();
    }
    validate_dir(&dir)
        .unwrap()
        .findings
        .into_iter()
        .map(|f| (f.rule, f.pointer, f.message))
        .collect()
}

#[test]
fn the_fixture_is_valid() {
    assert_eq!(findings_after("", ""), []);
}

#[test]
fn articles_that_describe_one_original_differently_conflict() {
    for (replace, with, says) in [
        (
            "\"issuer\": \"test-spokesperson\"",
            "\"issuer\": \"kazakhstan\"",
            "issued by `test-spokesperson` here but by `kazakhstan`",
        ),
        (
            "\"kind\": \"statement\",\n      \"date\"",
            "\"kind\": \"press_release\",\n      \"date\"",
            "a statement here but a press_release",
        ),
        (
            "\"start\": \"2023-06-21\"",
            "\"start\": \"2023-06-19\"",
            "dated in a period that cannot overlap",
        ),
    ] {
        let found = findings_after(replace, with);
        assert_eq!(found.len(), 1, "{with}: {found:#?}");
        let (rule, pointer, message) = &found[0];
        assert_eq!(*rule, Rule::StatementConflict);
        // The later file in order is test-article.json: the finding is there.
        assert_eq!(pointer, "/derived_from/0", "{with}");
        assert!(message.contains(says), "{with}: {message}");
    }
}

#[test]
fn renderings_of_one_part_by_other_speakers_conflict_and_other_parts_do_not() {
    let found = findings_after(
        "\"speakers\": [\n        \"test-spokesperson\"\n      ]",
        "\"speakers\": [\n        \"test-spokesperson\",\n        \"kazakhstan\"\n      ]",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, Rule::StatementConflict);
    assert_eq!(found[0].1, "/facts/2/speakers");
    // Another part of the same original may have other speakers.
    let found = findings_after(
        "\"part\": \"meeting-success\"",
        "\"part\": \"another-part\"",
    );
    assert_eq!(found, []);
}

#[test]
fn an_original_the_article_does_not_describe_is_an_unknown_reference() {
    let found = findings_after(
        "\"origin\": \"test-spokesperson-2023-06-21\"",
        "\"origin\": \"someone-else-2023-06-21\"",
    );
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].0, Rule::UnknownReference);
    assert_eq!(found[0].1, "/facts/0/original/origin");
}
