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
//! Every read and write under a folder goes through a [`Root`]: the folder
//! opened once as a handle, below which each path is walked one component
//! at a time with `openat(O_NOFOLLOW)`. A link at any component, including
//! one swapped in while the command runs, ends the walk; nothing can leave
//! the root. A command opens one root for its data folder and one for its
//! output folder, so a new command inherits this by using them.
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
/// choice and is trusted. Opens `root` as a [`Root`] for this one read.
pub fn read_in(root: &Path, rel: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
    Root::open(root).map_err(ReadError::Io)?.read(rel, limit)
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
    read_opened(file, meta.len(), limit)
}

/// The bytes of an opened regular file of `size` bytes (as its handle said):
/// the file may grow while it is read, so never more than `limit + 1`.
fn read_opened(file: std::fs::File, size: u64, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    read_opened_into(file, size, limit, &mut bytes)?;
    Ok(bytes)
}

/// [`read_opened`] into `bytes`, whose contents are replaced. Its bytes
/// are reused as they are: zeroing a buffer for every file was 3.5% of
/// `validate`'s instructions, and only the part past what an earlier file
/// used is zeroed now.
fn read_opened_into(
    mut file: std::fs::File,
    size: u64,
    limit: u64,
    bytes: &mut Vec<u8>,
) -> Result<(), ReadError> {
    // A buffer one byte larger than the file was: the first read fills the
    // file, the next sees its end. (`read_to_end` through `take` knows no
    // size and reads 8 KiB, then 16, and so on: 3.4 reads a file here.) A
    // file that grew meanwhile gets a larger buffer, never past the limit.
    let most = limit.saturating_add(1);
    let first = size.min(limit).saturating_add(1);
    bytes.resize(usize::try_from(first).unwrap_or(usize::MAX), 0);
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            if filled as u64 >= most {
                break;
            }
            let grown = (bytes.len() as u64).saturating_mul(2).min(most);
            bytes.resize(usize::try_from(grown).unwrap_or(usize::MAX), 0);
        }
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(ReadError::Io(e)),
        }
    }
    bytes.truncate(filled);
    if filled as u64 > limit {
        return Err(ReadError::TooLarge {
            size: filled as u64,
            limit,
        });
    }
    Ok(())
}

/// No data folder was named and none was found: the folders searched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoDataFolder {
    /// Each `<folder>/data/manifest.json` looked for, nearest first.
    pub searched: Vec<PathBuf>,
}

impl fmt::Display for NoDataFolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no data folder: found no data/manifest.json in ")?;
        match self.searched.as_slice() {
            [] => f.write_str("any folder"),
            [only] => write!(f, "{}", only.display()),
            [first, .., last] => write!(
                f,
                "{} or any folder above it, up to {} ({} folders)",
                first.display(),
                last.display(),
                self.searched.len()
            ),
        }
    }
}

impl std::error::Error for NoDataFolder {}

/// The one rule for a command's data folder when none is named: the
/// nearest `data/` holding a `manifest.json`, from `start` upward, as
/// cargo finds `Cargo.toml`. From inside `data/` or any folder below it,
/// that is the same `data/`. The folder the tool was built from is never a
/// default, and neither is the corpus compiled into it.
pub fn find_data_folder(start: &Path) -> Result<PathBuf, NoDataFolder> {
    let mut searched = Vec::new();
    for folder in start.ancestors() {
        let data = folder.join("data");
        if std::fs::symlink_metadata(data.join("manifest.json")).is_ok_and(|m| m.is_file()) {
            return Ok(data);
        }
        searched.push(folder.to_path_buf());
    }
    Err(NoDataFolder { searched })
}

/// A regular file of at most `limit` bytes, or why not.
fn regular_within(meta: &std::fs::Metadata, limit: u64) -> Result<(), ReadError> {
    regular_within_raw(
        meta.is_file(),
        describe(meta.file_type()),
        meta.len(),
        limit,
    )
}

