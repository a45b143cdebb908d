//! The one way this crate touches a data folder: listing it, reading a file
//! from it, and writing a file into it.
//!
//! A data folder comes from a stranger's pull request, so every path in it
//! is hostile. The reader:
//! - walks folders without following symbolic links at any depth, and
//!   checks every component of a path from the corpus root;
//! - accepts only regular files: a FIFO, socket or device is refused
//!   before it is opened, and again from the open handle;
//! - opens with `O_NOFOLLOW | O_NONBLOCK | O_NOCTTY`, so a file swapped for
//!   a link or a pipe between the check and the open cannot hang or escape;
//! - takes the size from the open handle and never reads more than the limit.
//!
//! The threat is a static tree (a checkout), not a concurrent attacker:
//! intermediate folders are checked with `symlink_metadata` just before
//! the open, not through `openat`.
//!
//! Writes go to a temporary file named `.<name>.<pid>.astana-tmp`, which is
//! synced and renamed over the target. The name is recognisable, so
//! `validate` reports one an interrupted run left behind and `fmt` removes it
//! once its process is gone; the CLI also removes in-flight temporary files
//! on SIGINT and SIGTERM ([`remove_in_flight_temporaries`]).

use std::ffi::OsStr;
use std::fmt;
use std::io::{self, Read as _};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Largest data file read by default, in bytes (16 MiB; the shipped
/// articles are under 100 KiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// What ends the name of a temporary file written by [`write_atomic`].
pub const TEMPORARY_SUFFIX: &str = ".astana-tmp";

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The path, or one of the folders on it, is a symbolic link.
    Symlink {
        /// The component that is a link, relative to the root, `/`-separated.
        at: String,
    },
    /// Not a regular file: what it is instead ("a FIFO (named pipe)").
    NotRegular(&'static str),
    /// Larger than the limit; nothing was read.
    TooLarge {
        /// The size seen (at least `limit + 1`).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The path is not relative to the root, or climbs out of it (`..`).
    OutsideRoot,
    /// The operating system refused.
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Symlink { at } => {
                write!(f, "{at} is a symbolic link, and links are never followed")
            }
            ReadError::NotRegular(what) => write!(f, "not a regular file but {what}"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "the file has {size} bytes, more than the limit of {limit} bytes; it was not read"
            ),
            ReadError::OutsideRoot => f.write_str("the path leaves the data folder"),
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// What an entry that is not a regular file or folder is, for messages.
pub fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
    }
    if kind.is_symlink() {
        "a symbolic link (links are never followed)"
    } else if kind.is_dir() {
        "a folder"
    } else if kind.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// Reads `rel` (a `/`-separated path inside `root`), checking that no
/// component from `root` on is a symbolic link and that the file is a
/// regular file of at most `limit` bytes. `root` itself is the caller's
/// choice and is trusted.
pub fn read_in(root: &Path, rel: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut path = root.to_path_buf();
    let mut shown = String::new();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() || *part == "." || *part == ".." {
            return Err(ReadError::OutsideRoot);
        }
        path.push(part);
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(part);
        let meta = std::fs::symlink_metadata(&path).map_err(ReadError::Io)?;
        if meta.file_type().is_symlink() {
            return Err(ReadError::Symlink { at: shown });
        }
        if i + 1 < parts.len() && !meta.is_dir() {
            return Err(ReadError::Io(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{shown} is not a folder"),
            )));
        }
    }
    read_file(&path, limit)
}

