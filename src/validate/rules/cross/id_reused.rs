//! `id-reused`: a retired id used again.

use crate::validate::{Draft, Rule};

super::super::declare_rule! {
    /// Ids are never reused: an article, fact, entity or meeting listed in
    /// `retired.json` stays retired, so that a reader who finds the id in
    /// older work is never sent to a different record. A live record with a
    /// retired id is an error wherever it is (the article's `id`, a fact's
    /// `id`, a registry entity, a meeting's round or key).
    id: "id-reused",
    severity: Error,
    summary: "A live article, fact, entity or meeting has an id that retired.json lists as retired.",
    hint: "Choose a new id; a retired id is never used again, even for the record it once named (to restore a record, remove its retirement in the same change and say why in CHANGELOG.md).",
    fixture: include_str!("id_reused.fixture.json"),
}

/// The finding for a live record at `pointer` whose id was retired.
pub(crate) fn draft(pointer: String, id: &str, version: &str, reason: &str) -> Draft {
    Draft::new(
        Rule::IdReused,
        pointer,
        format!("`{id}` was retired in {version} ({reason}) and cannot be used again"),
    )
}
