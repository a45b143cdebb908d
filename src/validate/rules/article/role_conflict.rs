//! `role-conflict`: one entity with two roles in one meeting.

use super::ArticleContext;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// An entity holds one role per meeting: a state is a guarantor or an
    /// observer of a round, not both. Two roles for one entity mean one of
    /// them is not what the article states.
    id: "role-conflict",
    severity: Error,
    summary: "One entity is listed with two different roles in one meeting.",
    hint: "Keep the role the article states for this meeting; an entity holds one role per meeting.",
    fixture: include_str!("role_conflict.fixture.json"),
}

/// Every meeting's roster.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    for &(i, j, first, p, role) in ctx.repeated_participants() {
        if role != p.role {
            out.push(
                Draft::new(
                    Rule::RoleConflict,
                    format!("/facts/{i}/participants/{j}/role"),
                    format!(
                        "`{}` is listed as {} here and as {role} before",
                        p.entity, p.role
                    ),
                )
                .related(
                    format!("/facts/{i}/participants/{first}/role"),
                    format!("listed as {role} here"),
                ),
            );
        }
    }
}
