//! Dates whose precision is explicit: [`PartialDate`] and [`DateValue`].
//!
//! A news article rarely gives a full date. "January 2017" is a month, not
//! 1 January; "20–21 June" without a year is a day range whose year somebody
//! inferred. These types keep that honesty: a partial date stays partial, and
//! every [`DateValue`] says whether it was stated or inferred.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date written to year, month or day precision: `2017`,
/// `2018-05` or `2023-06-21`.
///
/// Parsing checks the form only (four-digit year, then optionally two-digit
/// month and day). Whether the value is a real calendar date (no month 13, no
/// 30 February) is the validator's `invalid-date` rule, so that a contributor
/// gets a located finding rather than a parse failure; use
/// [`PartialDate::is_calendar_valid`] to check it in code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    year: u16,
    month: Option<u8>,
    day: Option<u8>,
}

vocabulary! {
    /// How precisely a date is known.
    pub enum DatePrecision {
        /// Known to the day: values are written `YYYY-MM-DD`.
        Day = "day",
        /// Known to the month: values are written `YYYY-MM`.
        Month = "month",
        /// Known to the year: values are written `YYYY`.
        Year = "year",
        /// Not known: `start` and `end` are absent; `earliest` and `latest` may
        /// bound the value.
        Unknown = "unknown",
    }
}

vocabulary! {
    /// Whether a value is stated in the article, inferred by the annotators,
    /// or not given at all. A reader who keeps `stated` dates keeps only
    /// values the text states.
    pub enum Basis {
        /// Every part of the value is stated in the article text.
        Stated = "stated",
        /// At least part of the value is not in the text; the accompanying note
        /// says what was inferred and from what.
        Inferred = "inferred",
        /// The text gives nothing and nothing is inferred: the date is
        /// `unknown`, with no bounds.
        NotGiven = "not_given",
    }
}

vocabulary! {
    /// A part of a date value that can be inferred on its own.
    pub enum DatePart {
        /// The year of `start` and `end`.
        Year = "year",
        /// The month of `start` and `end`.
        Month = "month",
        /// The day of `start` and `end`.
        Day = "day",
        /// The `earliest` bound.
        Earliest = "earliest",
        /// The `latest` bound.
        Latest = "latest",
    }
}

/// A date or date range with explicit precision and provenance.
///
/// Two kinds of range are kept apart. `start`/`end` describe a span the
/// article gives (a meeting held on 20 and 21 June). `earliest`/`latest`
/// bound a value that is itself unknown or imprecise (an article published
/// no earlier than the meeting it reports). A single date is `start` alone.
///
/// A date can be stated in part: "on 20 and 21 June" states the day and
/// month and leaves the year to the annotators. `inferred_parts` names the
/// parts that are inferred, so that a reader who keeps only stated values
/// keeps the day and month and drops only the year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DateValue {
    /// How precisely the date is known. `start` and `end` must be written at
    /// exactly this precision; with `unknown` they are absent.
    pub precision: DatePrecision,
    /// The date, or the first date of a span. Absent when the precision is
    /// `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<PartialDate>,
    /// The last date of a span; absent for a single date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<PartialDate>,
    /// The earliest the value can be, at any precision, when it is not known
    /// exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earliest: Option<PartialDate>,
    /// The latest the value can be, at any precision, when it is not known
    /// exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<PartialDate>,
    /// Whether the value is stated in the article, inferred, or not given:
    /// `inferred` exactly when `inferred_parts` is not empty, `not_given`
    /// exactly when the date writes nothing (precision `unknown`, no
    /// bounds).
    pub basis: Basis,
    /// The parts of the value that are inferred rather than stated, in the
    /// order year, month, day, earliest, latest; empty when the whole value
    /// is stated. Each must be a part the value writes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inferred_parts: Vec<DatePart>,
    /// What was inferred and from what, or any other remark on the date.
    /// Give one whenever `basis` is `inferred`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A string that is not of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartialDateFormError(String);

impl fmt::Display for PartialDateFormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD",
            self.0
        )
    }
}

impl std::error::Error for PartialDateFormError {}

impl PartialDate {
    /// A date known to the year.
    pub fn year_only(year: u16) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// A date known to the month.
    pub fn year_month(year: u16, month: u8) -> Self {
        PartialDate {
            year,
            month: Some(month),
            day: None,
        }
    }

