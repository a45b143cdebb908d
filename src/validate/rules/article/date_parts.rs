//! `date-parts`: a date's inferred parts against its basis and what it
//! writes.

use super::ArticleContext;
use crate::model::Basis;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// A date names the parts the annotators inferred (`inferred_parts`),
    /// so that a reader who keeps only stated values keeps the rest: "on 20
    /// and 21 June" states the day and month, and only the year is
    /// inferred. The list must agree with `basis` (`inferred` exactly when
    /// some part is), name only parts the date writes (no `day` for a
    /// month, no `earliest` without a bound) and name each part once.
    ///
    /// ```json
    /// { "precision": "day", "start": "2023-06-20", "end": "2023-06-21",
    ///   "basis": "inferred", "inferred_parts": ["year"] }
    /// ```
    id: "date-parts",
    severity: Error,
    summary: "A date whose `inferred_parts` disagree with its `basis` or name a part the date does not write.",
    hint: "List in `inferred_parts` exactly the parts the article does not state (year, month, day, earliest, latest), and set `basis` to `inferred` when the list is not empty, `stated` when it is.",
    fixture: include_str!("date_parts.fixture.json"),
}

/// Every date of the article.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    for (site, date, _) in ctx.dates() {
        let pointer = || site.pointer();
        match (date.basis, date.inferred_parts.is_empty()) {
            (Basis::Stated, false) => out.push(Draft::new(
                Rule::DateParts,
                format!("{}/inferred_parts", pointer()),
                "the date is `stated` but lists inferred parts",
            )),
            (Basis::Inferred, true) => out.push(Draft::new(
                Rule::DateParts,
                format!("{}/basis", pointer()),
                "the date is `inferred` but does not say which parts are (`inferred_parts`)",
            )),
            _ => {}
        }
        let written = date.written_parts();
        for (k, part) in date.inferred_parts.iter().enumerate() {
            let message = if !written.contains(part) {
                format!("`{part}` is listed as inferred but the date does not write it")
            } else if date.inferred_parts[..k].contains(part) {
                format!("`{part}` is listed twice")
            } else {
                continue;
            };
            out.push(Draft::new(
                Rule::DateParts,
                format!("{}/inferred_parts/{k}", pointer()),
                message,
            ));
        }
    }
}
