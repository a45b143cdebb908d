//! `limit-exceeded`: a file over the size or nesting limits.

use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// The validator runs on strangers' pull requests, so what it reads is
    /// bounded before it is parsed: files over 16 MiB are not read at all
    /// (the size is taken from the open file), and arrays and objects may
    /// nest 64 deep (the data needs 8). `fmt` also refuses to write a
    /// canonical file over the size limit. Both limits are options of
    /// `validate`.
    id: "limit-exceeded",
    severity: Error,
    summary: "A file larger, or nested deeper, than the validator's limits allow (by default 16 MiB and depth 64); it is not parsed.",
    hint: "Data files are small: check that the file is the one you meant. The limits are set with --max-file-size and --max-depth.",
    fixture: include_str!("limit_exceeded.fixture.json"),
}

/// Nesting deeper than `max_depth` at byte `offset`.
pub fn too_deep(offset: usize, max_depth: usize) -> Draft {
    Draft::at_offset(
        Rule::LimitExceeded,
        offset,
        format!("arrays and objects nest deeper than the limit of {max_depth} here"),
    )
}

/// A file over the size limit, with the reader's words for it.
pub fn too_large(reason: impl std::fmt::Display) -> Draft {
    Draft::new(Rule::LimitExceeded, "", reason.to_string())
}