/// Reads the file at `path` (named by the user, so its folders are
/// trusted): never through a symbolic link at the last component, only a
/// regular file, at most `limit` bytes.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::symlink_metadata(path).map_err(ReadError::Io)?;
    if meta.file_type().is_symlink() {
        let at = path
            .file_name()
            .map_or_else(|| path.display().to_string(), display_name);
        return Err(ReadError::Symlink { at });
    }
    // Refused before opening: a FIFO or a device is never opened.
    regular_within(&meta, limit)?;
    let file = open_no_follow(path)?;
    // The entry may have changed since it was looked at: decide again on
    // what was actually opened.
    let meta = file.metadata().map_err(ReadError::Io)?;
    regular_within(&meta, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow while it is read: never take more than limit + 1.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// A regular file of at most `limit` bytes, or why not.
fn regular_within(meta: &std::fs::Metadata, limit: u64) -> Result<(), ReadError> {
    if !meta.is_file() {
        return Err(ReadError::NotRegular(describe(meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    Ok(())
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> Result<std::fs::File, ReadError> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) {
                ReadError::Symlink {
                    at: path
                        .file_name()
                        .map_or_else(|| path.display().to_string(), display_name),
                }
            } else {
                ReadError::Io(e)
            }
        })
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> Result<std::fs::File, ReadError> {
    std::fs::File::open(path).map_err(ReadError::Io)
}

/// A file or folder name as text: itself when it is UTF-8; otherwise each
/// byte that is not part of valid UTF-8 written `\xNN` (and `\` as `\\`),
/// so two names that differ in any byte are shown differently.
pub fn display_name(name: &OsStr) -> String {
    if let Some(s) = name.to_str() {
        return s.to_owned();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let mut shown = String::new();
        for chunk in name.as_bytes().utf8_chunks() {
            for c in chunk.valid().chars() {
                if c == '\\' {
                    shown.push_str("\\\\");
                } else {
                    shown.push(c);
                }
            }
            for b in chunk.invalid() {
                shown.push_str(&format!("\\x{b:02X}"));
            }
        }
        shown
    }
    #[cfg(not(unix))]
    {
        name.to_string_lossy().into_owned()
    }
}

/// What a data folder holds: the data files, and the entries that are not.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Paths of regular `*.json` files under `articles/`, relative to the
    /// data folder, `/`-separated, sorted.
    pub files: Vec<String>,
    /// Entries that are not data files, with the reason: symbolic links
    /// (never followed), FIFOs, sockets and devices, folders named `*.json`,
    /// files whose names do not end in `.json` or are not UTF-8 (shown with
    /// [`display_name`]), and temporary files left by an interrupted write.
    /// Other hidden entries (names starting with `.`) are skipped.
    pub unexpected: Vec<(String, String)>,
}

/// Lists `data_dir/articles` without following symbolic links at any depth,
/// so a corpus cannot pull in files from outside itself; `articles` itself
/// being a link is reported, not followed. Temporary files of an
/// interrupted write are reported wherever they are.
pub fn list_articles(data_dir: &Path) -> io::Result<Listing> {
    let mut listing = Listing::default();
    let top = match std::fs::read_dir(data_dir) {
        Ok(top) => top,
        // A missing folder has no entries; reading its manifest says so.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(listing),
        Err(e) => return Err(e),
    };
    for entry in top {
        let entry = entry?;
        if let Some(name) = entry.file_name().to_str() {
            if temporary_pid(name).is_some() {
                listing
                    .unexpected
                    .push((name.to_owned(), TEMPORARY_REASON.to_owned()));
            }
        }
    }
    match std::fs::symlink_metadata(data_dir.join("articles")) {
        Ok(meta) if meta.is_dir() => {}
        Ok(meta) => {
            listing.unexpected.push((
                "articles".to_owned(),
                format!(
                    "{}, where the folder of articles should be",
                    describe(meta.file_type())
                ),
            ));
            return Ok(sorted(listing));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(listing),
        Err(e) => return Err(e),
    }
    // (path on disk, path as shown)
    let mut stack = vec![(PathBuf::from("articles"), "articles".to_owned())];
    while let Some((relative, shown_dir)) = stack.pop() {
        for entry in std::fs::read_dir(data_dir.join(&relative))? {
            let entry = entry?;
            let name = entry.file_name();
            let shown_name = display_name(&name);
            let shown = format!("{shown_dir}/{shown_name}");
            if shown_name.starts_with('.') {
                if temporary_pid(&shown_name).is_some() {
                    listing
                        .unexpected
                        .push((shown, TEMPORARY_REASON.to_owned()));
                }
                continue;
            }
            let rel = relative.join(&name);
            let kind = entry.file_type()?;
            let is_json = shown_name.ends_with(".json");
            if name.to_str().is_none() {
                listing.unexpected.push((
                    shown,
                    format!(
                        "{} whose name is not valid UTF-8 (bytes shown as \\xNN)",
                        describe(kind)
                    ),
                ));
            } else if kind.is_dir() && is_json {
                listing
                    .unexpected
                    .push((shown, "a folder named like a data file".to_owned()));
            } else if kind.is_dir() {
                stack.push((rel, shown));
            } else if kind.is_file() && is_json {
                listing.files.push(shown);
            } else if kind.is_file() {
                listing
                    .unexpected
                    .push((shown, "not a `.json` data file".to_owned()));
            } else {
                listing.unexpected.push((shown, describe(kind).to_owned()));
            }
        }
    }
    Ok(sorted(listing))
}

const TEMPORARY_REASON: &str =
    "a temporary file left by an interrupted write (`astana-corpus fmt` removes it)";

fn sorted(mut listing: Listing) -> Listing {
    listing.files.sort();
    listing.unexpected.sort();
    listing
}

/// Appends the paths (relative to `data_dir`, `/`-separated, sorted) of
/// every regular `*.json` file under `data_dir/articles`.
pub fn article_paths(data_dir: &Path, found: &mut Vec<String>) -> io::Result<()> {
    found.extend(list_articles(data_dir)?.files);
    Ok(())
}

/// The process id in a temporary file's name (`.<name>.<pid>.astana-tmp`).
pub fn temporary_pid(name: &str) -> Option<u32> {
    let stem = name.strip_prefix('.')?.strip_suffix(TEMPORARY_SUFFIX)?;
    let (_, pid) = stem.rsplit_once('.')?;
    pid.parse().ok()
}

/// Removes the temporary files in `dir` and its `articles/` tree (never
/// following links) whose process is no longer running, and returns their
/// paths relative to `dir`. Where running processes cannot be seen (no
/// `/proc`), only files older than ten minutes count as stale.
pub fn remove_stale_temporaries(dir: &Path) -> io::Result<Vec<String>> {
    let mut removed = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(dir.join(&relative)) else {
            continue;
        };
        for entry in entries {
            let entry = entry?;
            let kind = entry.file_type()?;
            let name = entry.file_name();
            let rel = relative.join(&name);
            // From the root, only `articles/` holds data; below it, every folder.
            let descend = !relative.as_os_str().is_empty() || name == "articles";
            if kind.is_dir() && descend {
                stack.push(rel);
            } else if kind.is_file() {
                if let Some(pid) = name.to_str().and_then(temporary_pid) {
                    if is_stale(pid, &entry.path()) {
                        std::fs::remove_file(entry.path())?;
                        removed.push(display_path(&rel));
                    }
                }
            }
        }
    }
    removed.sort();
    Ok(removed)
}

fn is_stale(pid: u32, path: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return pid != std::process::id() && !proc.join(pid.to_string()).exists();
    }
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 600)
}

