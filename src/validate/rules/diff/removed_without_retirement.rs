//! `removed-without-retirement`: a record gone from the new version with
//! no entry in its `retired.json`.

use super::DiffContext;
use crate::validate::finding::Finding;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// A record never just vanishes: a reader who cites an article, fact,
    /// entity or meeting of an older release must learn what became of it.
    /// `diff --check OLD NEW` compares two versions and reports every
    /// record of OLD that NEW neither has nor retires (with the version,
    /// the reason and what replaces it). Run in CI against the last release.
    id: "removed-without-retirement",
    severity: Error,
    summary: "A record of the old version that the new version neither has nor lists in retired.json (diff --check).",
    hint: "Add the id to data/retired.json with the version that removes it, the reason (withdrawn_by_outlet, merged_into, annotation_error, superseded) and `replaced_by` when a record replaces it.",
    fixture: include_str!("removed_without_retirement.fixture.json"),
}

/// The finding for each removed record, against the new version's
/// `retired.json`.
pub(crate) fn check(ctx: &DiffContext<'_>, out: &mut Vec<Finding>) {
    out.extend(ctx.removed.iter().map(|(kind, id)| {
        Finding::new(
            Rule::RemovedWithoutRetirement,
            ctx.retired_file,
            format!("{kind} `{id}` is in the old version, not in the new one, and retired.json does not retire it"),
        )
        .with_hint(Rule::RemovedWithoutRetirement.hint())
    }));
}
