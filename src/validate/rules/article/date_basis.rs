//! `date-basis`: a date's basis against whether it writes anything.

use super::ArticleContext;
use crate::model::Basis;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// `basis` says where a date's value comes from, so that a reader who
    /// keeps only `stated` dates keeps only values the text states. A date
    /// the text gives nothing about, with no bounds inferred either, has no
    /// value to state: its basis is `not_given`. `stated` and `inferred`
    /// belong to dates that write a value (`start`) or a bound (`earliest`,
    /// `latest`); `not_given` to dates that write neither.
    ///
    /// ```json
    /// { "precision": "unknown", "basis": "not_given" }
    /// ```
    id: "date-basis",
    severity: Error,
    summary: "A date that writes no value and no bound but is `stated` or `inferred`, or one that writes something but is `not_given`.",
    hint: "Write `basis: not_given` for a date the text gives nothing about (precision `unknown`, no bounds); give `stated` or `inferred` to a date that writes a value or a bound.",
    fixture: include_str!("date_basis.fixture.json"),
}

/// Every date of the article.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    for (site, date, _) in ctx.dates() {
        let writes_nothing = date.start.is_none()
            && date.end.is_none()
            && date.earliest.is_none()
            && date.latest.is_none();
        let message = match (date.basis, writes_nothing) {
            (Basis::NotGiven, false) => {
                "the date writes a value or a bound, but its basis is `not_given`".to_owned()
            }
            (Basis::NotGiven, true) => continue,
            (basis, true) => format!(
                "the date writes no value and no bound, so the text gives nothing: its basis is `not_given`, not `{basis}`"
            ),
            (_, false) => continue,
        };
        out.push(Draft::new(
            Rule::DateBasis,
            format!("{}/basis", site.pointer()),
            message,
        ));
    }
}
