//! `participant-duplicate`: one entity listed twice in the same role.

use super::ArticleContext;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// A meeting's roster lists each participant once. A repeated entry in
    /// the same role adds nothing but doubles the participant in counts and
    /// exports.
    id: "participant-duplicate",
    severity: Error,
    summary: "The same entity is listed twice with the same role in one meeting.",
    hint: "Remove the repeated participant.",
    fixture: include_str!("participant_duplicate.fixture.json"),
}

/// Every meeting's roster.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    for &(i, j, first, p, role) in ctx.repeated_participants() {
        if role == p.role {
            out.push(
                Draft::new(
                    Rule::ParticipantDuplicate,
                    format!("/facts/{i}/participants/{j}"),
                    format!("`{}` is already listed as {role}", p.entity),
                )
                .related(
                    format!("/facts/{i}/participants/{first}"),
                    "first listed here",
                ),
            );
        }
    }
}
