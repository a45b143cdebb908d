//! `date-order`: a range that ends before it starts.

use super::ArticleContext;
use crate::model::DateValue;
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// A span (`start`/`end`) or a bound (`earliest`/`latest`) whose second
    /// value is certainly before its first. Partial dates compare by the
    /// days they can cover: `2018-05` to `2018-05-14` is in order.
    id: "date-order",
    severity: Error,
    summary: "A date range that ends before it starts: `start` after `end`, or `earliest` after `latest`.",
    hint: "Swap the two values, or correct the one that is wrong.",
    fixture: include_str!("date_order.fixture.json"),
}

/// Every date of the article.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    for (site, date, _) in ctx.dates() {
        check_date(date, &|| site.pointer(), out);
    }
}

/// One DateValue at `at`.
pub fn check_date(date: &DateValue, at: &dyn Fn() -> String, out: &mut Vec<Draft>) {
    let order = [
        ("start", date.start, "end", date.end),
        ("earliest", date.earliest, "latest", date.latest),
    ];
    for (a_name, a, b_name, b) in order {
        if let (Some(a), Some(b)) = (a, b) {
            if let (Some(a_first), Some(b_last)) = (a.first_day(), b.last_day()) {
                if a_first > b_last {
                    out.push(Draft::new(
                        Rule::DateOrder,
                        format!("{}/{b_name}", at()),
                        format!("`{b_name}` ({b}) is before `{a_name}` ({a})"),
                    ));
                }
            }
        }
    }
}
