//! The `astana-corpus` command-line tool as a library: [`run`] parses the
//! arguments and runs one command in process, writing to the given
//! streams, as the `astana-corpus` binary does (a thin `main` around it).
//! Other programs, such as a Python package, run the tool through it with
//! no process of their own. Exit codes: 0 success, 1 findings at error
//! level (or stale generated files with `--check`), 2 usage or I/O
//! failure.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use astana_corpus::format::{self, FmtOutcome, Mode};
use astana_corpus::model::{EntityKind, FactKind};
use astana_corpus::schema::{self, DocumentKind};
use astana_corpus::validate;
use astana_corpus::validate::render::{self, DirTexts, Paths};
use astana_corpus::Corpus;
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "astana-corpus",
    version,
    about = "Validate, inspect and maintain the Astana-format corpus"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a data folder against every rule; exit 1 on any error.
    Validate {
        /// The data folder (default: the nearest data/ with a manifest.json, from the current folder upward).
        dir: Option<PathBuf>,
        /// How to print the findings.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Largest data file read, in bytes; larger files are reported unread.
        #[arg(long, value_name = "BYTES", default_value_t = validate::Limits::default().max_file_bytes)]
        max_file_size: u64,
        /// Deepest nesting of arrays and objects accepted.
        #[arg(long, value_name = "N", default_value_t = validate::Limits::default().max_depth)]
        max_depth: usize,
        /// Most findings shown per rule and file; the rest are counted.
        #[arg(long, value_name = "N", default_value_t = validate::Limits::default().max_findings_per_rule)]
        max_findings_per_rule: usize,
    },
    /// Rewrite data files in canonical form and fill evidence offsets from quotes.
    Fmt {
        /// Only report files that are not canonical; exit 1 if any.
        #[arg(long)]
        check: bool,
        /// Files or data folders (default: the nearest data/ with a manifest.json, from the current folder upward).
        paths: Vec<PathBuf>,
    },
    /// Start an article from a received text file: body verbatim, no facts yet.
    New {
        /// The outlet's entity id (the folder under articles/).
        #[arg(long, value_name = "ID")]
        outlet: String,
        /// The article id, `<outlet>-<slug>`.
        #[arg(long, value_name = "ID")]
        id: String,
        /// The text file to read, UTF-8, or `-` for standard input.
        #[arg(long, value_name = "FILE")]
        text: PathBuf,
        /// The article's address.
        #[arg(long)]
        url: Option<String>,
        /// The publication date: YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        published: Option<String>,
        /// BCP 47 language tag of the text.
        #[arg(long, value_name = "CODE", default_value = "ar")]
        language: String,
        /// The data folder (default: the nearest data/ with a manifest.json, from the current folder upward).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
    },
    /// Upgrade format-1 data files to the current format, in place; say what changed.
    Migrate {
        /// Only report what would change; exit 1 if any file needs migrating.
        #[arg(long)]
        check: bool,
        /// Files or data folders (default: the nearest data/ with a manifest.json, from the current folder upward).
        paths: Vec<PathBuf>,
    },
    /// Write a static reviewer site: each article's text with its facts, evidence and findings.
    Review {
        /// The data folder (default: the nearest data/ with a manifest.json, from the current folder upward).
        dir: Option<PathBuf>,
        /// Folder to write the site into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Write the tidy tables (articles, facts, participants, entities, evidence).
    Export {
        /// csv, jsonl or parquet (parquet needs the feature `parquet`).
        #[arg(long, value_enum)]
        format: TableFormat,
        /// Folder to write the tables into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The data folder (default: the nearest data/ with a manifest.json, from the current folder upward).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Use the corpus compiled into this tool instead of a data folder.
        #[arg(long, conflicts_with = "data")]
        embedded: bool,
    },
    /// Write a release bundle: data, schemas, tables, metadata, checksums (feature `bundle`).
    Bundle {
        /// A new or empty folder for the bundle.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The data folder (default: the nearest data/ with a manifest.json, from the current folder upward).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Use the corpus compiled into this tool instead of a data folder.
        #[arg(long, conflicts_with = "data")]
        embedded: bool,
        /// Also write astana-corpus-<version>.tar.gz beside the folder
        /// (reproducible: sorted entries, times from the manifest's `released`).
        #[arg(long)]
        archive: bool,
    },
    /// Show what changed between two data folders or bundles.
    Diff {
        /// The old data folder or bundle.
        old: PathBuf,
        /// The new data folder or bundle.
        new: PathBuf,
        /// human, json or markdown.
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
        /// Also fail (exit 1) when a record of OLD is gone from NEW without an
        /// entry in NEW's retired.json (rule removed-without-retirement).
        #[arg(long)]
        check: bool,
    },
    /// Print counts of articles, facts and entities, and the span of dates.
    Stats {
        /// The data folder (default: the nearest data/ with a manifest.json, from the current folder upward).
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// Use the corpus compiled into this tool instead of a data folder.
        #[arg(long, conflicts_with = "data")]
        embedded: bool,
    },
    /// Write docs/codebook.md, generated from the types' doc comments and the rules.
    Codebook {
        /// Only check that the codebook is current; exit 1 when it is not.
        #[arg(long)]
        check: bool,
    },
    /// Write the JSON Schema files generated from the Rust types.
    Schema {
        /// Only check that the files are current; exit 1 when they are not.
        #[arg(long)]
        check: bool,
        /// Folder of the schema files (default: schema/ beside the nearest
        /// data/ with a manifest.json, from the current folder upward).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Output formats of `validate`.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Findings with their source lines, then a summary.
    Human,
    /// One JSON document (format_version 1).
    Json,
    /// GitHub workflow commands (annotations), then the full list.
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

/// Table formats of `export`.
#[derive(Clone, Copy, ValueEnum)]
enum TableFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// JSON Lines, one object per row.
    Jsonl,
    /// Parquet (snappy), with integer, date and dictionary-encoded columns.
    Parquet,
}

/// Output formats of `diff`.
#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    /// A readable list.
    Human,
    /// One JSON document.
    Json,
    /// A short summary for a pull-request comment.
    Markdown,
}

