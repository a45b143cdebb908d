//! `migrate` over the frozen format-1 corpus (`tests/fixtures/format-1`):
//! every folder upgrades to files that validate with no error, a second
//! run changes nothing, and `validate` sends format-1 files to `migrate`.
#![cfg(feature = "edit")]

use std::path::{Path, PathBuf};

use astana_corpus::format::{self, Mode};
use astana_corpus::migrate::{migrate_file, MigrateOutcome};
use astana_corpus::validate::{validate_dir, Rule};

const FROZEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/format-1");

#[path = "../src/validate/rules/folders.rs"]
#[allow(dead_code)]
mod folders;

/// The one folder copy the fixtures use.
fn copy(from: &Path, to: &Path) {
    folders::copy_dir(from, to).unwrap();
}

fn frozen_folders() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(FROZEN)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_frozen_format_1_folder_migrates_to_valid_data_once() {
    let folders = frozen_folders();
    assert!(folders.len() >= 5, "{folders:?}");
    for folder in folders {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let temp = folders::TempDir::new(&format!("migrate-{name}"));
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
fn the_frozen_corpus_stays_format_1() {
    for folder in frozen_folders() {
        for file in format::expand(&[folder]).unwrap() {
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(
                text.contains("\"schema_version\": 1,"),
                "{} is no longer format 1",
                file.display()
            );
        }
    }
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
