//! `participant-duplicate`: one entity listed twice in the same role.

use std::collections::HashMap;

use super::ArticleContext;
use crate::model::Fact;
use crate::validate::{Draft, Rule};

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
    for (i, fact) in ctx.article.facts.iter().enumerate() {
        let Fact::Meeting(meeting) = fact else {
            continue;
        };
        let mut seen = HashMap::new();
        for (j, p) in meeting.participants.iter().enumerate() {
            match seen.get(p.entity.as_str()) {
                None => {
                    seen.insert(p.entity.as_str(), (j, p.role));
                }
                Some(&(first, role)) if role == p.role => out.push(
                    Draft::new(
                        Rule::ParticipantDuplicate,
                        format!("/facts/{i}/participants/{j}"),
                        format!("`{}` is already listed as {role}", p.entity),
                    )
                    .related(
                        format!("/facts/{i}/participants/{first}"),
                        "first listed here",
                    ),
                ),
                Some(_) => {}
            }
        }
    }
}
