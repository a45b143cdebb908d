//! `evidence-missing`: a fact or text note without evidence.

use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Every fact and every text note is cited to the exact words of its
    /// article: at least one span. The schema requires the `evidence` list
    /// and at least one item, so the types never hold a fact without it;
    /// this rule is how the schema's verdict is told to the contributor,
    /// apart from other schema errors.
    id: "evidence-missing",
    severity: Error,
    summary: "A fact or text note without an evidence span.",
    hint: "Add at least one evidence span quoting the article's words that state the fact; `astana-corpus fmt` fills the offsets from the quote.",
    fixture: include_str!("evidence_missing.fixture.json"),
}

/// The finding for a schema error that is this rule's: a missing
/// `evidence` field (`missing` names the required property) or an empty
/// `evidence` list (`empty_at` is the pointer of the list).
pub fn from_schema_error(pointer: &str, missing: Option<&str>, empty_at: bool) -> Option<Draft> {
    match (missing, empty_at) {
        (Some("evidence"), _) => Some(Draft::new(
            Rule::EvidenceMissing,
            pointer,
            "this fact has no `evidence`",
        )),
        (None, true) if pointer.ends_with("/evidence") => Some(Draft::new(
            Rule::EvidenceMissing,
            pointer,
            "`evidence` is empty: every fact and text note needs at least one span",
        )),
        _ => None,
    }
}
