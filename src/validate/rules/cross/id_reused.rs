//! `id-reused`: a retired id used again.

use super::CrossRule;
use crate::model::RecordKind;
use super::Index;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

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

/// Reused ids found once the index is complete: registry entities (found
/// when `retired.json` was added) and meetings, whose ids are known only
/// across files. Articles' and facts' ids are reported as each article is
/// scanned ([`draft`]).
pub(crate) struct Check;

impl CrossRule for Check {
    fn check(index: &Index, out: &mut Vec<(u32, Draft)>) {
        if let Some(registry_file) = index.registry_file {
            out.extend(
                index
                    .pending_registry_drafts
                    .iter()
                    .cloned()
                    .map(|d| (registry_file, d)),
            );
        }
        if index.retired.ids.is_empty() {
            return;
        }
        for (file, m) in index.meetings.iter() {
            let Some((id, field)) = index.meeting_id(&m) else {
                continue;
            };
            if let Some((version, reason, _)) = index.retired.get(RecordKind::Meeting, &id) {
                out.push((
                    file,
                    draft(format!("/facts/{}/{field}", m.fact), &id, version, reason),
                ));
            }
        }
    }
}