/// How a command that ran ends: exit 0, or exit 1 for findings at error
/// level (or stale generated files with `--check`).
enum Verdict {
    Clean,
    Findings,
}

/// Why a command could not run (exit 2), with a hint where one helps.
#[derive(Debug)]
enum Failure {
    /// The validator could not run over the folder.
    Validate(validate::Fatal),
    /// A data folder does not load.
    Load {
        dir: PathBuf,
        source: astana_corpus::LoadError,
    },
    /// The corpus compiled into the tool does not load (a release bug).
    Embedded(&'static astana_corpus::LoadError),
    /// A file could not be read through the safe reader.
    Read {
        path: PathBuf,
        source: astana_corpus::files::ReadError,
    },
    /// A file or folder could not be written.
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The command refuses what it was asked (an output folder inside the
    /// data, a bundle of invalid data).
    Refused(String),
    /// No data folder was named and none was found.
    NoDataFolder(astana_corpus::files::NoDataFolder),
    /// The command needs a cargo feature this build left out.
    #[cfg_attr(all(feature = "parquet", feature = "bundle"), allow(dead_code))]
    NotBuilt(Missing),
}

/// A part of the tool that is a cargo feature of `astana-corpus-cli`, left
/// out of the default build so that it compiles 93 crates, not 128.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(all(feature = "parquet", feature = "bundle"), allow(dead_code))]
enum Missing {
    /// `export --format parquet` (arrow-rs and parquet).
    Parquet,
    /// `bundle` (sha2, tar and flate2).
    Bundle,
}

impl Missing {
    fn feature(self) -> &'static str {
        match self {
            Missing::Parquet => "parquet",
            Missing::Bundle => "bundle",
        }
    }
    fn what(self) -> &'static str {
        match self {
            Missing::Parquet => "Parquet tables",
            Missing::Bundle => "the release bundle",
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Validate(e) => write!(f, "{e}"),
            Failure::Load { dir, source } => write!(f, "{}: {source}", dir.display()),
            Failure::Embedded(e) => write!(f, "the embedded corpus does not load: {e}"),
            Failure::Read { path, source } => write!(f, "{}: {source}", path.display()),
            Failure::Write { path, source } => {
                write!(f, "cannot write {}: {source}", path.display())
            }
            Failure::Refused(why) => f.write_str(why),
            Failure::NoDataFolder(none) => write!(f, "{none}"),
            Failure::NotBuilt(missing) => write!(
                f,
                "this astana-corpus was built without the `{}` feature, which writes {}",
                missing.feature(),
                missing.what()
            ),
        }
    }
}

impl Failure {
    /// What to do about it, where the error alone does not say.
    fn hint(&self) -> Option<String> {
        match self {
            Failure::Load { dir, .. } => Some(format!(
                "run `astana-corpus validate {}` for every problem at once",
                dir.display()
            )),
            Failure::NoDataFolder(_) => Some(
                "run the command inside a corpus (a folder whose data/ holds manifest.json), or name the data folder: `astana-corpus validate path/to/data` (`--data DIR` for new, stats, export and bundle; `--embedded` for the corpus compiled into this tool)".into(),
            ),
            Failure::NotBuilt(missing) => Some(format!(
                "install the tool with it: `cargo install astana-corpus-cli --locked --features {0}` (or `--features full` for everything); in a checkout, `cargo run --release --features {0} -- ...`",
                missing.feature()
            )),
            _ => None,
        }
    }
}