/// [`regular_within`] from what a `stat` said.
fn regular_within_raw(
    regular: bool,
    what: &'static str,
    size: u64,
    limit: u64,
) -> Result<(), ReadError> {
    if !regular {
        return Err(ReadError::NotRegular(what));
    }
    if size > limit {
        return Err(ReadError::TooLarge { size, limit });
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
    match Root::open(data_dir) {
        Ok(root) => root.list_articles(),
        // A missing folder has no entries; reading its manifest says so.
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Listing::default()),
        Err(e) => Err(e),
    }
}

/// Every data file of `data_dir`, in the order they are loaded:
/// `manifest.json`, `entities.json`, `retired.json` when there is one, then
/// [`list_articles`]. `retired.json` is listed when anything by that name
/// exists, so that a link or a device there is reported by the reader.
pub fn list_data_files(data_dir: &Path) -> io::Result<Listing> {
    let mut listing = list_articles(data_dir)?;
    let mut files = vec!["manifest.json".to_owned(), "entities.json".to_owned()];
    if std::fs::symlink_metadata(data_dir.join("retired.json")).is_ok() {
        files.push("retired.json".to_owned());
    }
    files.append(&mut listing.files);
    listing.files = files;
    Ok(listing)
}

/// What a folder entry is, as the listing sees it (links never followed).
#[derive(Clone, Copy, Debug)]
enum EntryKind {
    File,
    Folder,
    /// Anything else, described for messages.
    Other(&'static str),
}

impl Root {
    /// [`list_articles`] of this root.
    pub fn list_articles(&self) -> io::Result<Listing> {
        let mut listing = Listing::default();
        let top = imp::Folder::root(self);
        let mut articles = None;
        for (name, kind) in imp::entries(&top)? {
            if let Some(name) = name.to_str() {
                if temporary_pid(name).is_some() {
                    listing
                        .unexpected
                        .push((name.to_owned(), TEMPORARY_REASON.to_owned()));
                }
                if name == "articles" {
                    articles = Some(kind);
                }
            }
        }
        match articles {
            Some(EntryKind::Folder) => {}
            Some(kind) => {
                let what = match kind {
                    EntryKind::File => "a regular file",
                    EntryKind::Other(what) => what,
                    EntryKind::Folder => unreachable!("matched above"),
                };
                listing.unexpected.push((
                    "articles".to_owned(),
                    format!("{what}, where the folder of articles should be"),
                ));
                return Ok(sorted(listing));
            }
            None => return Ok(listing),
        }
        let articles = top
            .child("articles", false, || "articles".to_owned())
            .map_err(read_error_to_io)?;
        let mut stack = vec![(articles, "articles".to_owned())];
        while let Some((folder, shown_dir)) = stack.pop() {
            for (name, kind) in imp::entries(&folder)? {
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
                let is_json = shown_name.ends_with(".json");
                match (name.to_str(), kind) {
                    (None, kind) => {
                        let what = match kind {
                            EntryKind::File => "a regular file",
                            EntryKind::Folder => "a folder",
                            EntryKind::Other(what) => what,
                        };
                        listing.unexpected.push((
                            shown,
                            format!("{what} whose name is not valid UTF-8 (bytes shown as \\xNN)"),
                        ));
                    }
                    (Some(_), EntryKind::Folder) if is_json => listing
                        .unexpected
                        .push((shown, "a folder named like a data file".to_owned())),
                    (Some(name), EntryKind::Folder) => {
                        let child = folder
                            .child(name, false, || shown.clone())
                            .map_err(read_error_to_io)?;
                        stack.push((child, shown));
                    }
                    (Some(_), EntryKind::File) if is_json => listing.files.push(shown),
                    (Some(_), EntryKind::File) => listing
                        .unexpected
                        .push((shown, "not a `.json` data file".to_owned())),
                    (Some(_), EntryKind::Other(what)) => {
                        listing.unexpected.push((shown, what.to_owned()))
                    }
                }
            }
        }
        Ok(sorted(listing))
    }
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
///
/// The folder is opened as a [`Root`] and the file written through it, as
/// every command's writes are.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match path.file_name().and_then(OsStr::to_str) {
        Some(name) => Root::open(folder)?.write_atomic(name, contents),
        None => write_atomic_with(path, contents, |_| Ok(())),
    }
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
            // The caller names the path; saying it twice helps no one.
            "it is a symbolic link, and links are never written through: remove the link first",
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

/// A folder opened once, through which every read and write below it goes.
///
/// The folder itself is named by the user and trusted (links in its own
/// path are followed, as a shell would). Below it, each path is walked one
/// component at a time from the open handle with `O_NOFOLLOW`, so a
/// symbolic link at any depth, or a folder replaced by one while a command
/// runs, stops the walk instead of leading out of the root. Paths are
/// `/`-separated and relative; `.`, `..` and empty components are refused.
#[derive(Debug)]
pub struct Root {
    path: PathBuf,
    #[cfg(unix)]
    handle: std::os::fd::OwnedFd,
    /// The most bytes writes through this root may add up to, and what
    /// they added up to so far.
    budget: Option<(u64, std::sync::atomic::AtomicU64)>,
}

/// A path relative to a root, split into its folders and its name, with
/// `.`, `..` and empty components refused.
fn split_relative(rel: &str) -> Result<(Vec<&str>, &str), ReadError> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || *p == "." || *p == ".." || p.contains('\0'))
    {
        return Err(ReadError::OutsideRoot);
    }
    let name = parts.pop().ok_or(ReadError::OutsideRoot)?;
    Ok((parts, name))
}

