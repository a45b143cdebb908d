//! Where a command reads and writes: the data folder (named, or found from
//! the current folder upward), the corpus compiled in, and output folders
//! opened through the safe writer.

use std::path::{Path, PathBuf};

use astana_corpus::{Corpus, Progress};

use crate::args::SourceArgs;
use crate::failure::Failure;
use crate::Io;

/// Loads a data folder, telling `progress` how far it has got, or says
/// which folder and why not.
pub(crate) fn load_dir(dir: &Path, progress: &dyn Progress) -> Result<Corpus, Failure> {
    Corpus::from_dir_with_progress(dir, progress).map_err(|source| load_failure(dir, source))
}

fn load_failure(dir: &Path, source: astana_corpus::LoadError) -> Failure {
    Failure::Load {
        dir: dir.to_path_buf(),
        source,
    }
}

/// Opens (creating it if missing) a command's output folder: every file of
/// the command is written through it, never through a link below it, and
/// within the output budget of its input.
pub(crate) fn out_root(out: &Path, input: Input) -> Result<astana_corpus::files::Root, Failure> {
    astana_corpus::files::Root::create(out)
        .map(|root| root.with_budget(output_budget(input)))
        .map_err(|source| Failure::Write {
            path: out.to_path_buf(),
            source,
        })
}

/// What a command read: its data files and their bytes.
#[derive(Clone, Copy)]
pub(crate) struct Input {
    pub(crate) files: u64,
    pub(crate) bytes: u64,
}

impl Input {
    /// The data files in memory (the embedded corpus, or a folder's).
    pub(crate) fn of<P, T: AsRef<[u8]>>(files: &[(P, T)]) -> Input {
        Input {
            files: files.len() as u64,
            bytes: files.iter().map(|(_, b)| b.as_ref().len() as u64).sum(),
        }
    }

    /// A data folder's data files, as listed (never following a link).
    pub(crate) fn of_dir(dir: &Path) -> Input {
        let listed = astana_corpus::validate::data_files(dir).unwrap_or_default();
        Input {
            files: listed.len() as u64,
            bytes: listed
                .iter()
                .filter_map(|rel| std::fs::symlink_metadata(dir.join(rel)).ok())
                .map(|meta| meta.len())
                .sum(),
        }
    }
}

/// The most `review`, `export` or `bundle` writes for its input: 64 MiB,
/// plus 16 KiB a file (a review page for a two-byte file is about 1 KiB),
/// plus 16 times the bytes. Each writes a fixed multiple of what it reads
/// (the review site about 3 times, a bundle with every table about 5
/// times), so only work that grows faster than its input can reach the
/// budget, and then the command stops and says so.
pub(crate) fn output_budget(input: Input) -> u64 {
    (64u64 << 20)
        .saturating_add(input.files.saturating_mul(16 << 10))
        .saturating_add(input.bytes.saturating_mul(16))
}

/// Writes `relative` under an output folder atomically, or says which and
/// why not.
pub(crate) fn write_in(
    root: &astana_corpus::files::Root,
    relative: &str,
    bytes: &[u8],
) -> Result<(), Failure> {
    root.write_atomic(relative, bytes)
        .map_err(|source| Failure::Write {
            path: root.display(relative),
            source,
        })
}

/// Writes a file atomically, or says which and why not.
#[cfg(feature = "bundle")]
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    astana_corpus::files::write_atomic(path, bytes).map_err(|source| Failure::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The data folder a command uses: the one named, or the nearest `data/`
/// with a `manifest.json` from the current folder upward, which it names
/// on standard error; never the folder the tool was built from.
pub(crate) fn data_folder(io: &mut Io<'_>, named: Option<PathBuf>) -> Result<PathBuf, Failure> {
    if let Some(dir) = named {
        return Ok(dir);
    }
    let here = std::env::current_dir().map_err(|source| Failure::Write {
        path: PathBuf::from("."),
        source,
    })?;
    let found = astana_corpus::files::find_data_folder(&here).map_err(Failure::NoDataFolder)?;
    // display_root leaves the current folder empty, as a prefix; named
    // alone, it is `.`.
    let shown = display_root(&found);
    let shown = match shown.trim_end_matches('/') {
        "" => ".",
        folder => folder,
    };
    err!(io,
        "note: data folder {shown}, the nearest data/ with a manifest.json; name a folder to use another"
    );
    Ok(found)
}

/// The folder that holds the data folder, `schema/` and `docs/`.
pub(crate) fn project_folder(io: &mut Io<'_>) -> Result<PathBuf, Failure> {
    let data = data_folder(io, None)?;
    Ok(match data.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    })
}

