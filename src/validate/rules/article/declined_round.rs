//! `declined-round`: a `round` only on a `declined` participation change.

use super::ArticleContext;
use crate::model::{Fact, ParticipationChangeKind};
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// A participation change names a `round` only when the entity declined
    /// that one round; joining, leaving, suspending and resuming happen at a
    /// date. A round on any other change would read as if the entity joined
    /// or left for that round alone.
    id: "declined-round",
    severity: Error,
    summary: "A participation change other than `declined` names a `round`.",
    hint: "Remove `round`, or make the change `declined` if the article says the entity stayed away from that one round.",
    fixture: include_str!("declined_round.fixture.json"),
}

/// Every participation change.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    for (i, fact) in ctx.article.facts.iter().enumerate() {
        if let Fact::ParticipationChange(c) = fact {
            if c.round.is_some() && c.change != ParticipationChangeKind::Declined {
                out.push(Draft::new(
                    Rule::DeclinedRound,
                    format!("/facts/{i}/round"),
                    format!("`{}` is `{}` but names a round", c.id, c.change),
                ));
            }
        }
    }
}
