//! `modality-condition`: a condition exactly on conditional facts.

use super::ArticleContext;
use crate::model::Modality;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// A fact the article states only under a condition ("if the
    /// participants ask, Kazakhstan is ready to resume") has `modality:
    /// conditional` and names the condition in `condition.text_en`. A
    /// condition on a fact of any other modality, or a conditional fact
    /// without its condition, says something the article does not: either
    /// the event happened, or it depends on something, not both.
    ///
    /// ```json
    /// { "modality": "conditional",
    ///   "condition": { "text_en": "if the participants express a collective request" } }
    /// ```
    id: "modality-condition",
    severity: Error,
    summary: "A conditional fact without a `condition`, or a `condition` on a fact that is not conditional.",
    hint: "Give a conditional fact its `condition` (`text_en`, and `fact` when the article states the condition as a fact of its own); remove the condition from any other fact, or make it conditional.",
    fixture: include_str!("modality_condition.fixture.json"),
}

/// Every fact's modality against its condition.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    for (i, fact) in ctx.article.facts.iter().enumerate() {
        let conditional = fact.modality() == Modality::Conditional;
        match (conditional, fact.condition()) {
            (true, None) => out.push(Draft::new(
                Rule::ModalityCondition,
                format!("/facts/{i}/modality"),
                format!("`{}` is conditional but names no condition", fact.id()),
            )),
            (false, Some(_)) => out.push(Draft::new(
                Rule::ModalityCondition,
                format!("/facts/{i}/condition"),
                format!(
                    "`{}` has a condition but its modality is {}",
                    fact.id(),
                    fact.modality()
                ),
            )),
            _ => {}
        }
    }
}
