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
    copy_dir(&repo().join("tests/fixtures").join(name), &to);
    to
}

/// Copies a folder tree, as the fixtures are materialized.
pub fn copy_dir(from: &Path, to: &Path) {
    astana_corpus::validate::rules::fixture::copy_dir(from, to).unwrap();
}
