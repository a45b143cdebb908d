//! `retired-reference`: a live record pointing at a retired one, or a
//! retirement replaced by nothing.

use crate::validate::{Draft, Rule};

super::super::declare_rule! {
    /// A retired record is gone: a fact or a registry position that still
    /// refers to it refers to nothing. The finding says when and why it was
    /// retired and what replaces it, so the fix is one edit. A retirement's
    /// `replaced_by` must itself name a live record or another retirement
    /// (followed to a live one by `Corpus::resolve`).
    id: "retired-reference",
    severity: Error,
    summary: "A reference to a retired entity or fact, or a `replaced_by` that names no live or retired record.",
    hint: "Refer to the record named by `replaced_by` (or remove the reference); a `replaced_by` must name a live record of the same sort.",
    fixture: include_str!("retired_reference.fixture.json"),
}

/// The finding for a reference at `pointer` to the retired `id`.
pub(crate) fn draft(
    pointer: String,
    id: &str,
    version: &str,
    reason: &str,
    replaced_by: Option<&str>,
) -> Draft {
    let draft = Draft::new(
        Rule::RetiredReference,
        pointer,
        format!("`{id}` was retired in {version} ({reason})"),
    );
    match replaced_by {
        Some(new) => draft.hint(format!("Refer to `{new}`, which replaces it.")),
        None => draft.hint("Remove the reference: nothing replaces it."),
    }
}
