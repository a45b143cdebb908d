//! `retired-reference`: a live record pointing at a retired one, or a
//! retirement replaced by nothing.

use foldhash::HashSet;

use super::CrossRule;
use crate::model::RecordKind;
use super::Index;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

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

/// A retirement's `replaced_by` that names neither a live record of its
/// sort nor another retirement. References to retired records are
/// reported where they are resolved ([`draft`]).
pub(crate) struct Check;

impl CrossRule for Check {
    fn check(index: &Index, out: &mut Vec<(u32, Draft)>) {
        let Some(retired_file) = index.retired_file else {
            return;
        };
        let mut entries: Vec<_> = index.retired.ids.iter().collect();
        entries.sort_by_key(|(_, r)| r.4);
        let mut live_meetings: Option<HashSet<String>> = None;
        for (id, (kind, _, _, replaced_by, i)) in entries {
            let Some(new) = replaced_by else { continue };
            let live = match kind {
                RecordKind::Entity => index
                    .registry
                    .as_ref()
                    .is_some_and(|r| r.index(new).is_some()),
                RecordKind::Article => index.articles.contains(new),
                RecordKind::Fact => index.replacements_found.contains(new.as_str()),
                RecordKind::Meeting => live_meetings
                    .get_or_insert_with(|| {
                        // One id per distinct set of a mention's values.
                        (0..index.meetings.distinct() as u32)
                            .filter_map(|n| {
                                let v = index.meetings.values(n);
                                index.meeting_id_of(v.series, v.round, v.key).map(|(id, _)| id)
                            })
                            .collect()
                    })
                    .contains(new.as_str()),
            };
            let chained = index.retired.ids.get(new).is_some_and(|r| r.0 == *kind);
            // An unread article may hold it: do not conclude.
            let unknown = index.incomplete && *kind != RecordKind::Entity;
            if !live && !chained && !unknown {
                out.push((
                    retired_file,
                    Draft::new(
                        Rule::RetiredReference,
                        format!("/retired/{i}/replaced_by"),
                        format!("`{id}` is replaced by `{new}`, which is neither a live {kind} nor retired"),
                    )
                    .hint("Name the record that replaces it, exactly as the exports write its id."),
                ));
            }
        }
    }
}
