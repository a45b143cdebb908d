//! `migrate` over the frozen corpora of formats 1 and 2
//! (`tests/fixtures/format-1`, `tests/fixtures/format-2`): every folder
//! upgrades to files that validate with no error, a second run changes
//! nothing, what a person must decide is marked for review, and `validate`
//! sends older files to `migrate`.
#![cfg(feature = "edit")]

use std::path::{Path, PathBuf};

use astana_corpus::format::{self, Mode};
use astana_corpus::migrate::{migrate_file, MigrateOutcome};
use astana_corpus::validate::{validate_dir, Rule};

const FROZEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/format-1");

/// Each frozen corpus and the version it is frozen at.
const FROZEN_VERSIONS: [(u32, &str); 2] = [
    (
        1,
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/format-1"),
    ),
    (
        2,
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/format-2"),
    ),
];

#[path = "../src/validate/rules/folders.rs"]
#[allow(dead_code)]
mod folders;

/// The one folder copy the fixtures use.
fn copy(from: &Path, to: &Path) {
    folders::copy_dir(from, to).unwrap();
}

/// Every frozen folder with the version it is frozen at.
fn frozen_folders() -> Vec<(u32, PathBuf)> {
    let mut dirs = Vec::new();
    for (version, root) in FROZEN_VERSIONS {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        found.sort();
        assert!(found.len() >= 5, "{root}: {found:?}");
        dirs.extend(found.into_iter().map(|d| (version, d)));
    }
    dirs
}

#[test]
fn every_frozen_folder_migrates_to_valid_data_once() {
    for (version, folder) in frozen_folders() {
        let name = format!(
            "format-{version}/{}",
            folder.file_name().unwrap().to_string_lossy()
        );
        let temp = folders::TempDir::new(&format!("migrate-{version}"));
        let dir = temp.to_path_buf();
        copy(&folder, &dir);

        // Before: every file is refused with the hint to migrate.
        let before = validate_dir(&dir).unwrap();
        assert!(before.errors() > 0, "{name}");
        for f in &before.findings {
            assert_eq!(f.rule, Rule::UnsupportedVersion, "{name}: {f:?}");
            assert!(
                f.hint.contains("astana-corpus migrate"),
                "{name}: {}",
                f.hint
            );
        }

        let files = format::expand(std::slice::from_ref(&dir)).unwrap();
        for file in &files {
            match migrate_file(file, "x", Mode::Write).unwrap() {
                MigrateOutcome::Migrated(changes) => assert!(
                    changes.iter().any(|c| c.pointer == "/schema_version"),
                    "{name}: {changes:?}"
                ),
                other => panic!("{name}: {}: {other:?}", file.display()),
            }
        }
        let after = validate_dir(&dir).unwrap();
        assert_eq!(after.errors(), 0, "{name}: {:#?}", after.findings);

        // Idempotent: nothing left to migrate, and the bytes stay.
        let snapshot: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
        for file in &files {
            assert_eq!(
                migrate_file(file, "x", Mode::Write).unwrap(),
                MigrateOutcome::Current
            );
        }
        let again: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
        assert_eq!(snapshot, again, "{name}");
    }
}

#[test]
fn the_frozen_corpora_stay_at_their_versions() {
    for (version, folder) in frozen_folders() {
        for file in format::expand(&[folder]).unwrap() {
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(
                text.contains(&format!("\"schema_version\": {version},")),
                "{} is no longer format {version}",
                file.display()
            );
        }
    }
}

/// What format 3 can say and format 2 could not is left for a person
/// where it cannot be read off the file: the shipped corpus of format 2
/// migrates with its positions' dates marked for review, and its dates
/// with nothing given no longer claim to be stated.
#[test]
fn format_2_data_migrates_with_what_to_review() {
    let temp = folders::TempDir::new("migrate-format-2-data");
    let dir = temp.to_path_buf();
    copy(&Path::new(FROZEN_VERSIONS[1].1).join("data"), &dir);
    let article = format::expand(std::slice::from_ref(&dir))
        .unwrap()
        .into_iter()
        .find(|f| f.to_string_lossy().contains("/articles/"))
        .unwrap();
    let MigrateOutcome::Migrated(changes) = migrate_file(&article, "x", Mode::Write).unwrap()
    else {
        panic!("not migrated")
    };
    let reviews: Vec<&str> = changes
        .iter()
        .filter(|c| c.review)
        .map(|c| c.pointer.as_str())
        .collect();
    assert_eq!(reviews, ["/facts/1/date", "/facts/3/date", "/facts/4/date"]);
    assert!(changes
        .iter()
        .any(|c| c.message.starts_with("`stated` → `not_given`")));
    // Every date that writes nothing is now `not_given`.
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&article).unwrap()).unwrap();
    let mut stack = vec![&value];
    let mut empty_dates = 0;
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                let writes = ["start", "end", "earliest", "latest"]
                    .iter()
                    .any(|k| map.contains_key(*k));
                if map.contains_key("precision") && !writes {
                    empty_dates += 1;
                    assert_eq!(map["basis"], "not_given", "{map:?}");
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    assert_eq!(empty_dates, 4, "one membership date and three positions'");
}

#[test]
fn check_mode_writes_nothing_and_other_versions_are_refused() {
    let temp = folders::TempDir::new("migrate-check");
    let dir = temp.to_path_buf();
    copy(&Path::new(FROZEN).join("base"), &dir);
    let manifest = dir.join("manifest.json");
    let before = std::fs::read(&manifest).unwrap();
    assert!(matches!(
        migrate_file(&manifest, "manifest.json", Mode::Check).unwrap(),
        MigrateOutcome::Migrated(_)
    ));
    assert_eq!(std::fs::read(&manifest).unwrap(), before);

    let text = String::from_utf8(before).unwrap();
    std::fs::write(
        &manifest,
        text.replace("\"schema_version\": 1", "\"schema_version\": 7"),
    )
    .unwrap();
    let MigrateOutcome::Failed(findings) =
        migrate_file(&manifest, "manifest.json", Mode::Write).unwrap()
    else {
        panic!("schema_version 7 was migrated")
    };
    assert_eq!(findings[0].rule, Rule::UnsupportedVersion);
    assert!(findings[0].line() > 0);
}
