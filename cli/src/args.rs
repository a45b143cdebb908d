//! The command line: every command, its arguments and their help, as clap
//! parses them.

use std::path::PathBuf;

use astana_corpus::validate;
use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "astana-corpus",
    version,
    about = "Validate, inspect and maintain the Astana-format corpus"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    /// When to colour diagnostics: auto (on a terminal, unless NO_COLOR is
    /// set; CLICOLOR_FORCE forces it), always or never. JSON, SARIF,
    /// GitHub and Markdown output is never coloured.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub(crate) color: ColorWhen,
    /// Draw no progress bar (it is drawn on a terminal only, and never
    /// under CI).
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,
}

/// When to colour diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    /// On a terminal, following NO_COLOR, CLICOLOR_FORCE and CLICOLOR.
    Auto,
    /// Always, even in a pipe or a file.
    Always,
    /// Never.
    Never,
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
    /// Upgrade data files of formats 1 and 2 to the current format, in place; say what changed.
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
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Write a release bundle: data, schemas, tables, metadata, checksums (feature `bundle`).
    Bundle {
        /// A new or empty folder for the bundle.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[command(flatten)]
        source: SourceArgs,
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
        #[command(flatten)]
        source: SourceArgs,
    },
    /// Write docs/codebook.md, generated from the types' doc comments and the rules.
    Codebook {
        /// Only check that the codebook is current; exit 1 when it is not.
        #[arg(long)]
        check: bool,
    },
    /// Write conformance/, every rule's fixture as a case any validator can run.
    ///
    /// Generated from the rules' fixtures and the base corpus of the tests:
    /// each case is a patch of conformance/base/ and the findings (rule,
    /// severity, file, JSON Pointer) that validating the patched corpus
    /// gives. conformance/README.md says how to run the cases.
    Conformance {
        /// Only check that conformance/ is current; exit 1 when it is not.
        #[arg(long)]
        check: bool,
    },
    /// Print a completion script for a shell (bash, zsh, fish, powershell).
    ///
    /// bash: `astana-corpus completions bash > ~/.local/share/bash-completion/completions/astana-corpus`;
    /// zsh: into a folder of `$fpath` as `_astana-corpus`; fish: into
    /// `~/.config/fish/completions/astana-corpus.fish`; PowerShell: add
    /// `astana-corpus completions powershell | Out-String | Invoke-Expression`
    /// to your profile.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write the manual pages (roff), generated from the same definitions as this help.
    Man {
        /// Only check that the pages are current; exit 1 when they are not.
        #[arg(long)]
        check: bool,
        /// Folder of the pages (default: docs/man/ beside the nearest data/
        /// with a manifest.json, from the current folder upward).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
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
pub(crate) enum Format {
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
pub(crate) enum TableFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// JSON Lines, one object per row.
    Jsonl,
    /// Parquet (snappy), with integer, date and dictionary-encoded columns.
    Parquet,
}

/// Output formats of `diff`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DiffFormat {
    /// A readable list.
    Human,
    /// One JSON document.
    Json,
    /// A short summary for a pull-request comment.
    Markdown,
}

/// The arguments of `new`.
pub(crate) struct NewArgs {
    pub(crate) outlet: String,
    pub(crate) id: String,
    pub(crate) text: PathBuf,
    pub(crate) url: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) language: String,
    pub(crate) data: Option<PathBuf>,
}

/// Where `stats`, `export` and `bundle` read.
#[derive(Args)]
pub(crate) struct SourceArgs {
    /// The data folder (default: the nearest data/ with a manifest.json, from the current folder upward).
    #[arg(long, value_name = "DIR")]
    pub(crate) data: Option<PathBuf>,
    /// Use the corpus compiled into this tool instead of a data folder.
    #[arg(long, conflicts_with = "data")]
    pub(crate) embedded: bool,
}
