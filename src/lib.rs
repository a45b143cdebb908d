//! A typed, validated corpus of news articles about the Astana-format talks
//! on Syria, and the facts extracted from them: meetings and who took part
//! in which role, statements, who joined or left. Every fact is cited to the
//! exact words of its article, and every date says how precisely it is known
//! and whether it is stated or inferred.
//!
//! By default the crate is the typed [`model`] and the shipped corpus
//! compiled in ([`Corpus::embedded`]), depending only on serde, serde_json
//! and chrono. Features add one capability each, for tools that build on
//! them; the command-line tool is the `astana-corpus-cli` crate:
//!
//! | feature | adds |
//! |---|---|
//! | `schema` | JSON Schema generation from the types |
//! | `validate` | the validator: `validate` |
//! | `edit` | rewriting data files safely: `format` (canonical form, offsets from quotes), `migrate`, `new_article` |
//! | `review` | the static review site: `review` |
//! | `codebook` | the codebook generated from the rules and the types: `codebook` |
//! | `export` | the tidy CSV and JSONL tables: `export` |
//! | `diff` | the diff between two versions: `diff` |
//! | `bundle` | the release bundle and its reproducible archive: `bundle` |
//! | `arrow` | the tidy tables as Arrow record batches (arrow-rs): `export::arrow` |
//! | `parquet` | Parquet tables (arrow-rs) |
//!
//! ```
//! use astana_corpus::{Corpus, model::Role};
//!
//! let corpus = Corpus::embedded();
//! let meetings = corpus.meetings_of_series("astana-format");
//! let twentieth = meetings
//!     .iter()
//!     .find(|m| m.meeting.round == Some(20))
//!     .expect("the 20th round is in the corpus");
//! let observers: Vec<&str> = twentieth
//!     .meeting
//!     .with_role(Role::Observer)
//!     .map(|id| corpus.entity(id).map_or(id.as_str(), |e| e.name.en.as_str()))
//!     .collect();
//! assert_eq!(observers, ["United Nations", "Jordan", "Lebanon", "Iraq"]);
//! ```

// A library reports through return values; only the binary prints.
#![warn(clippy::print_stdout, clippy::print_stderr)]

#[cfg(feature = "bundle")]
pub mod bundle;
#[cfg(feature = "codebook")]
pub mod codebook;
#[cfg(feature = "codebook")]
pub mod conformance;
pub mod corpus;
#[cfg(feature = "diff")]
pub mod diff;
pub mod embedded;
#[cfg(feature = "export")]
pub mod export;
#[cfg(feature = "edit")]
pub mod format;
pub mod meetings;
#[cfg(feature = "edit")]
pub mod migrate;
pub mod model;
#[cfg(feature = "edit")]
pub mod new_article;
#[cfg(feature = "review")]
pub mod review;
#[cfg(feature = "schema")]
pub mod schema;
pub mod text;
#[cfg(feature = "validate")]
pub mod validate;

// The safe reader and writer and the escapes for each output channel are
// the tools' to use (the validator, the exports, the command-line tool); a
// plain dependency reads through `Corpus` and never sees them.
#[cfg(any(feature = "validate", feature = "export", feature = "diff"))]
pub mod escape;
#[cfg(not(any(feature = "validate", feature = "export", feature = "diff")))]
#[allow(dead_code)]
mod escape;
#[cfg(any(feature = "validate", feature = "export", feature = "diff"))]
pub mod files;
#[cfg(not(any(feature = "validate", feature = "export", feature = "diff")))]
#[allow(dead_code)]
mod files;

pub use corpus::{
    Attested, Corpus, CorpusMeeting, CorpusStatement, FactEntry, LoadError, MeetingEntry, Progress,
    Resolved, StatementEntry,
};

/// The dataset version, which is the crate version.
pub const DATA_VERSION: &str = env!("CARGO_PKG_VERSION");
