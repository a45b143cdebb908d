//! The `astana-corpus` command-line tool: validate, inspect and maintain the
//! corpus. Exit codes: 0 success, 1 findings at error level (or stale
//! generated files with `--check`), 2 usage or I/O failure.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use astana_corpus::model::{EntityKind, FactKind};
use astana_corpus::schema::{self, DocumentKind};
use astana_corpus::Corpus;
use clap::{Parser, Subcommand};

/// The crate's own schema folder.
const DEFAULT_SCHEMA_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/schema");

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
    /// Print counts of articles, facts and entities, and the span of dates.
    Stats {
        /// Data folder to read instead of the corpus compiled into this tool.
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
    },
    /// Write the JSON Schema files generated from the Rust types.
    Schema {
        /// Only check that the files are current; exit 1 when they are not.
        #[arg(long)]
        check: bool,
        /// Folder of the schema files.
        #[arg(long, value_name = "DIR", default_value = DEFAULT_SCHEMA_DIR)]
        dir: PathBuf,
    },
}

/// The three outcomes every command maps to.
enum Outcome {
    Clean,
    Findings,
    Failure,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Stats { data } => stats(data.as_deref()),
        Command::Schema { check, dir } => schema_command(check, &dir),
    };
    match outcome {
        Outcome::Clean => ExitCode::SUCCESS,
        Outcome::Findings => ExitCode::from(1),
        Outcome::Failure => ExitCode::from(2),
    }
}

/// Writes to stdout, ignoring a closed pipe (`| head`), which is not an error.
macro_rules! out {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// Writes to stderr.
macro_rules! err {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

fn stats(data: Option<&Path>) -> Outcome {
    let owned;
    let corpus = match data {
        None => match Corpus::try_embedded() {
            Ok(c) => c,
            Err(e) => {
                err!("error: the embedded corpus does not load: {e}");
                return Outcome::Failure;
            }
        },
        Some(dir) => match Corpus::from_dir(dir) {
            Ok(c) => {
                owned = c;
                &owned
            }
            Err(e) => {
                err!("error: {}: {e}", dir.display());
                err!(
                    "hint: run `astana-corpus validate {}` for every problem at once",
                    dir.display()
                );
                return Outcome::Failure;
            }
        },
    };
    let manifest = corpus.manifest();
    out!(
        "{} {} (schema_version {})",
        manifest.name,
        manifest.version,
        manifest.schema_version
    );
    out!("articles: {}", corpus.articles().len());
    let facts = corpus.fact_counts();
    out!("facts: {}", facts.values().sum::<usize>());
    for kind in FactKind::ALL {
        out!(
            "  {:<28}{:>5}",
            kind.as_str(),
            facts.get(&kind).copied().unwrap_or(0)
        );
    }
    let entities = corpus.entity_counts();
    out!("entities: {}", corpus.entities().len());
    for kind in EntityKind::ALL {
        out!(
            "  {:<28}{:>5}",
            kind.as_str(),
            entities.get(&kind).copied().unwrap_or(0)
        );
    }
    match corpus.date_span() {
        Some((first, last)) => out!("dates of events and statements: {first} to {last}"),
        None => out!("dates of events and statements: none known"),
    }
    Outcome::Clean
}

fn schema_command(check: bool, dir: &Path) -> Outcome {
    if check {
        let stale = schema::check(dir);
        if stale.is_empty() {
            out!("schema files in {} are current", dir.display());
            return Outcome::Clean;
        }
        for s in &stale {
            let what = if s.missing { "missing" } else { "out of date" };
            err!("error: {}: {what}", dir.join(s.file).display());
        }
        err!("hint: run `astana-corpus schema` to regenerate them from the Rust types");
        return Outcome::Findings;
    }
    match schema::write(dir) {
        Ok(changed) => {
            for kind in DocumentKind::ALL {
                let file = kind.schema_file();
                let state = if changed.contains(&file) {
                    "written"
                } else {
                    "unchanged"
                };
                out!("{}: {state}", dir.join(file).display());
            }
            Outcome::Clean
        }
        Err(e) => {
            err!("error: cannot write schema files to {}: {e}", dir.display());
            Outcome::Failure
        }
    }
}
