//! Where data files live in a data folder.

use std::io;
use std::path::{Path, PathBuf};

/// What a data folder's `articles/` holds: the data files, and the entries
/// that are not regular data files.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Paths of regular `*.json` files, relative to the data folder,
    /// `/`-separated, sorted.
    pub files: Vec<String>,
    /// Entries that are not data files, with the reason: symbolic links
    /// (never followed), folders named `*.json`, and files whose names do not
    /// end in `.json`. Hidden entries (names starting with `.`) are skipped.
    pub unexpected: Vec<(String, &'static str)>,
}

/// Lists `data_dir/articles` without following symbolic links, so a corpus
/// cannot pull in files from outside itself.
pub fn list_articles(data_dir: &Path) -> io::Result<Listing> {
    let mut listing = Listing::default();
    let root = data_dir.join("articles");
    if root.is_dir() {
        let mut stack = vec![PathBuf::from("articles")];
        while let Some(relative) = stack.pop() {
            for entry in std::fs::read_dir(data_dir.join(&relative))? {
                let entry = entry?;
                let name = entry.file_name();
                if name.to_string_lossy().starts_with('.') {
                    continue;
                }
                let rel = relative.join(&name);
                let shown = slash_path(&rel);
                let kind = entry.file_type()?;
                let is_json = rel.extension().is_some_and(|e| e == "json");
                if kind.is_symlink() {
                    listing
                        .unexpected
                        .push((shown, "a symbolic link (links are never followed)"));
                } else if kind.is_dir() && is_json {
                    listing
                        .unexpected
                        .push((shown, "a folder named like a data file"));
                } else if kind.is_dir() {
                    stack.push(rel);
                } else if kind.is_file() && is_json {
                    listing.files.push(shown);
                } else {
                    listing.unexpected.push((shown, "not a `.json` data file"));
                }
            }
        }
    }
    listing.files.sort();
    listing.unexpected.sort();
    Ok(listing)
}

/// Appends the paths (relative to `data_dir`, `/`-separated, sorted) of
/// every regular `*.json` file under `data_dir/articles`.
pub fn article_paths(data_dir: &Path, found: &mut Vec<String>) -> io::Result<()> {
    found.extend(list_articles(data_dir)?.files);
    Ok(())
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Writes `contents` to `path` so that an interruption never leaves a
/// half-written file: a temporary file in the same folder is written,
/// flushed and synced, given the original's permissions, then renamed over
/// the target. On error the temporary file is removed and the original is
/// untouched.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_atomic_with(path, contents, |_| Ok(()))
}

/// [`write_atomic`], calling `before_rename` with the temporary file's path
/// once it is written and synced. Tests use it to inject a fault where an
/// interruption would hurt most.
pub fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    use std::io::Write as _;
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{}: refusing to write through a symbolic link",
                path.display()
            ),
        ));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file path"))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(contents)?;
        file.flush()?;
        if let Ok(meta) = std::fs::metadata(path) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        before_rename(&tmp)?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
