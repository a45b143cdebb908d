//! A typed, validated corpus of news articles about the Astana-format talks
//! on Syria, and the facts extracted from them: meetings and who took part
//! in which role, statements, who joined or left. Every fact is cited to the
//! exact words of its article, and every date says how precisely it is known
//! and whether it is stated or inferred.
//!
//! By default the crate is the typed [`model`] and the shipped corpus
//! compiled in ([`Corpus::embedded`]), depending only on serde, serde_json
//! and chrono. The `schema`, `validate`, `export`, `bundle` and `parquet`
//! features add JSON Schema generation, the validator, the tidy tables and
//! the diff, the release bundle and its archive, and Parquet tables, for
//! tools that build on them; the command-line tool is the
//! `astana-corpus-cli` crate.
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
#[cfg(feature = "validate")]
pub mod codebook;
pub mod corpus;
#[cfg(feature = "export")]
pub mod diff;
pub mod embedded;
pub mod escape;
#[cfg(feature = "export")]
pub mod export;
pub mod files;
#[cfg(feature = "validate")]
pub mod format;
pub mod meetings;
#[cfg(feature = "validate")]
pub mod migrate;
pub mod model;
#[cfg(feature = "validate")]
pub mod new_article;
#[cfg(feature = "validate")]
pub mod review;
#[cfg(feature = "schema")]
pub mod schema;
pub mod text;
#[cfg(feature = "validate")]
pub mod validate;

pub use corpus::{Attested, Corpus, CorpusMeeting, FactEntry, LoadError, MeetingEntry, Resolved};

/// The dataset version, which is the crate version.
pub const DATA_VERSION: &str = env!("CARGO_PKG_VERSION");
