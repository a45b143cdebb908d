//! Rules that need one document only, checked on the typed values: ids and
//! references inside an article, dates, rosters and evidence. Each finding
//! is located by the JSON Pointer of the value it concerns.

use std::collections::HashMap;

use super::finding::Draft;
use super::rules::Rule;
use crate::model::{
    Article, DatePrecision, DateValue, EntitiesFile, Evidence, Fact, FactKind, PartialDate,
};
use crate::text;

/// Checks one article.
pub fn check_article(article: &Article, out: &mut Vec<Draft>) {
    check_date(&article.published, "/published", out);
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, fact) in article.facts.iter().enumerate() {
        if let Some(first) = ids.insert(fact.id().as_str(), i) {
            out.push(
                Draft::new(
                    Rule::DuplicateId,
                    format!("/facts/{i}/id"),
                    format!("fact id `{}` is already used by /facts/{first}", fact.id()),
                )
                .hint("Give each fact an id unique within its article."),
            );
            // Keep the first occurrence as the one references resolve to.
            ids.insert(fact.id().as_str(), first);
        }
    }
    let body = text::CharIndex::new(&article.body);
    // Each relocation hint searches the whole body: a budget per article,
    // so that thousands of misplaced spans stay linear.
    let mut searches = RelocationBudget::new();
    for (i, fact) in article.facts.iter().enumerate() {
        let at = format!("/facts/{i}");
        check_fact_refs(article, fact, &at, &ids, out);
        check_inferred_paths(fact, &at, out);
        if let Some(date) = fact.date() {
            let date_at = format!("{at}/date");
            check_date(date, &date_at, out);
            check_against_publication(article, fact, date, &date_at, out);
        }
        if let Fact::Meeting(m) = fact {
            check_roster(m, &at, out);
        }
        check_evidence(
            &body,
            fact.evidence(),
            &format!("{at}/evidence"),
            &mut searches,
            out,
        );
    }
    for (i, note) in article.text_notes.iter().enumerate() {
        check_evidence(
            &body,
            &note.evidence,
            &format!("/text_notes/{i}/evidence"),
            &mut searches,
            out,
        );
    }
}

/// Checks the entity registry's own consistency: unique ids and the dates
/// of names.
pub fn check_entities(file: &EntitiesFile, out: &mut Vec<Draft>) {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (i, entity) in file.entities.iter().enumerate() {
        if let Some(&first) = ids.get(entity.id.as_str()) {
            out.push(Draft::new(
                Rule::DuplicateId,
                format!("/entities/{i}/id"),
                format!(
                    "entity id `{}` is already used by /entities/{first}",
                    entity.id
                ),
            ));
        } else {
            ids.insert(entity.id.as_str(), i);
        }
        for (j, name) in entity.other_names.iter().enumerate() {
            let at = format!("/entities/{i}/other_names/{j}");
            for (field, date) in [("from", name.from), ("until", name.until)] {
                if let Some(d) = date {
                    check_calendar(&d, &format!("{at}/{field}"), out);
                }
            }
            if let (Some(from), Some(until)) = (name.from, name.until) {
                if from.first_day() > until.last_day()
                    && from.is_calendar_valid()
                    && until.is_calendar_valid()
                {
                    out.push(Draft::new(
                        Rule::DateOrder,
                        format!("{at}/until"),
                        format!("the name is valid from {from} until {until}, which is earlier"),
                    ));
                }
            }
        }
    }
}

fn check_fact_refs(
    article: &Article,
    fact: &Fact,
    at: &str,
    ids: &HashMap<&str, usize>,
    out: &mut Vec<Draft>,
) {
    for (path, id) in fact.fact_refs() {
        let pointer = format!("{at}{path}");
        match ids.get(id.as_str()) {
            None => out.push(
                Draft::new(
                    Rule::UnknownReference,
                    pointer,
                    format!("no fact `{id}` in this article"),
                )
                .hint(format!(
                    "Refer to a fact of the same article by its id; ids here: {}.",
                    list_ids(article)
                )),
            ),
            Some(&target)
                if path == "/according_to"
                    && article.facts[target].kind() != FactKind::Statement =>
            {
                out.push(Draft::new(
                    Rule::UnknownReference,
                    pointer,
                    format!(
                        "`according_to` names `{id}`, a {} fact, not a statement",
                        article.facts[target].kind()
                    ),
                ).hint("`according_to` names the statement fact in which the article reports this fact."));
            }
            Some(_) => {}
        }
    }
}

/// The article's fact ids for a hint: the first few and how many more.
fn list_ids(article: &Article) -> String {
    super::list_capped(
        article.facts.iter().map(|f| f.id().as_str()),
        article.facts.len(),
        super::HINT_LIST_MAX,
    )
}

