//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh, unique path under the temporary folder (not created).
pub fn temp_path(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!(
        "astana-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ))
}

/// The repository's folder.
pub fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A fresh copy of `tests/fixtures/<name>` in a temporary folder; for
/// `invalid/<rule id>`, the rule's fixture (a patch beside the rule)
/// applied to the valid base corpus.
pub fn copy_fixture(name: &str) -> PathBuf {
    let to = temp_path("fixture");
    if let Some(id) = name.strip_prefix("invalid/") {
        let rule =
            astana_corpus::validate::Rule::from_id(id).unwrap_or_else(|| panic!("no rule {id}"));
        astana_corpus::validate::rules::fixture::materialize_rule(repo(), rule, &to).unwrap();
        return to;
    }
    copy_dir(
        &Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
            .join("tests/fixtures")
            .join(name),
        &to,
    );
    to
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}
