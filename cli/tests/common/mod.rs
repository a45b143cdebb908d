//! Helpers shared by the integration tests.
#![allow(dead_code)]

#[path = "../../../tests/support/copy.rs"]
mod support_copy;

use std::path::{Path, PathBuf};

/// A fresh, unique path under the temporary folder, not created, whose
/// enclosing folder is removed with everything in it when this is dropped,
/// a failing test's unwinding included: tests leave nothing behind.
#[derive(Debug)]
pub struct TempPath {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl std::ops::Deref for TempPath {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for TempPath {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<std::ffi::OsStr> for TempPath {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.path.as_os_str()
    }
}

/// A fresh, unique path named after `name` under the temporary folder
/// (not created), removed when the returned guard is dropped.
pub fn temp_path(name: &str) -> TempPath {
    let dir = tempfile::Builder::new()
        .prefix("astana-test-")
        .tempdir()
        .expect("a temporary folder");
    TempPath {
        path: dir.path().join(name),
        _dir: dir,
    }
}

/// The repository's folder.
pub fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// A fresh copy of `tests/fixtures/<name>` in a temporary folder; for
/// `invalid/<rule id>`, the rule's fixture (a patch beside the rule)
/// applied to the valid base corpus.
pub fn copy_fixture(name: &str) -> TempPath {
    let to = temp_path("fixture");
    if let Some(id) = name.strip_prefix("invalid/") {
        let rule =
            astana_corpus::validate::Rule::from_id(id).unwrap_or_else(|| panic!("no rule {id}"));
        rule.write_fixture(&repo().join("tests/fixtures/valid/base"), &to)
            .unwrap();
        return to;
    }
    copy_dir(&repo().join("tests/fixtures").join(name), &to);
    to
}

/// Copies a folder tree, as the fixtures are materialized.
pub fn copy_dir(from: &Path, to: &Path) {
    support_copy::copy_dir(from, to).unwrap();
}