fn read_error_to_io(e: ReadError) -> io::Error {
    match e {
        ReadError::Io(e) => e,
        other => io::Error::new(io::ErrorKind::InvalidInput, other.to_string()),
    }
}

impl Root {
    /// Opens the existing folder `path`.
    pub fn open(path: &Path) -> io::Result<Root> {
        Ok(Root {
            path: path.to_path_buf(),
            #[cfg(unix)]
            handle: rustix::fs::open(
                path,
                rustix::fs::OFlags::RDONLY
                    | rustix::fs::OFlags::DIRECTORY
                    | rustix::fs::OFlags::CLOEXEC,
                rustix::fs::Mode::empty(),
            )?,
            budget: None,
        })
    }

    /// This root, refusing any write that would take the bytes written
    /// through it past `max_bytes`: the output budget of a command, so
    /// that no input can make it write without bound.
    pub fn with_budget(mut self, max_bytes: u64) -> Root {
        self.budget = Some((max_bytes, std::sync::atomic::AtomicU64::new(0)));
        self
    }

    /// Counts `len` more bytes against the budget, or says why not.
    fn spend(&self, rel: &str, len: usize) -> io::Result<()> {
        use std::sync::atomic::Ordering;
        let Some((max, used)) = &self.budget else {
            return Ok(());
        };
        let before = used.fetch_add(len as u64, Ordering::SeqCst);
        if before.saturating_add(len as u64) > *max {
            used.fetch_sub(len as u64, Ordering::SeqCst);
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!(
                    "{rel} ({len} bytes) would take the output past its budget of {max} bytes ({before} written so far); nothing more is written"
                ),
            ));
        }
        Ok(())
    }

    /// Creates the folder `path` (and the folders above it) if missing,
    /// then opens it: for a command's output folder.
    pub fn create(path: &Path) -> io::Result<Root> {
        std::fs::create_dir_all(path)?;
        Root::open(path)
    }

    /// The folder as the user named it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `rel` as a path on disk, for messages.
    pub fn display(&self, rel: &str) -> PathBuf {
        self.path.join(rel)
    }

    /// Reads the regular file `rel`, of at most `limit` bytes.
    pub fn read(&self, rel: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
        let (folders, name) = split_relative(rel)?;
        let folder = self.walk(&folders, false)?;
        let mut bytes = Vec::new();
        imp::read_at(&folder, name, &shown_at(&folders, name), limit, &mut bytes)?;
        Ok(bytes)
    }

    /// A reader of many files below this root that keeps the folder of
    /// the last file open: files of one folder are then read with one
    /// `openat` each, instead of one for the root and one for each folder on
    /// their path. The folder kept is the one the walk opened, so a folder
    /// replaced by a link meanwhile is never followed.
    pub fn reader(&self) -> RootReader<'_> {
        RootReader {
            root: self,
            last: None,
            buffer: Vec::new(),
        }
    }

    /// Writes `contents` to `rel` atomically (see [`write_atomic`]),
    /// creating the folders on the way; refuses a link at any component.
    /// Counts against the budget given by [`Root::with_budget`], if any.
    pub fn write_atomic(&self, rel: &str, contents: &[u8]) -> io::Result<()> {
        let (folders, name) = split_relative(rel).map_err(read_error_to_io)?;
        self.spend(rel, contents.len())?;
        let folder = self.walk(&folders, true).map_err(read_error_to_io)?;
        let mut on_disk = self.path.clone();
        on_disk.extend(&folders);
        imp::write_at(&folder, &on_disk, name, contents)
    }

    /// The folder `rel` below the root, walked without following links,
    /// created on the way when `create` is set.
    fn walk(&self, folders: &[&str], create: bool) -> Result<imp::Folder<'_>, ReadError> {
        let mut folder = imp::Folder::root(self);
        for (i, part) in folders.iter().enumerate() {
            folder = folder.child(part, create, || folders[..=i].join("/"))?;
        }
        Ok(folder)
    }
}

