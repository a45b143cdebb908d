//! `invalid-date`: not a calendar date, or a form that does not match the
//! precision.

use super::ArticleContext;
use crate::model::{DatePrecision, DateValue, EntitiesFile, PartialDate};
use crate::validate::finding::Draft;
use crate::validate::rules::Rule;

super::super::declare_rule! {
    /// Every date says how precisely it is known, and is written at exactly
    /// that precision: `2018-05` is May 2018, never padded to a day. A date
    /// that is not in the calendar (30 February), written at another
    /// precision than it claims, or an `unknown` date that still gives
    /// `start`, would make the exports and the timeline rules compare
    /// days that were never stated.
    id: "invalid-date",
    severity: Error,
    summary: "A date that is not a calendar date (2023-02-30, month 13), or whose form does not match its precision.",
    hint: "Write `start`/`end` at exactly the stated precision (day: YYYY-MM-DD, month: YYYY-MM, year: YYYY); with precision `unknown`, use only `earliest`/`latest`.",
    fixture: include_str!("invalid_date.fixture.json"),
}

/// Every date of the article.
pub fn check(ctx: &ArticleContext<'_>, out: &mut Vec<Draft>) {
    for (site, date, _) in ctx.dates() {
        check_date(date, &|| site.pointer(), out);
    }
}

/// The dates of the registry's names.
pub fn check_entities(file: &EntitiesFile, out: &mut Vec<Draft>) {
    for (i, entity) in file.entities.iter().enumerate() {
        for (j, name) in entity.other_names.iter().enumerate() {
            for (field, date) in [("from", name.from), ("until", name.until)] {
                if let Some(d) = date {
                    check_calendar(
                        &d,
                        &|| format!("/entities/{i}/other_names/{j}/{field}"),
                        out,
                    );
                }
            }
        }
    }
}

/// One DateValue at `at`.
pub fn check_date(date: &DateValue, at: &dyn Fn() -> String, out: &mut Vec<Draft>) {
    let fields = [
        ("start", date.start),
        ("end", date.end),
        ("earliest", date.earliest),
        ("latest", date.latest),
    ];
    for (field, value) in fields {
        if let Some(d) = value {
            check_calendar(&d, &|| format!("{}/{field}", at()), out);
        }
    }
    match date.precision {
        DatePrecision::Unknown => {
            for (field, value) in [("start", date.start), ("end", date.end)] {
                if value.is_some() {
                    out.push(Draft::new(
                        Rule::InvalidDate,
                        format!("{}/{field}", at()),
                        format!("`{field}` is given but the precision is `unknown`"),
                    ).hint("With precision `unknown`, bound the value with `earliest`/`latest`; or give the precision `start` is written at."));
                }
            }
        }
        precision => {
            if date.start.is_none() {
                out.push(Draft::new(
                    Rule::InvalidDate,
                    at(),
                    format!("precision is `{}` but `start` is missing", precision.as_str()),
                ).hint("Give `start` (and `end` for a span) at the stated precision, or set the precision to `unknown`."));
            }
            for (field, value) in [("start", date.start), ("end", date.end)] {
                if let Some(d) = value {
                    if d.precision() != precision {
                        out.push(Draft::new(
                            Rule::InvalidDate,
                            format!("{}/{field}", at()),
                            format!(
                                "`{d}` is written to {} precision but the date's precision is `{}`",
                                d.precision().as_str(),
                                precision.as_str()
                            ),
                        ).hint(format!("Write it as {}, or change `precision`. Never pad a partial date to a day.", form(precision))));
                    }
                }
            }
        }
    }
}

fn check_calendar(date: &PartialDate, at: &dyn Fn() -> String, out: &mut Vec<Draft>) {
    if !date.is_calendar_valid() {
        out.push(
            Draft::new(
                Rule::InvalidDate,
                at(),
                format!("`{date}` is not a calendar date"),
            )
            .hint(
                "Months run 01–12 and days to the month's length (February 29 only in leap years).",
            ),
        );
    }
}

fn form(p: DatePrecision) -> &'static str {
    match p {
        DatePrecision::Day => "YYYY-MM-DD",
        DatePrecision::Month => "YYYY-MM",
        DatePrecision::Year => "YYYY",
        DatePrecision::Unknown => "nothing (use earliest/latest)",
    }
}
