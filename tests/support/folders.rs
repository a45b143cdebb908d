//! Folders for the tests: the one folder copy they use to put a fixture
//! corpus somewhere, and temporary folders that are removed however a test
//! ends.
// Each test binary uses what it needs of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Copies the folder tree `from` to `to` (regular files and folders only).
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// A path under the system's temporary folder, unique to this process and
/// `name`, not created; whatever is there is removed when this is dropped,
/// a failing test's unwinding included, so no test leaves files behind.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("astana-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        TempDir(path)
    }
}

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