/// Reads files below a [`Root`], keeping the last folder open (see
/// [`Root::reader`]). One per thread.
pub struct RootReader<'a> {
    root: &'a Root,
    /// The last file's folder, as the `/`-terminated prefix of its path
    /// (empty for the root), and its handle.
    last: Option<(String, imp::Folder<'a>)>,
    /// The buffer [`RootReader::read_reused`] reads into.
    buffer: Vec<u8>,
}

/// The largest buffer a [`RootReader`] keeps between files: one large
/// file must not hold its size for the rest of a run.
const KEPT_BUFFER: usize = 1 << 20;

impl RootReader<'_> {
    /// Reads the regular file `rel`, of at most `limit` bytes, as
    /// [`Root::read`] does.
    pub fn read(&mut self, rel: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
        let mut bytes = Vec::new();
        self.read_into(rel, limit, &mut bytes)?;
        Ok(bytes)
    }

    /// [`RootReader::read`] into a buffer the reader keeps and reuses from
    /// file to file, so that reading many files allocates and zeroes
    /// almost nothing.
    pub fn read_reused(&mut self, rel: &str, limit: u64) -> Result<&[u8], ReadError> {
        let mut buffer = std::mem::take(&mut self.buffer);
        if buffer.capacity() > KEPT_BUFFER {
            buffer = Vec::new();
        }
        let read = self.read_into(rel, limit, &mut buffer);
        self.buffer = buffer;
        read.map(|()| &self.buffer[..])
    }

    fn read_into(&mut self, rel: &str, limit: u64, bytes: &mut Vec<u8>) -> Result<(), ReadError> {
        let (folders, name) = split_relative(rel)?;
        let prefix = &rel[..rel.len() - name.len()];
        let shown = shown_at(&folders, name);
        if let Some((kept, folder)) = &self.last {
            if kept == prefix {
                return imp::read_at(folder, name, &shown, limit, bytes);
            }
        }
        let folder = self.root.walk(&folders, false)?;
        let read = imp::read_at(&folder, name, &shown, limit, bytes);
        self.last = Some((prefix.to_owned(), folder));
        read
    }
}

fn shown_at(folders: &[&str], name: &str) -> String {
    let mut shown = folders.join("/");
    if !shown.is_empty() {
        shown.push('/');
    }
    shown.push_str(name);
    shown
}

#[cfg(unix)]
mod imp {
    //! The walk on Unix: `openat` from a handle, never following a link.
    use std::io::{self, Write as _};
    use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
    use std::path::Path;

    use rustix::fs::{AtFlags, FileType, Mode, OFlags};
    use rustix::io::Errno;

    use super::{
        in_flight, regular_within_raw, EntryKind, ReadError, Root, IN_FLIGHT, TEMPORARY_SUFFIX,
    };

