//! CHANGELOG.md's record-by-record section for this release is what
//! `diff --format markdown` says between the last release's data (the
//! frozen format-1 corpus, migrated) and `data/`; and every record removed
//! since then is retired. Regenerate the section with
//! `.ci/changelog-diff.sh`.
#![cfg(all(feature = "edit", feature = "diff"))]

use std::path::Path;

use astana_corpus::diff::{diff, markdown, unretired_removals};
use astana_corpus::format::{self, Mode};
use astana_corpus::migrate::migrate_file;
use astana_corpus::Corpus;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[path = "../src/validate/rules/folders.rs"]
#[allow(dead_code)]
mod folders;

/// The one folder copy the fixtures use.
fn copy(from: &Path, to: &Path) {
    folders::copy_dir(from, to).unwrap();
}

#[test]
fn the_changelog_section_is_the_diff_since_the_last_release() {
    let temp = folders::TempDir::new("changelog");
    let old_dir = temp.to_path_buf();
    copy(
        &Path::new(ROOT).join("tests/fixtures/format-1/data"),
        &old_dir,
    );
    for file in format::expand(std::slice::from_ref(&old_dir)).unwrap() {
        migrate_file(&file, "x", Mode::Write).unwrap();
    }
    let old = Corpus::from_dir(&old_dir).unwrap();
    let new = Corpus::from_dir(Path::new(ROOT).join("data")).unwrap();
    let d = diff(&old, &new);
    assert_eq!(
        unretired_removals(&d, &new),
        [],
        "removed records must be retired"
    );

    let changelog = std::fs::read_to_string(Path::new(ROOT).join("CHANGELOG.md")).unwrap();
    let start = "<!-- generated: diff of the previous release's data -->\n";
    let end = "<!-- end of generated diff -->\n";
    let a = changelog.find(start).expect("the section's start marker") + start.len();
    let b = changelog.find(end).expect("the section's end marker");
    assert!(
        changelog[a..b] == markdown(&d),
        "CHANGELOG.md's generated section is stale: run .ci/changelog-diff.sh"
    );
}

#[test]
fn resolve_follows_replacements() {
    let corpus = Corpus::embedded();
    let old = "realist-arabic-7087a378d90ed0f8#united-states-observer-from-start";
    match corpus.resolve(old) {
        astana_corpus::Resolved::Replaced { by, last } => {
            assert_eq!(
                by,
                "realist-arabic-7087a378d90ed0f8#united-states-observer-throughout"
            );
            assert_eq!(last.version, "0.3.0");
        }
        other => panic!("{other:?}"),
    }
    let gone = "realist-arabic-7087a378d90ed0f8#participants-request-continuation";
    assert!(
        matches!(corpus.resolve(gone), astana_corpus::Resolved::Retired(r) if r.reason.as_str() == "annotation_error")
    );
    assert_eq!(
        corpus.resolve("syria"),
        astana_corpus::Resolved::Live("syria")
    );
}
