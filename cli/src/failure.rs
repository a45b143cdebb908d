//! How a command ends: a verdict on the data, or a failure that exit code
//! 2 reports with its cause and a hint.

use std::path::PathBuf;

use astana_corpus::validate;

/// How a command that ran ends: exit 0, or exit 1 for findings at error
/// level (or stale generated files with `--check`).
pub(crate) enum Verdict {
    Clean,
    Findings,
}

/// Why a command could not run (exit 2), with a hint where one helps.
#[derive(Debug)]
pub(crate) enum Failure {
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
    // Each build refuses only what it leaves out.
    #[cfg_attr(any(feature = "parquet", feature = "bundle"), allow(dead_code))]
    NotBuilt(Missing),
}

/// A part of the tool that is a cargo feature of `astana-corpus-cli`, left
/// out of the default build so that it compiles 93 crates, not 128.
#[derive(Clone, Copy, Debug)]
// Each build refuses only what it leaves out.
#[cfg_attr(any(feature = "parquet", feature = "bundle"), allow(dead_code))]
pub(crate) enum Missing {
    /// `export --format parquet` (arrow-rs and parquet).
    Parquet,
    /// `bundle` (sha2, tar and flate2).
    Bundle,
}

impl Missing {
    pub(crate) fn feature(self) -> &'static str {
        match self {
            Missing::Parquet => "parquet",
            Missing::Bundle => "bundle",
        }
    }
    pub(crate) fn what(self) -> &'static str {
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
    pub(crate) fn hint(&self) -> Option<String> {
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
