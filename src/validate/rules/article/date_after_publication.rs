//! `date-after-publication`: an event dated after its article appeared.

use super::{ArticleContext, Site};
use crate::model::Modality;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// An article cannot report as past an event that happened after it was
    /// published. Decided only when both dates are bounded, on the event's
    /// earliest possible day against the publication's latest. Only facts
    /// the article asserts are checked: a planned meeting, an intention or a
    /// condition may lie in the article's future. The original an article
    /// rewrites (`derived_from`) is checked too: it was issued first.
    id: "date-after-publication",
    severity: Error,
    summary: "An asserted event or statement dated after the article that reports it was published.",
    hint: "Check the event's date and the article's `published` date; give a meeting the article announces for the future `\"modality\": \"planned\"`.",
    fixture: include_str!("date_after_publication.fixture.json"),
}

/// Every dated fact against the publication date.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    let published = &ctx.article.published;
    let Some(published_by) = published.upper_bound() else {
        return;
    };
    for (site, date, fact) in ctx.dates() {
        // An original is issued before an article can rewrite it, so its
        // date counts as an asserted event's.
        let asserted = match (site, fact) {
            (Site::Published, _) => false,
            (_, Some(fact)) => fact.modality() == Modality::Asserted,
            (_, None) => true,
        };
        if !asserted {
            continue;
        }
        let Some(event_from) = date.lower_bound() else {
            continue;
        };
        if event_from > published_by {
            let when = if published.start.is_some() {
                format!("the article was published ({published})")
            } else {
                format!("the latest day the article can have been published ({published_by})")
            };
            out.push(Draft::new(
                Rule::DateAfterPublication,
                site.pointer(),
                format!("dated {date}, after {when}"),
            ));
        }
    }
}