impl From<validate::Fatal> for Failure {
    fn from(e: validate::Fatal) -> Self {
        Failure::Validate(e)
    }
}

/// Loads a data folder, or says which and why not.
fn load_dir(dir: &Path) -> Result<Corpus, Failure> {
    Corpus::from_dir(dir).map_err(|source| Failure::Load {
        dir: dir.to_path_buf(),
        source,
    })
}

/// Opens (creating it if missing) a command's output folder: every file of
/// the command is written through it, never through a link below it, and
/// within the output budget of its input.
fn out_root(out: &Path, input: Input) -> Result<astana_corpus::files::Root, Failure> {
    astana_corpus::files::Root::create(out)
        .map(|root| root.with_budget(output_budget(input)))
        .map_err(|source| Failure::Write {
            path: out.to_path_buf(),
            source,
        })
}

/// What a command read: its data files and their bytes.
#[derive(Clone, Copy)]
struct Input {
    files: u64,
    bytes: u64,
}

impl Input {
    /// The data files in memory (the embedded corpus, or a folder's).
    fn of(files: &[(String, Vec<u8>)]) -> Input {
        Input {
            files: files.len() as u64,
            bytes: files.iter().map(|(_, b)| b.len() as u64).sum(),
        }
    }

    /// A data folder's data files, as listed (never following a link).
    fn of_dir(dir: &Path) -> Input {
        let listed = validate::data_files(dir).unwrap_or_default();
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
fn output_budget(input: Input) -> u64 {
    (64u64 << 20)
        .saturating_add(input.files.saturating_mul(16 << 10))
        .saturating_add(input.bytes.saturating_mul(16))
}

/// Writes `relative` under an output folder atomically, or says which and
/// why not.
fn write_in(
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
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    astana_corpus::files::write_atomic(path, bytes).map_err(|source| Failure::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes a line to stdout, ignoring a closed pipe (`| head`), which is not
/// an error. The line may hold untrusted text (ids, names, paths): it is
/// escaped for a terminal, the one place every printed line goes through.
macro_rules! out {
    ($io:expr, $($arg:tt)*) => {{
        let line = format!($($arg)*);
        let _ = writeln!($io.out, "{}", astana_corpus::escape::terminal_line(&line));
    }};
}

/// Writes a line to stderr, escaped as [`out!`] does.
macro_rules! err {
    ($io:expr, $($arg:tt)*) => {{
        let line = format!($($arg)*);
        let _ = writeln!($io.err, "{}", astana_corpus::escape::terminal_line(&line));
    }};
}

/// The data folder a command uses: the one named, or the nearest `data/`
/// with a `manifest.json` from the current folder upward, which it names
/// on standard error; never the folder the tool was built from.
fn data_folder(io: &mut Io<'_>, named: Option<PathBuf>) -> Result<PathBuf, Failure> {
    if let Some(dir) = named {
        return Ok(dir);
    }
    let here = std::env::current_dir().map_err(|source| Failure::Write {
        path: PathBuf::from("."),
        source,
    })?;
    let found = astana_corpus::files::find_data_folder(&here).map_err(Failure::NoDataFolder)?;
    let shown = display_root(&found);
    err!(io,
        "note: data folder {}, the nearest data/ with a manifest.json; name a folder to use another",
        shown.trim_end_matches('/')
    );
    Ok(found)
}

/// The folder that holds the data folder, `schema/` and `docs/`.
fn project_folder(io: &mut Io<'_>) -> Result<PathBuf, Failure> {
    let data = data_folder(io, None)?;
    Ok(match data.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    })
}

/// Where `stats`, `export` and `bundle` read: a data folder, or the corpus
/// compiled into the tool when asked for by name.
enum DataSource {
    Folder(PathBuf),
    Embedded,
}

fn source(io: &mut Io<'_>, data: Option<PathBuf>, embedded: bool) -> Result<DataSource, Failure> {
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
    fn folder(&self) -> Option<&Path> {
        match self {
            DataSource::Folder(dir) => Some(dir),
            DataSource::Embedded => None,
        }
    }
}

/// Where a command writes: its standard output (reports) and standard
/// error (notes, errors and hints).
struct Io<'a> {
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
}

/// Runs the tool with `args` (the first is the program's name, as in
/// `std::env::args_os()`), writing what it prints to `stdout` and
/// `stderr`, and returns its exit code: 0 success, 1 findings at error
/// level, 2 usage or I/O failure. Everything it prints is escaped for a
/// terminal, or for the report's own format.
///
/// It does not install a signal handler: the binary removes in-flight
/// temporary files on Ctrl-C (`astana_corpus::files` has the function
/// for a host program that wants the same).
pub fn run<I, T>(args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut io = Io {
        out: stdout,
        err: stderr,
    };
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` and `--version` are not errors: standard output, exit 0.
            let text = e.render().to_string();
            let stream: &mut dyn Write = if e.use_stderr() { io.err } else { io.out };
            let _ = stream.write_all(text.as_bytes());
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let io = &mut io;
    let code = match run_command(io, cli.command) {
        Ok(Verdict::Clean) => ExitCode::SUCCESS,
        Ok(Verdict::Findings) => ExitCode::from(1),
        Err(failure) => {
            err!(io, "error: {failure}");
            if let Some(hint) = failure.hint() {
                err!(io, "hint: {hint}");
            }
            ExitCode::from(2)
        }
    };
    let _ = io.out.flush();
    let _ = io.err.flush();
    code
}

/// Runs one command.
fn run_command(io: &mut Io<'_>, command: Command) -> Result<Verdict, Failure> {
    match command {
        Command::Validate {
            dir,
            format,
            max_file_size,
            max_depth,
            max_findings_per_rule,
        } => {
            let mut limits = validate::Limits::default();
            limits.max_file_bytes = max_file_size;
            limits.max_depth = max_depth;
            limits.max_findings_per_rule = max_findings_per_rule;
            validate_command(io, dir, format, &limits)
        }
        Command::Fmt { check, paths } => fmt_command(io, check, paths),
        Command::Migrate { check, paths } => migrate_command(io, check, paths),
        Command::Review { dir, out } => review_command(io, dir.as_deref(), &out),
        Command::New {
            outlet,
            id,
            text,
            url,
            published,
            language,
            data,
        } => new_command(
            io,
            NewArgs {
                outlet,
                id,
                text,
                url,
                published,
                language,
                data,
            },
        ),
        Command::Stats { data, embedded } => {
            let source = source(io, data, embedded)?;
            stats(io, &source)
        }
        Command::Export {
            format,
            out,
            data,
            embedded,
        } => {
            // Refused before anything is read or written.
            if matches!(format, TableFormat::Parquet) && cfg!(not(feature = "parquet")) {
                return Err(Failure::NotBuilt(Missing::Parquet));
            }
            let source = source(io, data, embedded)?;
            export_command(io, format, &out, &source)
        }
        Command::Bundle {
            out,
            data,
            embedded,
            archive,
        } => {
            if cfg!(not(feature = "bundle")) {
                return Err(Failure::NotBuilt(Missing::Bundle));
            }
            let source = source(io, data, embedded)?;
            bundle_command(io, &out, &source, archive)
        }
        Command::Diff {
            old,
            new,
            format,
            check,
        } => diff_command(io, &old, &new, format, check),
        Command::Schema { check, dir } => {
            let dir = match dir {
                Some(dir) => dir,
                None => project_folder(io)?.join("schema"),
            };
            schema_command(io, check, &dir)
        }
        Command::Codebook { check } => codebook_command(io, check),
    }
}

/// Writes report text that the renderer already escaped for its channel.
fn write_stdout(io: &mut Io<'_>, text: &str) {
    let _ = io.out.write_all(text.as_bytes());
}

fn stats(io: &mut Io<'_>, source: &DataSource) -> Result<Verdict, Failure> {
    let owned;
    let corpus = match source.folder() {
        None => Corpus::try_embedded().map_err(Failure::Embedded)?,
        Some(dir) => {
            owned = load_dir(dir)?;
            &owned
        }
    };
    let manifest = corpus.manifest();
    out!(
        io,
        "{} {} (schema_version {})",
        manifest.name,
        manifest.version,
        manifest.schema_version
    );
    out!(io, "articles: {}", corpus.articles().len());
    let facts = corpus.fact_counts();
    out!(io, "facts: {}", facts.values().sum::<usize>());
    for kind in FactKind::ALL {
        out!(
            io,
            "  {:<28}{:>5}",
            kind.as_str(),
            facts.get(kind).copied().unwrap_or(0)
        );
    }
    let entities = corpus.entity_counts();
    out!(io, "entities: {}", corpus.entities().len());
    for kind in EntityKind::ALL {
        out!(
            io,
            "  {:<28}{:>5}",
            kind.as_str(),
            entities.get(kind).copied().unwrap_or(0)
        );
    }
    match corpus.date_span() {
        Some((first, last)) => out!(io, "dates of events and statements: {first} to {last}"),
        None => out!(io, "dates of events and statements: none known"),
    }
    Ok(Verdict::Clean)
}

fn schema_command(io: &mut Io<'_>, check: bool, dir: &Path) -> Result<Verdict, Failure> {
    if check {
        let stale = schema::check(dir);
        if stale.is_empty() {
            out!(io, "schema files in {} are current", dir.display());
            return Ok(Verdict::Clean);
        }
        for s in &stale {
            let what = if s.missing { "missing" } else { "out of date" };
            err!(io, "error: {}: {what}", dir.join(s.file).display());
        }
        err!(
            io,
            "hint: run `astana-corpus schema` to regenerate them from the Rust types"
        );
        return Ok(Verdict::Findings);
    }
    let changed = schema::write(dir).map_err(|source| Failure::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    for kind in DocumentKind::ALL {
        let file = kind.schema_file();
        let state = if changed.contains(&file) {
            "written"
        } else {
            "unchanged"
        };
        out!(io, "{}: {state}", dir.join(file).display());
    }
    Ok(Verdict::Clean)
}

/// How the corpus folder is shown before file paths: as the user wrote it,
/// or relative to the working directory.
fn display_root(dir: &Path) -> String {
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

fn validate_command(
    io: &mut Io<'_>,
    dir: Option<PathBuf>,
    format: Format,
    limits: &validate::Limits,
) -> Result<Verdict, Failure> {
    let dir = data_folder(io, dir)?;
    let report = validate::validate_dir_with(&dir, limits)?;
    let root = display_root(&dir);
    let paths = Paths { root: &root };
    let sources = DirTexts {
        dir: &dir,
        limit: limits.max_file_bytes,
    };
    match format {
        Format::Human => write_stdout(io, &render::human(&report, &paths, &sources)),
        Format::Github => write_stdout(io, &render::github(&report, &paths, &sources)),
        // Streamed: a report of a million findings is never one tree.
        Format::Json | Format::Sarif => {
            let mut w = std::io::BufWriter::new(&mut *io.out);
            let _ = match format {
                Format::Json => render::write_json(&report, &paths, &mut w),
                _ => render::write_sarif(&report, &paths, &mut w),
            };
            let _ = w.flush();
        }
    }
    Ok(if report.errors() > 0 {
        Verdict::Findings
    } else {
        Verdict::Clean
    })
}

fn fmt_command(io: &mut Io<'_>, check: bool, paths: Vec<PathBuf>) -> Result<Verdict, Failure> {
    let paths = if paths.is_empty() {
        vec![data_folder(io, None)?]
    } else {
        paths
    };
    if !check {
        // Temporary files whose process is gone were left by an interrupted
        // run (a SIGKILL cannot be caught): remove them before writing.
        for folder in paths.iter().filter(|p| p.is_dir()) {
            let removed =
                astana_corpus::files::remove_stale_temporaries(folder).map_err(|source| {
                    Failure::Write {
                        path: folder.clone(),
                        source,
                    }
                })?;
            for file in removed {
                out!(
                    io,
                    "removed a stale temporary file: {}{file}",
                    display_root(folder)
                );
            }
        }
    }
    let files = format::expand(&paths)?;
    let mode = if check { Mode::Check } else { Mode::Write };
    let (mut changed, mut unchanged) = (0, 0);
    let mut failed = report_unexpected(io, &paths, "not formatted");
    for file in &files {
        let shown = display_root(file);
        let shown = shown.trim_end_matches('/');
        match format::format_file(file, shown, mode) {
            Ok(FmtOutcome::Unchanged) => unchanged += 1,
            Ok(FmtOutcome::Reformatted { filled }) => {
                changed += 1;
                let verb = if check {
                    "would reformat"
                } else {
                    "reformatted"
                };
                let offsets = if filled > 0 {
                    format!(" (filled {filled} evidence offsets)")
                } else {
                    String::new()
                };
                out!(io, "{verb}: {shown}{offsets}");
            }
            Ok(FmtOutcome::Failed(findings)) => {
                failed += 1;
                print_findings(io, file, &findings);
                out!(io, "not formatted: {shown} (fix the findings above)");
            }
            Err(source) => {
                return Err(Failure::Write {
                    path: file.clone(),
                    source,
                })
            }
        }
    }
    let verb = if check {
        "would be reformatted"
    } else {
        "reformatted"
    };
    out!(
        io,
        "fmt: {} files, {changed} {verb}, {unchanged} unchanged, {failed} not formatted",
        files.len()
    );
    if failed > 0 || (check && changed > 0) {
        if check && changed > 0 {
            err!(io, "hint: run `astana-corpus fmt` to rewrite them");
        }
        Ok(Verdict::Findings)
    } else {
        Ok(Verdict::Clean)
    }
}

/// The arguments of `new`.
struct NewArgs {
    outlet: String,
    id: String,
    text: PathBuf,
    url: Option<String>,
    published: Option<String>,
    language: String,
    data: Option<PathBuf>,
}

fn new_command(io: &mut Io<'_>, args: NewArgs) -> Result<Verdict, Failure> {
    use astana_corpus::new_article::{create, NewArticle};
    let limit = validate::Limits::default().max_file_bytes;
    let text = if args.text.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin(), limit + 1),
            &mut bytes,
        )
        .map_err(|source| Failure::Write {
            path: args.text.clone(),
            source,
        })?;
        if bytes.len() as u64 > limit {
            return Err(Failure::Refused(format!(
                "the text on standard input is longer than {limit} bytes"
            )));
        }
        bytes
    } else {
        // The same safe reader as everywhere: no links, pipes or devices.
        astana_corpus::files::read_file(&args.text, limit).map_err(|source| Failure::Read {
            path: args.text.clone(),
            source,
        })?
    };
    let data = data_folder(io, args.data)?;
    let new = NewArticle {
        outlet: &args.outlet,
        id: &args.id,
        text: &text,
        url: args.url.as_deref(),
        published: args.published.as_deref(),
        language: &args.language,
    };
    let created = create(&data, &new).map_err(|e| Failure::Refused(e.to_string()))?;
    let shown = format!("{}{}", display_root(&data), created.path);
    out!(
        io,
        "created {shown} ({} code points, no facts yet)",
        created.chars
    );
    if created.bom_removed {
        out!(
            io,
            "note: the text began with a byte order mark, which is not text; it was dropped"
        );
    }
    if created.normalized {
        out!(
            io,
            "note: the text was not in Unicode NFC; it was normalised, and a text note says so"
        );
    }
    if !created.outlet_known {
        out!(
            io,
            "note: `{}` is not an outlet in {}entities.json; add it there:",
            args.outlet,
            display_root(&data)
        );
        out!(io,
            "  {{\"id\": \"{}\", \"kind\": \"outlet\", \"name\": {{\"en\": \"…\", \"ar\": \"…\"}}}}",
            args.outlet
        );
    }
    out!(
        io,
        "next: add facts with their evidence as quotes (CONTRIBUTING.md, step 5), then"
    );
    out!(io, "  astana-corpus fmt {shown}");
    out!(
        io,
        "  astana-corpus validate {}",
        display_root(&data).trim_end_matches('/')
    );
    out!(
        io,
        "  astana-corpus review {} --out review/",
        display_root(&data).trim_end_matches('/')
    );
    Ok(Verdict::Clean)
}

fn review_command(io: &mut Io<'_>, dir: Option<&Path>, out: &Path) -> Result<Verdict, Failure> {
    let dir = data_folder(io, dir.map(Path::to_path_buf))?;
    check_out_dir(out, Some(&dir))?;
    let report = validate::validate_dir(&dir)?;
    let files = astana_corpus::review::site(&dir, &report);
    let site = out_root(out, Input::of_dir(&dir))?;
    for (relative, contents) in &files {
        write_in(&site, relative, contents.as_bytes())?;
    }
    out!(
        io,
        "review: {} files in {} ({} errors, {} warnings shown at their facts); open {}",
        files.len(),
        out.display(),
        report.errors(),
        report.warnings(),
        out.join("index.html").display()
    );
    Ok(Verdict::Clean)
}

fn migrate_command(io: &mut Io<'_>, check: bool, paths: Vec<PathBuf>) -> Result<Verdict, Failure> {
    use astana_corpus::migrate::{self, MigrateOutcome as Migrated};
    let paths = if paths.is_empty() {
        vec![data_folder(io, None)?]
    } else {
        paths
    };
    let files = format::expand(&paths)?;
    let mode = if check { Mode::Check } else { Mode::Write };
    let (mut migrated, mut current) = (0, 0);
    let mut failed = report_unexpected(io, &paths, "not migrated");
    for file in &files {
        let shown = display_root(file);
        let shown = shown.trim_end_matches('/');
        match migrate::migrate_file(file, shown, mode) {
            Ok(Migrated::Current) => current += 1,
            Ok(Migrated::Migrated(changes)) => {
                migrated += 1;
                let verb = if check { "would migrate" } else { "migrated" };
                out!(io, "{verb}: {shown}");
                for change in &changes {
                    let mark = if change.review { "review" } else { "changed" };
                    out!(io, "  {mark} {}: {}", change.pointer, change.message);
                }
            }
            Ok(Migrated::Failed(findings)) => {
                failed += 1;
                print_findings(io, file, &findings);
                out!(io, "not migrated: {shown} (fix the findings above)");
            }
            Err(source) => {
                return Err(Failure::Write {
                    path: file.clone(),
                    source,
                })
            }
        }
    }
    let verb = if check {
        "would be migrated"
    } else {
        "migrated"
    };
    out!(io,
        "migrate: {} files, {migrated} {verb}, {current} already schema_version {}, {failed} not migrated",
        files.len(),
        astana_corpus::model::SCHEMA_VERSION
    );
    if failed > 0 || (check && migrated > 0) {
        if check && migrated > 0 {
            err!(io, "hint: run `astana-corpus migrate` to upgrade them");
        }
        Ok(Verdict::Findings)
    } else {
        Ok(Verdict::Clean)
    }
}

/// Links, pipes, devices and stray files in the folders of `paths` are
/// never opened: says so for each, as `<verb>: <entry>: <reason>`, and
/// returns how many there are.
fn report_unexpected(io: &mut Io<'_>, paths: &[PathBuf], verb: &str) -> usize {
    let mut count = 0;
    for folder in paths.iter().filter(|p| p.is_dir()) {
        if let Ok(listing) = validate::listing(folder) {
            for (entry, reason) in &listing.unexpected {
                count += 1;
                out!(io, "{verb}: {}{entry}: {reason}", display_root(folder));
            }
        }
    }
    count
}

/// A file's findings with its source lines, as `validate` prints them.
fn print_findings(io: &mut Io<'_>, file: &Path, findings: &[validate::Finding]) {
    let mut text = String::new();
    // The same safe reader as everywhere: no links, pipes or devices.
    let source = validate::read_named(file, &validate::Limits::default())
        .ok()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
    let source = source.as_deref().map(render::IndexedText::new);
    for f in findings {
        render::human_finding(&mut text, f, &Paths { root: "" }, source.as_ref());
    }
    write_stdout(io, &astana_corpus::escape::terminal(&text));
}

fn codebook_command(io: &mut Io<'_>, check: bool) -> Result<Verdict, Failure> {
    let root = &project_folder(io)?;
    // The codebook's examples are the rules' fixtures applied to the base
    // corpus of the tests: it belongs to a checkout of astana-corpus.
    if !root.join("tests/fixtures/valid/base").is_dir() {
        return Err(Failure::Refused(format!(
            "{} is not a checkout of astana-corpus: the codebook is generated from the rules' fixtures in tests/fixtures/ (a corpus of your own needs no codebook of its own; docs/codebook.md of the release describes it)",
            root.display()
        )));
    }
    let path = root.join(astana_corpus::codebook::CODEBOOK_PATH);
    if check {
        if astana_corpus::codebook::is_stale(root) {
            err!(io, "error: {}: out of date", path.display());
            err!(io, "hint: run `astana-corpus codebook` to regenerate it from the doc comments and rules");
            return Ok(Verdict::Findings);
        }
        out!(io, "{} is current", path.display());
        return Ok(Verdict::Clean);
    }
    let changed = astana_corpus::codebook::write(root).map_err(|source| Failure::Write {
        path: path.clone(),
        source,
    })?;
    out!(
        io,
        "{}: {}",
        path.display(),
        if changed { "written" } else { "unchanged" }
    );
    Ok(Verdict::Clean)
}

/// Files as (path relative to their folder, contents).
type Files = Vec<(String, Vec<u8>)>;

/// The corpus of `--data DIR`, or the embedded one, with its data files as
/// (path relative to the data folder, bytes).
fn load(source: &DataSource) -> Result<(Corpus, Files), Failure> {
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
            let corpus = load_dir(dir)?;
            let mut files = Vec::new();
            for path in validate::data_files(dir)? {
                let bytes = astana_corpus::files::read_in(
                    dir,
                    &path,
                    astana_corpus::files::DEFAULT_MAX_FILE_BYTES,
                )
                .map_err(|source| Failure::Read {
                    path: dir.join(&path),
                    source,
                })?;
                files.push((path, bytes));
            }
            Ok((corpus, files))
        }
    }
}

/// Refuses an output folder that would write into the data it reads, or
/// over the root of the file system.
fn check_out_dir(out: &Path, data: Option<&Path>) -> Result<(), Failure> {
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
fn absolute_existing(path: &Path) -> PathBuf {
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

fn export_command(
    io: &mut Io<'_>,
    format: TableFormat,
    out: &Path,
    source: &DataSource,
) -> Result<Verdict, Failure> {
    check_out_dir(out, source.folder())?;
    let (corpus, files) = load(source)?;
    let tables = out_root(out, Input::of(&files))?;
    for table in astana_corpus::export::tables(&corpus) {
        let (name, bytes) = match format {
            TableFormat::Csv => (format!("{}.csv", table.name), table.to_csv().into_bytes()),
            TableFormat::Jsonl => (
                format!("{}.jsonl", table.name),
                table.to_jsonl().into_bytes(),
            ),
            #[cfg(feature = "parquet")]
            TableFormat::Parquet => (
                format!("{}.parquet", table.name),
                astana_corpus::export::parquet::to_parquet(
                    &table,
                    astana_corpus::export::parquet::Codec::Snappy,
                )
                .map_err(Failure::Refused)?,
            ),
            #[cfg(not(feature = "parquet"))]
            TableFormat::Parquet => return Err(Failure::NotBuilt(Missing::Parquet)),
        };
        write_in(&tables, &name, &bytes)?;
        out!(
            io,
            "{}: {} rows",
            tables.display(&name).display(),
            table.rows.len()
        );
    }
    Ok(Verdict::Clean)
}

#[cfg(not(feature = "bundle"))]
fn bundle_command(_: &mut Io<'_>, _: &Path, _: &DataSource, _: bool) -> Result<Verdict, Failure> {
    Err(Failure::NotBuilt(Missing::Bundle))
}

#[cfg(feature = "bundle")]
fn bundle_command(
    io: &mut Io<'_>,
    out: &Path,
    source: &DataSource,
    archive: bool,
) -> Result<Verdict, Failure> {
    check_out_dir(out, source.folder())?;
    // A release never ships data that fails validation (the embedded
    // corpus was validated before it was compiled in).
    if let Some(dir) = source.folder() {
        let report = validate::validate_dir(dir)?;
        if report.errors() > 0 {
            err!(io,
                "error: {} has {} validation errors; run `astana-corpus validate {}` and fix them first",
                dir.display(),
                report.errors(),
                dir.display()
            );
            return Ok(Verdict::Findings);
        }
    }
    let (corpus, files) = load(source)?;
    let input = Input::of(&files);
    let files = astana_corpus::bundle::bundle_files(&corpus, &files).map_err(Failure::Refused)?;
    let total = Input::of(&files).bytes;
    if total > output_budget(input) {
        return Err(Failure::Refused(format!(
            "the bundle would have {total} bytes, more than its output budget of {} bytes for {} bytes of data in {} files; nothing was written",
            output_budget(input),
            input.bytes,
            input.files
        )));
    }
    // The bundle's own error names the folder and why.
    astana_corpus::bundle::write_bundle(out, &files)
        .map_err(|e| Failure::Refused(e.to_string()))?;
    out!(
        io,
        "{}: {} files, dataset version {}",
        out.display(),
        files.len(),
        corpus.manifest().version
    );
    if archive {
        let manifest = corpus.manifest();
        let Some(released) = manifest
            .released
            .and_then(|d| d.first_day())
            .filter(|_| manifest.released.is_some_and(|d| d.day().is_some()))
        else {
            return Err(Failure::Refused(
                "the manifest has no `released` day (YYYY-MM-DD): set it in data/manifest.json for a release; the archive's times come from it, never from the clock".into(),
            ));
        };
        let bytes = astana_corpus::bundle::archive(&files, &manifest.version, released)
            .map_err(|e| Failure::Refused(e.to_string()))?;
        let name = format!("astana-corpus-{}.tar.gz", manifest.version);
        let path = absolute_existing(out)
            .parent()
            .map_or_else(|| PathBuf::from(&name), |p| p.join(&name));
        write_file(&path, &bytes)?;
        out!(
            io,
            "{}: {} bytes, sha256 {}",
            path.display(),
            bytes.len(),
            astana_corpus::bundle::sha256(&bytes)
        );
    }
    Ok(Verdict::Clean)
}

fn diff_command(
    io: &mut Io<'_>,
    old: &Path,
    new: &Path,
    format: DiffFormat,
    check: bool,
) -> Result<Verdict, Failure> {
    let new_dir = astana_corpus::diff::data_folder(new);
    let old = load_dir(&astana_corpus::diff::data_folder(old))?;
    let new = load_dir(&new_dir)?;
    let diff = astana_corpus::diff::diff(&old, &new);
    let text = match format {
        DiffFormat::Human => {
            astana_corpus::escape::terminal(&astana_corpus::diff::human(&diff)).into_owned()
        }
        DiffFormat::Json => {
            astana_corpus::escape::json_text(&astana_corpus::diff::json(&diff)).into_owned()
        }
        // Every value from the data is already a code span with its control
        // characters made visible.
        DiffFormat::Markdown => astana_corpus::diff::markdown(&diff),
    };
    write_stdout(io, &text);
    if check {
        let removed = astana_corpus::diff::unretired_removals(&diff, &new);
        let retired_file = format!("{}retired.json", display_root(&new_dir));
        let findings = validate::removed_without_retirement(&removed, &retired_file);
        let mut report = String::new();
        for f in &findings {
            render::human_finding(&mut report, f, &Paths { root: "" }, None);
        }
        let _ = write!(io.err, "{}", astana_corpus::escape::terminal(&report));
        err!(
            io,
            "diff --check: {} records removed without retirement",
            findings.len()
        );
        if !findings.is_empty() {
            return Ok(Verdict::Findings);
        }
    }
    Ok(Verdict::Clean)
}