fn check_inferred_paths(fact: &Fact, at: &str, out: &mut Vec<Draft>) {
    if fact.inferred().is_empty() {
        return;
    }
    // Only facts with inferences pay for the JSON form they are resolved in.
    let value = serde_json::to_value(fact).unwrap_or_default();
    for (j, inference) in fact.inferred().iter().enumerate() {
        let resolves = inference.path.starts_with('/') && value.pointer(&inference.path).is_some();
        if !resolves {
            out.push(
                Draft::new(
                    Rule::UnknownReference,
                    format!("{at}/inferred/{j}/path"),
                    format!("`{}` does not point at a field of this fact", inference.path),
                )
                .hint("Write a JSON Pointer relative to the fact, e.g. `/round`, `/participants/0` or `/date`."),
            );
        }
    }
}

/// `invalid-date` and `date-order` for one DateValue at `at`.
pub fn check_date(date: &DateValue, at: &str, out: &mut Vec<Draft>) {
    let fields = [
        ("start", date.start),
        ("end", date.end),
        ("earliest", date.earliest),
        ("latest", date.latest),
    ];
    for (field, value) in fields {
        if let Some(d) = value {
            check_calendar(&d, &format!("{at}/{field}"), out);
        }
    }
    match date.precision {
        DatePrecision::Unknown => {
            for (field, value) in [("start", date.start), ("end", date.end)] {
                if value.is_some() {
                    out.push(Draft::new(
                        Rule::InvalidDate,
                        format!("{at}/{field}"),
                        format!("`{field}` is given but the precision is `unknown`"),
                    ).hint("With precision `unknown`, bound the value with `earliest`/`latest`; or give the precision `start` is written at."));
                }
            }
        }
        precision => {
            if date.start.is_none() {
                out.push(Draft::new(
                    Rule::InvalidDate,
                    at,
                    format!("precision is `{}` but `start` is missing", precision.as_str()),
                ).hint("Give `start` (and `end` for a span) at the stated precision, or set the precision to `unknown`."));
            }
            for (field, value) in [("start", date.start), ("end", date.end)] {
                if let Some(d) = value {
                    if d.precision() != precision {
                        out.push(Draft::new(
                            Rule::InvalidDate,
                            format!("{at}/{field}"),
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
                        format!("{at}/{b_name}"),
                        format!("`{b_name}` ({b}) is before `{a_name}` ({a})"),
                    ));
                }
            }
        }
    }
}

fn check_calendar(date: &PartialDate, at: &str, out: &mut Vec<Draft>) {
    if !date.is_calendar_valid() {
        out.push(
            Draft::new(
                Rule::InvalidDate,
                at,
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

/// `date-after-publication`: an event that cannot have happened before the
/// article was published. Decided only when both are bounded: the event's
/// earliest day against the publication's latest day.
fn check_against_publication(
    article: &Article,
    fact: &Fact,
    date: &DateValue,
    at: &str,
    out: &mut Vec<Draft>,
) {
    if matches!(fact, Fact::Meeting(m) if m.planned) {
        return;
    }
    let (Some(event_from), Some(published_by)) =
        (date.lower_bound(), article.published.upper_bound())
    else {
        return;
    };
    if event_from > published_by {
        let published = if article.published.start.is_some() {
            format!("the article was published ({})", article.published)
        } else {
            format!("the latest day the article can have been published ({published_by})")
        };
        out.push(Draft::new(
            Rule::DateAfterPublication,
            at,
            format!("dated {date}, after {published}"),
        ));
    }
}

/// `participant-duplicate` and `role-conflict` within one meeting.
fn check_roster(meeting: &crate::model::Meeting, at: &str, out: &mut Vec<Draft>) {
    let mut seen: HashMap<&str, (usize, crate::model::Role)> = HashMap::new();
    for (i, p) in meeting.participants.iter().enumerate() {
        match seen.get(p.entity.as_str()) {
            None => {
                seen.insert(p.entity.as_str(), (i, p.role));
            }
            Some(&(first, role)) if role == p.role => out.push(Draft::new(
                Rule::ParticipantDuplicate,
                format!("{at}/participants/{i}"),
                format!(
                    "`{}` is already listed as {role} at participants/{first}",
                    p.entity
                ),
            )),
            Some(&(first, role)) => out.push(Draft::new(
                Rule::RoleConflict,
                format!("{at}/participants/{i}/role"),
                format!(
                    "`{}` is listed as {} here and as {role} at participants/{first}",
                    p.entity, p.role
                ),
            )),
        }
    }
}

/// `evidence-out-of-bounds`, `evidence-quote-mismatch` and
/// `evidence-splits-grapheme` for a list of spans.
pub fn check_evidence(
    body: &text::CharIndex<'_>,
    evidence: &[Evidence],
    at: &str,
    searches: &mut RelocationBudget,
    out: &mut Vec<Draft>,
) {
    let whole = body.slice(0, body.len()).unwrap_or_default();
    for (j, e) in evidence.iter().enumerate() {
        let span_at = format!("{at}/{j}");
        let (start, end) = (e.start as usize, e.end as usize);
        let Some(actual) = body.slice(start, end) else {
            let what = if start > end {
                format!("`start` ({start}) is after `end` ({end})")
            } else {
                format!(
                    "`end` ({end}) is past the end of the body ({} code points)",
                    body.len()
                )
            };
            out.push(
                Draft::new(Rule::EvidenceOutOfBounds, span_at, what)
                    .hint(relocate_hint(whole, &e.quote, searches)),
            );
            continue;
        };
        if actual != e.quote {
            out.push(
                Draft::new(
                    Rule::EvidenceQuoteMismatch,
                    format!("{span_at}/quote"),
                    format!(
                        "body[{start}..{end}] is \"{}\", not the quote",
                        excerpt(actual)
                    ),
                )
                .hint(relocate_hint(whole, &e.quote, searches)),
            );
            continue;
        }
        if let Some(message) = splits_grapheme(body, start, end) {
            out.push(Draft::new(
                Rule::EvidenceSplitsGrapheme,
                span_at.clone(),
                message,
            ));
        }
        let (prefix_ok, suffix_ok) =
            body.context_matches(start, end, e.prefix.as_deref(), e.suffix.as_deref());
        if !prefix_ok {
            out.push(Draft::new(
                Rule::EvidenceQuoteMismatch,
                format!("{span_at}/prefix"),
                "the text before the span does not end with `prefix`",
            ));
        }
        if !suffix_ok {
            out.push(Draft::new(
                Rule::EvidenceQuoteMismatch,
                format!("{span_at}/suffix"),
                "the text after the span does not start with `suffix`",
            ));
        }
    }
}

/// Why the span `start..end` cuts a letter from its marks, if it does: it
/// starts on a combining mark or joiner, or the character after it is one.
fn splits_grapheme(body: &text::CharIndex<'_>, start: usize, end: usize) -> Option<String> {
    let joins = |c: char| {
        unicode_normalization::char::is_combining_mark(c)
            || c == '\u{200D}'
            || ('\u{FE00}'..='\u{FE0F}').contains(&c)
    };
    if start < end {
        if let Some(first) = body.char_at(start).filter(|c| joins(*c)) {
            return Some(format!(
                "the span starts on U+{:04X}, a mark that belongs to the letter before it",
                u32::from(first)
            ));
        }
    }
    if let Some(next) = body.char_at(end).filter(|c| joins(*c)) {
        return Some(format!(
            "the span ends just before U+{:04X}, a mark that belongs to its last letter",
            u32::from(next)
        ));
    }
    None
}

/// How many misplaced spans per article get a hint that says where their
/// quote really is, and how many bytes of body those searches may scan in
/// all (a 5 KB article gets every search, an 8 MB one a few).
const RELOCATION_SEARCHES: usize = 100;
const RELOCATION_BYTES: usize = 64 << 20;

/// What is left of an article's budget for relocation hints.
pub struct RelocationBudget {
    searches: usize,
    bytes: usize,
}

impl RelocationBudget {
    /// The budget of one article.
    pub fn new() -> Self {
        RelocationBudget {
            searches: RELOCATION_SEARCHES,
            bytes: RELOCATION_BYTES,
        }
    }
}

impl Default for RelocationBudget {
    fn default() -> Self {
        Self::new()
    }
}

/// Where the quote really is, if it occurs in the body, while the
/// article's search budget lasts.
fn relocate_hint(body: &str, quote: &str, budget: &mut RelocationBudget) -> String {
    if budget.searches == 0 || budget.bytes < body.len() {
        return "Remove `start` and `end` and run `astana-corpus fmt` to place the quote (not searched here: the article has too many misplaced spans to search for each).".to_owned();
    }
    budget.searches -= 1;
    budget.bytes -= body.len();
    let found = text::find_all(body, quote);
    let len = text::char_len(quote);
    match found.as_slice() {
        [] => "The quote does not occur in the body at all: copy it from the body exactly (same letters, diacritics and punctuation).".to_owned(),
        [at] => format!(
            "The quote occurs at start {at}, end {}. Offsets count code points; remove `start` and `end` and run `astana-corpus fmt` to fill them.",
            at + len
        ),
        many => format!(
            "The quote occurs {} times (at {}); add a `prefix` or `suffix` to choose one, then run `astana-corpus fmt`.",
            many.len(),
            super::list_capped(many, many.len(), super::HINT_LIST_MAX)
        ),
    }
}

/// The first 40 characters of a string, for messages.
pub fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}