    /// A date known to the day.
    pub fn ymd(year: u16, month: u8, day: u8) -> Self {
        PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month (1–12 when calendar-valid), if known.
    pub fn month(&self) -> Option<u8> {
        self.month
    }

    /// The day of the month, if known.
    pub fn day(&self) -> Option<u8> {
        self.day
    }

    /// The precision this value is written at (never `unknown`).
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (_, Some(_)) => DatePrecision::Day,
            (Some(_), None) => DatePrecision::Month,
            (None, None) => DatePrecision::Year,
        }
    }

    /// Whether the written parts name a real calendar date, month or year.
    pub fn is_calendar_valid(&self) -> bool {
        self.first_day().is_some()
    }

    /// The first calendar day the value covers (1 January for a year), or
    /// `None` when it is not a calendar date.
    pub fn first_day(&self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(
            i32::from(self.year),
            u32::from(self.month.unwrap_or(1)),
            u32::from(self.day.unwrap_or(1)),
        )
    }

    /// The last calendar day the value covers (31 December for a year, the
    /// month's last day for a month), or `None` when it is not a calendar date.
    pub fn last_day(&self) -> Option<NaiveDate> {
        let first = self.first_day()?;
        match (self.month, self.day) {
            (_, Some(_)) => Some(first),
            (Some(_), None) => {
                let next_month = if first.month() == 12 {
                    NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
                }?;
                next_month.pred_opt()
            }
            (None, None) => NaiveDate::from_ymd_opt(first.year(), 12, 31),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl FromStr for PartialDate {
    type Err = PartialDateFormError;

    // By position: the three forms differ in length, and every byte has
    // one place. (Splitting at `-` and parsing each part cost validate
    // about 1% of its instructions, a date in every fact.)
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        let digits = |from: usize, len: usize| -> Option<u16> {
            b.get(from..from + len)?.iter().try_fold(0u16, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u16::from(c - b'0'))
            })
        };
        let dash = |at: usize| b.get(at) == Some(&b'-');
        let two = |from: usize| digits(from, 2).map(|n| n as u8);
        let date = match b.len() {
            4 => digits(0, 4).map(|year| (year, None, None)),
            7 if dash(4) => digits(0, 4).zip(two(5)).map(|(y, m)| (y, Some(m), None)),
            10 if dash(4) && dash(7) => digits(0, 4)
                .zip(two(5))
                .zip(two(8))
                .map(|((y, m), d)| (y, Some(m), Some(d))),
            _ => None,
        };
        let (year, month, day) = date.ok_or_else(|| PartialDateFormError(s.to_owned()))?;
        Ok(PartialDate { year, month, day })
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Parsed from the text as the deserializer lends it: a `Cow` or a
        // `String` would be a copy of every date, made only to be parsed.
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written YYYY, YYYY-MM or YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<PartialDate, E> {
                s.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Text)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for PartialDate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PartialDate".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
            "description": "A date written to year (YYYY), month (YYYY-MM) or day (YYYY-MM-DD) precision. Partial dates stay partial: never pad a month to its first day.",
            "examples": ["2017", "2018-05", "2023-06-21"]
        })
    }
}

impl DateValue {
    /// A date the text gives nothing about: unknown, with no bounds, basis
    /// `not_given`.
    pub fn not_given() -> Self {
        DateValue {
            precision: DatePrecision::Unknown,
            start: None,
            end: None,
            earliest: None,
            latest: None,
            basis: Basis::NotGiven,
            inferred_parts: Vec::new(),
            note: None,
        }
    }

    /// The parts the value writes: year, month and day of `start` at its
    /// precision, then `earliest` and `latest` when present.
    pub fn written_parts(&self) -> Vec<DatePart> {
        let mut parts = Vec::new();
        if let Some(start) = self.start {
            parts.push(DatePart::Year);
            if start.month().is_some() {
                parts.push(DatePart::Month);
            }
            if start.day().is_some() {
                parts.push(DatePart::Day);
            }
        }
        if self.earliest.is_some() {
            parts.push(DatePart::Earliest);
        }
        if self.latest.is_some() {
            parts.push(DatePart::Latest);
        }
        parts
    }

    /// Whether a part of the value is inferred.
    pub fn is_inferred(&self, part: DatePart) -> bool {
        self.inferred_parts.contains(&part)
    }

    /// Whether the value is unknown (no `start`).
    pub fn is_unknown(&self) -> bool {
        self.precision == DatePrecision::Unknown
    }

    /// The earliest calendar day the value can fall on: the first day of
    /// `start`, or else of `earliest`. `None` when unbounded or not a
    /// calendar date.
    pub fn lower_bound(&self) -> Option<NaiveDate> {
        self.start.or(self.earliest)?.first_day()
    }

    /// The latest calendar day the value can fall on: the last day of `end`
    /// (or of `start` for a single date), or else of `latest`. `None` when
    /// unbounded or not a calendar date.
    pub fn upper_bound(&self) -> Option<NaiveDate> {
        self.end.or(self.start).or(self.latest)?.last_day()
    }
}