    /// A folder reached from a root: the root's own handle, or one opened
    /// below it.
    pub(super) enum Folder<'a> {
        Root(BorrowedFd<'a>),
        Below(OwnedFd),
    }

    impl<'a> Folder<'a> {
        pub(super) fn root(root: &'a Root) -> Self {
            Folder::Root(root.handle.as_fd())
        }

        pub(super) fn fd(&self) -> BorrowedFd<'_> {
            match self {
                Folder::Root(fd) => *fd,
                Folder::Below(fd) => fd.as_fd(),
            }
        }

        /// The folder `name` in this one: never through a link; created
        /// first when missing and `create` is set.
        pub(super) fn child(
            &self,
            name: &str,
            create: bool,
            shown: impl Fn() -> String,
        ) -> Result<Folder<'a>, ReadError> {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let open = || rustix::fs::openat(self.fd(), name, flags, Mode::empty());
            let opened = match open() {
                Err(Errno::NOENT) if create => {
                    match rustix::fs::mkdirat(self.fd(), name, Mode::from_raw_mode(0o777)) {
                        Ok(()) | Err(Errno::EXIST) => open(),
                        Err(e) => Err(e),
                    }
                }
                other => other,
            };
            match opened {
                Ok(fd) => Ok(Folder::Below(fd)),
                // O_NOFOLLOW on a link gives ELOOP; a file where a folder
                // should be gives ENOTDIR: say which.
                Err(Errno::LOOP) | Err(Errno::NOTDIR) => {
                    match rustix::fs::statat(self.fd(), name, AtFlags::SYMLINK_NOFOLLOW) {
                        Ok(st) if FileType::from_raw_mode(st.st_mode) == FileType::Symlink => {
                            Err(ReadError::Symlink { at: shown() })
                        }
                        _ => Err(ReadError::Io(io::Error::new(
                            io::ErrorKind::NotFound,
                            format!("{} is not a folder", shown()),
                        ))),
                    }
                }
                Err(e) => Err(ReadError::Io(e.into())),
            }
        }
    }

    /// What a file type is, for messages.
    pub(super) fn describe(kind: FileType) -> &'static str {
        match kind {
            FileType::Fifo => "a FIFO (named pipe)",
            FileType::Socket => "a socket",
            FileType::CharacterDevice => "a character device",
            FileType::BlockDevice => "a block device",
            FileType::Symlink => "a symbolic link (links are never followed)",
            FileType::Directory => "a folder",
            FileType::RegularFile => "a regular file",
            _ => "not a regular file",
        }
    }

    /// Reads the regular file `name` in `folder`.
    pub(super) fn read_at(
        folder: &Folder<'_>,
        name: &str,
        shown: &str,
        limit: u64,
        bytes: &mut Vec<u8>,
    ) -> Result<(), ReadError> {
        let st = rustix::fs::statat(folder.fd(), name, AtFlags::SYMLINK_NOFOLLOW)
            .map_err(|e| ReadError::Io(e.into()))?;
        let kind = FileType::from_raw_mode(st.st_mode);
        if kind == FileType::Symlink {
            return Err(ReadError::Symlink {
                at: shown.to_owned(),
            });
        }
        // Refused before opening: a FIFO or a device is never opened.
        regular_within_raw(
            kind == FileType::RegularFile,
            describe(kind),
            st.st_size as u64,
            limit,
        )?;
        let flags =
            OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(folder.fd(), name, flags, Mode::empty()).map_err(|e| {
            if e == Errno::LOOP {
                ReadError::Symlink {
                    at: shown.to_owned(),
                }
            } else {
                ReadError::Io(e.into())
            }
        })?;
        // The entry may have changed since it was looked at: decide again
        // on what was actually opened.
        let st = rustix::fs::fstat(&fd).map_err(|e| ReadError::Io(e.into()))?;
        let kind = FileType::from_raw_mode(st.st_mode);
        regular_within_raw(
            kind == FileType::RegularFile,
            describe(kind),
            st.st_size as u64,
            limit,
        )?;
        super::read_opened_into(std::fs::File::from(fd), st.st_size as u64, limit, bytes)
    }

    /// Writes `name` in `folder` through a synced temporary file renamed
    /// over it; `on_disk` is the folder's path, for the signal handler.
    pub(super) fn write_at(
        folder: &Folder<'_>,
        on_disk: &Path,
        name: &str,
        contents: &[u8],
    ) -> io::Result<()> {
        let existing = match rustix::fs::statat(folder.fd(), name, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) => Some(st),
            Err(Errno::NOENT) => None,
            Err(e) => return Err(e.into()),
        };
        if let Some(st) = &existing {
            if FileType::from_raw_mode(st.st_mode) == FileType::Symlink {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "it is a symbolic link, and links are never written through: remove the link first",
                ));
            }
        }
        let tmp = format!(".{name}.{}{TEMPORARY_SUFFIX}", std::process::id());
        let tmp_on_disk = on_disk.join(&tmp);
        in_flight(Some(&tmp_on_disk), None);
        let result = (|| {
            let fd = rustix::fs::openat(
                folder.fd(),
                tmp.as_str(),
                OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                Mode::from_raw_mode(0o666),
            )?;
            if let Some(st) = &existing {
                rustix::fs::fchmod(&fd, Mode::from_raw_mode(st.st_mode & 0o7777))?;
            }
            let mut file = std::fs::File::from(fd);
            file.write_all(contents)?;
            file.flush()?;
            file.sync_all()?;
            drop(file);
            // Under the lock, so that an interrupt either removes the
            // temporary file before the rename or finds it already renamed.
            let _guard = IN_FLIGHT.lock().unwrap_or_else(|p| p.into_inner());
            rustix::fs::renameat(folder.fd(), tmp.as_str(), folder.fd(), name)?;
            Ok(())
        })();
        if result.is_err() {
            let _ = rustix::fs::unlinkat(folder.fd(), tmp.as_str(), AtFlags::empty());
        }
        in_flight(None, Some(&tmp_on_disk));
        result
    }

    /// The entries of `folder`: (name, kind), the kind looked up without
    /// following links where the file system does not give it.
    pub(super) fn entries(folder: &Folder<'_>) -> io::Result<Vec<(std::ffi::OsString, EntryKind)>> {
        use std::os::unix::ffi::OsStrExt as _;
        let mut out = Vec::new();
        for entry in rustix::fs::Dir::read_from(folder.fd())? {
            let entry = entry?;
            let bytes = entry.file_name().to_bytes();
            if bytes == b"." || bytes == b".." {
                continue;
            }
            let name = std::ffi::OsStr::from_bytes(bytes).to_os_string();
            let kind = match entry.file_type() {
                FileType::Unknown => FileType::from_raw_mode(
                    rustix::fs::statat(folder.fd(), entry.file_name(), AtFlags::SYMLINK_NOFOLLOW)?
                        .st_mode,
                ),
                known => known,
            };
            let kind = match kind {
                FileType::RegularFile => EntryKind::File,
                FileType::Directory => EntryKind::Folder,
                other => EntryKind::Other(describe(other)),
            };
            out.push((name, kind));
        }
        Ok(out)
    }
}

