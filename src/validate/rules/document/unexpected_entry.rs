//! `unexpected-entry`: something in the corpus that is not a data file.

use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Every command reads a data folder through one safe reader, which
    /// never follows a symbolic link (at any depth) and opens only regular
    /// files. A link, FIFO, socket or device, a folder named like a data
    /// file, a stray file under `articles/`, a name that is not UTF-8, or a
    /// temporary file left by an interrupted write is reported here instead
    /// of being read: a pull request cannot make CI read outside the corpus,
    /// hang on a pipe or read a device. `fmt` and `migrate` report a file
    /// named to them that is not a data file the same way.
    id: "unexpected-entry",
    severity: Error,
    summary: "An entry in the corpus that is not a regular data file: a symbolic link (never followed), a FIFO, socket or device, a folder named `*.json`, a file under articles/ whose name does not end in `.json` or is not UTF-8, a temporary file left by an interrupted write, or a file named to fmt or migrate that is not a data file.",
    hint: "Replace a link with the file itself, rename the folder, or move the stray file out of the corpus.",
    fixture: include_str!("unexpected_entry.fixture.json"),
}

/// An entry of the listing that is not a data file.
pub fn entry(entry: &str, reason: &str) -> Draft {
    Draft::new(Rule::UnexpectedEntry, "", format!("{entry} is {reason}"))
}

/// A data file the reader refused, with its words for it.
pub fn refused(reason: impl std::fmt::Display) -> Draft {
    Draft::new(Rule::UnexpectedEntry, "", reason.to_string())
}