impl fmt::Display for DateValue {
    /// `2023-06-20/2023-06-21`, `2017-01`, `unknown (≥ 2023-06-21)`; a
    /// trailing `*` marks an inferred value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.start, self.end) {
            (Some(start), Some(end)) => write!(f, "{start}/{end}")?,
            (Some(start), None) => write!(f, "{start}")?,
            _ => {
                f.write_str("unknown")?;
                match (self.earliest, self.latest) {
                    (Some(a), Some(b)) => write!(f, " ({a} to {b})")?,
                    (Some(a), None) => write!(f, " (not before {a})")?,
                    (None, Some(b)) => write!(f, " (not after {b})")?,
                    (None, None) => {}
                }
            }
        }
        if self.basis == Basis::Inferred {
            f.write_str("*")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_from_json_borrowed_escaped_or_owned() {
        let from_text = |json: &str| serde_json::from_str::<PartialDate>(json);
        // Borrowed from the text, and decoded from escapes (a transient
        // string): the same date.
        assert_eq!(from_text("\"2017-01\"").unwrap().to_string(), "2017-01");
        assert_eq!(
            from_text("\"2017-0\\u0031\"").unwrap().to_string(),
            "2017-01"
        );
        // From an owned `Value`, which hands over a `String`.
        let owned: PartialDate = serde_json::from_value(serde_json::json!("2023-06-21")).unwrap();
        assert_eq!(owned.to_string(), "2023-06-21");
        // Wrong type and wrong form both say what a date looks like.
        for bad in ["2017", "\"2017-1\"", "\"17-01-01\"", "null"] {
            let message = from_text(bad).unwrap_err().to_string();
            assert!(message.contains("YYYY"), "{bad}: {message}");
        }
    }

    #[test]
    fn parses_and_prints_each_precision() {
        for s in ["2017", "2018-05", "2023-06-21"] {
            let d: PartialDate = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
        }
        assert_eq!(
            "2018-05".parse::<PartialDate>().unwrap().precision(),
            DatePrecision::Month
        );
    }

    #[test]
    fn rejects_other_forms() {
        for s in [
            "",
            "17",
            "2017-5",
            "2017-05-1",
            "2017-05-01-01",
            "2017/05",
            "２０１７",
            "2017-",
        ] {
            assert!(s.parse::<PartialDate>().is_err(), "{s:?} parsed");
        }
    }

    #[test]
    fn reads_by_position_what_splitting_at_dashes_reads() {
        // The reader it replaced, kept as the reference.
        fn by_parts(s: &str) -> Option<(u16, Option<u8>, Option<u8>)> {
            fn digits(part: &str, len: usize) -> Option<&str> {
                (part.len() == len && part.bytes().all(|b| b.is_ascii_digit())).then_some(part)
            }
            let mut parts = s.split('-');
            let year = digits(parts.next()?, 4)?.parse().ok()?;
            let mut two = || -> Result<Option<u8>, ()> {
                match parts.next() {
                    None => Ok(None),
                    Some(p) => Ok(Some(digits(p, 2).ok_or(())?.parse().map_err(|_| ())?)),
                }
            };
            let (month, day) = (two().ok()?, two().ok()?);
            two().ok()?.is_none().then_some((year, month, day))
        }
        // Every string of up to seven characters over two digits, a dash,
        // a slash and an Arabic-Indic digit (two bytes), then each valid
        // form with each of its bytes replaced in turn, and with a dash
        // before or after.
        let alphabet: [&str; 5] = ["0", "9", "-", "/", "٠"];
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..7 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |a| format!("{t}{a}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        for valid in ["2023-06-21", "1999-12", "0000"] {
            for at in 0..valid.len() {
                for by in ["0", "5", "9", "-", "/", ":", "a", " "] {
                    let mut t = valid.to_owned();
                    t.replace_range(at..at + 1, by);
                    texts.push(t);
                }
            }
            texts.push(format!("{valid}-"));
            texts.push(format!("-{valid}"));
        }
        assert!(texts.len() > 90_000);
        for text in &texts {
            let read = text
                .parse::<PartialDate>()
                .ok()
                .map(|d| (d.year, d.month, d.day));
            assert_eq!(read, by_parts(text), "{text:?}");
        }
    }

    #[test]
    fn form_is_separate_from_calendar_validity() {
        let d: PartialDate = "2023-02-30".parse().unwrap();
        assert!(!d.is_calendar_valid());
        assert!(!"2023-13"
            .parse::<PartialDate>()
            .unwrap()
            .is_calendar_valid());
        assert!("2024-02-29"
            .parse::<PartialDate>()
            .unwrap()
            .is_calendar_valid());
    }

    #[test]
    fn bounds_cover_the_whole_period() {
        let month: PartialDate = "2024-02".parse().unwrap();
        assert_eq!(month.first_day(), NaiveDate::from_ymd_opt(2024, 2, 1));
        assert_eq!(month.last_day(), NaiveDate::from_ymd_opt(2024, 2, 29));
        let december: PartialDate = "2018-12".parse().unwrap();
        assert_eq!(december.last_day(), NaiveDate::from_ymd_opt(2018, 12, 31));
        let year: PartialDate = "2017".parse().unwrap();
        assert_eq!(year.last_day(), NaiveDate::from_ymd_opt(2017, 12, 31));
    }
}