#[cfg(not(unix))]
mod imp {
    //! The walk elsewhere: paths checked with `symlink_metadata` just
    //! before each use (no `openat`).
    use std::io;
    use std::path::{Path, PathBuf};

    use super::{describe, EntryKind, ReadError, Root};

    pub(super) struct Folder<'a>(PathBuf, std::marker::PhantomData<&'a ()>);

    impl<'a> Folder<'a> {
        pub(super) fn root(root: &'a Root) -> Self {
            Folder(root.path.clone(), std::marker::PhantomData)
        }

        pub(super) fn child(
            &self,
            name: &str,
            create: bool,
            shown: impl Fn() -> String,
        ) -> Result<Folder<'a>, ReadError> {
            let path = self.0.join(name);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.file_type().is_symlink() => Err(ReadError::Symlink { at: shown() }),
                Ok(m) if m.is_dir() => Ok(Folder(path, std::marker::PhantomData)),
                Ok(_) => Err(ReadError::Io(io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("{} is not a folder", shown()),
                ))),
                Err(e) if e.kind() == io::ErrorKind::NotFound && create => {
                    std::fs::create_dir(&path).map_err(ReadError::Io)?;
                    Ok(Folder(path, std::marker::PhantomData))
                }
                Err(e) => Err(ReadError::Io(e)),
            }
        }
    }

    pub(super) fn read_at(
        folder: &Folder<'_>,
        name: &str,
        _shown: &str,
        limit: u64,
        bytes: &mut Vec<u8>,
    ) -> Result<(), ReadError> {
        *bytes = super::read_file(&folder.0.join(name), limit)?;
        Ok(())
    }

    pub(super) fn write_at(
        folder: &Folder<'_>,
        _on_disk: &Path,
        name: &str,
        contents: &[u8],
    ) -> io::Result<()> {
        // The path-based writer: `write_atomic` itself goes through a
        // `Root`, which would come back here.
        super::write_atomic_with(&folder.0.join(name), contents, |_| Ok(()))
    }

    pub(super) fn entries(folder: &Folder<'_>) -> io::Result<Vec<(std::ffi::OsString, EntryKind)>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(&folder.0)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            let kind = if kind.is_file() {
                EntryKind::File
            } else if kind.is_dir() {
                EntryKind::Folder
            } else {
                EntryKind::Other(describe(kind))
            };
            out.push((entry.file_name(), kind));
        }
        Ok(out)
    }
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

    #[test]
    fn the_data_folder_is_the_nearest_data_with_a_manifest_upward() {
        let top = std::env::temp_dir().join(format!("astana-find-{}", std::process::id()));
        let deep = top.join("fork/data/articles/outlet");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::create_dir_all(top.join("fork/docs")).unwrap();
        // No manifest yet: nothing found, every folder named.
        let none = find_data_folder(&deep).unwrap_err();
        assert_eq!(none.searched[0], deep);
        assert!(none.searched.contains(&top));
        std::fs::write(top.join("fork/data/manifest.json"), "{}").unwrap();
        for from in [
            top.join("fork"),
            top.join("fork/docs"),
            top.join("fork/data"),
            deep.clone(),
        ] {
            assert_eq!(
                find_data_folder(&from).unwrap(),
                top.join("fork/data"),
                "{from:?}"
            );
        }
        // The nearest wins: a corpus inside another.
        std::fs::create_dir_all(top.join("fork/docs/inner/data")).unwrap();
        std::fs::write(top.join("fork/docs/inner/data/manifest.json"), "{}").unwrap();
        assert_eq!(
            find_data_folder(&top.join("fork/docs/inner")).unwrap(),
            top.join("fork/docs/inner/data")
        );
        std::fs::remove_dir_all(top).unwrap();
    }

    #[test]
    fn a_root_with_a_budget_refuses_the_write_that_passes_it() {
        let dir = std::env::temp_dir().join(format!("astana-budget-{}", std::process::id()));
        let root = Root::create(&dir).unwrap().with_budget(10);
        root.write_atomic("a/one", b"123456").unwrap();
        let err = root.write_atomic("a/two", b"12345").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::FileTooLarge);
        assert!(
            err.to_string()
                .contains("budget of 10 bytes (6 written so far)"),
            "{err}"
        );
        assert!(!dir.join("a/two").exists());
        // What is left of the budget can still be spent.
        root.write_atomic("a/three", b"1234").unwrap();
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_any_depth_below_a_root_stops_the_walk() {
        let dir = std::env::temp_dir().join(format!("astana-root-links-{}", std::process::id()));
        let outside = dir.join("outside");
        std::fs::create_dir_all(outside.join("deeper")).unwrap();
        std::fs::write(outside.join("deeper/file.json"), "{}").unwrap();
        for depth in 0..3 {
            let root_dir = dir.join(format!("root{depth}"));
            let mut parent = root_dir.clone();
            for level in 0..depth {
                parent.push(format!("d{level}"));
            }
            std::fs::create_dir_all(&parent).unwrap();
            std::os::unix::fs::symlink(&outside, parent.join("link")).unwrap();
            let root = Root::open(&root_dir).unwrap();
            let mut rel: Vec<String> = (0..depth).map(|l| format!("d{l}")).collect();
            rel.extend(["link".into(), "deeper".into(), "file.json".into()]);
            let rel = rel.join("/");
            assert!(
                matches!(root.read(&rel, 100), Err(ReadError::Symlink { .. })),
                "{rel}"
            );
            let err = root.write_atomic(&rel, b"x").unwrap_err();
            assert!(err.to_string().contains("symbolic link"), "{rel}: {err}");
        }
        assert_eq!(
            std::fs::read(outside.join("deeper/file.json")).unwrap(),
            b"{}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    /// The reader that keeps a folder open reads what `Root::read` reads,
    /// in any order of folders, and refuses the same links, pipes and
    /// climbs; a folder swapped for a link after it was opened is never
    /// followed, since the handle kept is the folder that was walked.
    #[cfg(unix)]
    #[test]
    fn a_reader_keeping_its_folder_reads_and_refuses_what_read_does() {
        let dir = std::env::temp_dir().join(format!("astana-root-reader-{}", std::process::id()));
        let outside = dir.join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("x.json"), "outside").unwrap();
        let data = dir.join("data");
        for folder in ["articles/a", "articles/b"] {
            std::fs::create_dir_all(data.join(folder)).unwrap();
            for name in ["1.json", "2.json"] {
                std::fs::write(data.join(folder).join(name), format!("{folder}/{name}")).unwrap();
            }
        }
        std::fs::write(data.join("manifest.json"), "m").unwrap();
        // Over the limit of 100 used below, between shorter files.
        std::fs::write(data.join("articles/b/big.json"), "b".repeat(150)).unwrap();
        std::os::unix::fs::symlink(&outside, data.join("articles/linked")).unwrap();
        std::os::unix::fs::symlink(outside.join("x.json"), data.join("articles/a/link.json"))
            .unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(data.join("articles/a/pipe.json"))
            .status()
            .unwrap();
        assert!(made.success());
        let root = Root::open(&data).unwrap();
        let mut reader = root.reader();
        let order = [
            "articles/a/1.json",
            "articles/a/2.json",
            "manifest.json",
            "articles/b/1.json",
            "articles/a/1.json",
            "articles/b/big.json",
            "manifest.json",
            "articles/linked/x.json",
            "articles/a/link.json",
            "articles/a/pipe.json",
            "articles/b/2.json",
            "articles/../manifest.json",
            "articles/a/missing.json",
            "articles/a/2.json",
        ];
        // The reader that reuses its buffer gives the same bytes, whatever
        // longer file or refused read came before.
        let mut reusing = root.reader();
        for rel in order {
            let kept = reader.read(rel, 100).map_err(|e| e.to_string());
            let fresh = root.read(rel, 100).map_err(|e| e.to_string());
            assert_eq!(kept, fresh, "{rel}");
            let reused = reusing
                .read_reused(rel, 100)
                .map(<[u8]>::to_vec)
                .map_err(|e| e.to_string());
            assert_eq!(reused, fresh, "{rel}, reusing the buffer");
        }
        assert_eq!(
            reader.read("articles/b/2.json", 100).unwrap(),
            b"articles/b/2.json"
        );
        // The kept folder is swapped for a link to the outside: the reader
        // still reads the folder it opened, never the link's target.
        assert_eq!(
            reader.read("articles/b/1.json", 100).unwrap(),
            b"articles/b/1.json"
        );
        std::fs::rename(data.join("articles/b"), data.join("articles/moved")).unwrap();
        std::os::unix::fs::symlink(&outside, data.join("articles/b")).unwrap();
        std::fs::write(outside.join("1.json"), "outside").unwrap();
        assert_eq!(
            reader.read("articles/b/1.json", 100).unwrap(),
            b"articles/b/1.json"
        );
        assert!(matches!(
            root.reader().read("articles/b/1.json", 100),
            Err(ReadError::Symlink { .. })
        ));
        std::fs::remove_dir_all(dir).unwrap();
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