/// Where `stats`, `export` and `bundle` read: a data folder, or the corpus
/// compiled into the tool when asked for by name.
pub(crate) enum DataSource {
    Folder(PathBuf),
    Embedded,
}

pub(crate) fn source(io: &mut Io<'_>, named: SourceArgs) -> Result<DataSource, Failure> {
    let SourceArgs { data, embedded } = named;
    if embedded {
        err!(
            io,
            "note: the corpus compiled into this tool, version {}",
            astana_corpus::DATA_VERSION
        );
        return Ok(DataSource::Embedded);
    }
    data_folder(io, data).map(DataSource::Folder)
}

impl DataSource {
    pub(crate) fn folder(&self) -> Option<&Path> {
        match self {
            DataSource::Folder(dir) => Some(dir),
            DataSource::Embedded => None,
        }
    }
}

/// How the corpus folder is shown before file paths: as the user wrote it,
/// or relative to the working directory.
pub(crate) fn display_root(dir: &Path) -> String {
    let shown = if dir.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| dir.strip_prefix(cwd).ok().map(Path::to_path_buf))
            .unwrap_or_else(|| dir.to_path_buf())
    } else {
        dir.to_path_buf()
    };
    let shown = shown.to_string_lossy().replace('\\', "/");
    let shown = shown.trim_end_matches('/');
    if shown.is_empty() || shown == "." {
        String::new()
    } else {
        format!("{shown}/")
    }
}

/// The corpus of `--data DIR`, or the embedded one, with the size of its
/// data files (for an output budget). A folder is loaded a file at a time
/// and no file is kept: for the commands that need only the corpus.
pub(crate) fn load_corpus(
    source: &DataSource,
    progress: &dyn Progress,
) -> Result<(std::borrow::Cow<'static, Corpus>, Input), Failure> {
    match source.folder() {
        None => {
            let corpus = Corpus::try_embedded().map_err(Failure::Embedded)?;
            let input = Input::of(astana_corpus::embedded::files());
            Ok((std::borrow::Cow::Borrowed(corpus), input))
        }
        Some(dir) => {
            let corpus = load_dir(dir, progress)?;
            Ok((std::borrow::Cow::Owned(corpus), Input::of_dir(dir)))
        }
    }
}

/// Files as (path relative to their folder, contents).
#[cfg(feature = "bundle")]
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// The corpus of `--data DIR`, or the embedded one, with its data files as
/// (path relative to the data folder, bytes).
#[cfg(feature = "bundle")]
pub(crate) fn load(
    source: &DataSource,
    progress: &dyn Progress,
) -> Result<(Corpus, Files), Failure> {
    match source.folder() {
        None => {
            let corpus = Corpus::try_embedded().map_err(Failure::Embedded)?;
            let files = astana_corpus::embedded::files()
                .iter()
                .map(|(p, t)| ((*p).to_owned(), t.as_bytes().to_vec()))
                .collect();
            Ok((corpus.clone(), files))
        }
        Some(dir) => {
            // Each file is read once: the same texts make the corpus and
            // are the files.
            let texts = astana_corpus::corpus::read_data_files(dir, progress)
                .and_then(|files| files.collect::<Result<Vec<_>, _>>())
                .map_err(|source| load_failure(dir, source))?;
            let corpus = Corpus::from_files(texts.iter().map(|(p, t)| (p.as_str(), t.as_str())))
                .map_err(|source| load_failure(dir, source))?;
            let files = texts
                .into_iter()
                .map(|(path, text)| (path, text.into_bytes()))
                .collect();
            Ok((corpus, files))
        }
    }
}

/// Refuses an output folder that would write into the data it reads, or
/// over the root of the file system.
pub(crate) fn check_out_dir(out: &Path, data: Option<&Path>) -> Result<(), Failure> {
    let out_abs = absolute_existing(out);
    if out_abs.parent().is_none() {
        return Err(Failure::Refused(format!(
            "refusing to write into {}: the root of the file system; name a new folder with --out",
            out.display()
        )));
    }
    let Some(data) = data else {
        return Ok(());
    };
    let data_abs = absolute_existing(data);
    if out_abs.starts_with(&data_abs) {
        return Err(Failure::Refused(format!(
            "refusing to write into {}: it is inside the data folder {}; name a folder outside it with --out",
            out.display(),
            data.display()
        )));
    }
    Ok(())
}

/// `path` made absolute with links resolved as far as it exists, the rest
/// appended, so a folder not yet created still compares correctly.
pub(crate) fn absolute_existing(path: &Path) -> PathBuf {
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            let mut real = real;
            for part in rest.iter().rev() {
                real.push(part);
            }
            return real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return path,
        }
    }
}