fn display_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(display_name(n)),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Temporary files being written right now, removed by
/// [`remove_in_flight_temporaries`] when the process is interrupted.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Removes every temporary file a write of this process has in flight, and
/// keeps the lock so no write can rename one afterwards. For a signal
/// handler that then exits the process; it must not return to writing.
pub fn remove_in_flight_temporaries() -> impl Drop {
    let guard = IN_FLIGHT.lock().unwrap_or_else(|p| p.into_inner());
    for tmp in guard.iter() {
        let _ = std::fs::remove_file(tmp);
    }
    guard
}

fn in_flight(add: Option<&Path>, remove: Option<&Path>) {
    let mut guard = IN_FLIGHT.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(p) = remove {
        guard.retain(|q| q != p);
    }
    if let Some(p) = add {
        guard.push(p.to_path_buf());
    }
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
        ".{}.{}{TEMPORARY_SUFFIX}",
        name.to_string_lossy(),
        std::process::id()
    ));
    in_flight(Some(&tmp), None);
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
        // Under the lock, so that an interrupt either removes the temporary
        // file before the rename or finds it already renamed.
        let _guard = IN_FLIGHT.lock().unwrap_or_else(|p| p.into_inner());
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    in_flight(None, Some(&tmp));
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_carry_their_pid() {
        assert_eq!(temporary_pid(".a.json.123.astana-tmp"), Some(123));
        assert_eq!(temporary_pid(".a.json.x.astana-tmp"), None);
        assert_eq!(temporary_pid("a.json.123.astana-tmp"), None);
        assert_eq!(temporary_pid(".a.json.123.tmp"), None);
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_shown_apart() {
        use std::os::unix::ffi::OsStrExt as _;
        let a = display_name(OsStr::from_bytes(b"a\xff.json"));
        let b = display_name(OsStr::from_bytes(b"a\xfe.json"));
        assert_eq!(a, "a\\xFF.json");
        assert_ne!(a, b);
        assert_eq!(display_name(OsStr::new("أستانا.json")), "أستانا.json");
    }
}
