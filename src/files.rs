//! Where data files live in a data folder.

use std::io;
use std::path::Path;

/// Appends the paths (relative to `data_dir`, `/`-separated, sorted) of
/// every `*.json` file under `data_dir/articles`. Symbolic links are not
/// followed, so a corpus cannot pull in files from outside itself.
pub fn article_paths(data_dir: &Path, found: &mut Vec<String>) -> io::Result<()> {
    let mut paths = Vec::new();
    walk(data_dir, Path::new("articles"), &mut paths)?;
    paths.sort();
    found.extend(paths);
    Ok(())
}

fn walk(root: &Path, relative: &Path, found: &mut Vec<String>) -> io::Result<()> {
    let dir = root.join(relative);
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(&dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let rel = relative.join(entry.file_name());
        if kind.is_dir() {
            walk(root, &rel, found)?;
        } else if kind.is_file() && rel.extension().is_some_and(|e| e == "json") {
            let parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            found.push(parts.join("/"));
        }
    }
    Ok(())
}

/// Writes `contents` to `path` so that an interruption never leaves a
/// half-written file: a temporary file in the same folder is written,
/// flushed and synced, given the original's permissions, then renamed over
/// the target. On error the temporary file is removed and the original is
/// untouched.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
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
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
