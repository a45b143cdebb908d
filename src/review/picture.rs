//! The picture of the process on the review index: for each series, its
//! rounds along a time axis and each entity's role at each round (host,
//! guarantor, party, mediator, observer, or declined), drawn as inline SVG
//! from the merged meetings and the participation changes. It needs no
//! script, says what it shows in its `<title>` and `<desc>` (the meetings
//! table beside it holds the same values as text), and draws a round whose
//! date is partial or inferred apart from one stated to the day.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::escape::{html, visible};
use crate::meetings::Identity;
use crate::model::{
    Basis, DatePrecision, DateValue, Fact, Modality, ParticipationChangeKind, Role,
};
use crate::validate::render::count;
use crate::Corpus;

/// What a mark says an entity was at a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    Role(Role),
    Declined,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Role(role) => role.as_str(),
            Part::Declined => "declined",
        }
    }

    /// The letter in the mark, so that the picture never relies on colour.
    fn letter(self) -> &'static str {
        match self {
            Part::Role(Role::Host) => "H",
            Part::Role(Role::Guarantor) => "G",
            Part::Role(Role::Party) => "P",
            Part::Role(Role::Observer) => "O",
            Part::Role(Role::Mediator) => "M",
            Part::Declined => "D",
        }
    }
}

/// One round as the picture draws it.
struct Round<'a> {
    number: u32,
    date: Option<&'a DateValue>,
    /// What each entity was: the first a roster or a declining says.
    marks: BTreeMap<String, Part>,
}

/// The legend, shown once under the pictures.
pub(super) const LEGEND: &str = "<p class=\"legend\">In each picture, a column is a round, placed by its date; a row is an entity. <b>H</b> host, <b>G</b> guarantor, <b>P</b> party, <b>M</b> mediator, <b>O</b> observer, <b>D</b> declined that round. On the axis, a filled dot is a date the articles state to the day; a hollow, dashed dot is a partial or inferred date (marked <code>*</code> in the table when inferred); undated rounds stand at the right. Only meetings that took place (<code>asserted</code>) are drawn.</p>";

/// One `<figure>` per series with numbered rounds; empty when there is none.
pub(super) fn pictures(
    corpus: &Corpus,
    meetings: &[crate::CorpusMeeting<'_>],
    names: &BTreeMap<String, String>,
) -> String {
    let mut by_series: BTreeMap<&str, BTreeMap<u32, Round<'_>>> = BTreeMap::new();
    for m in meetings {
        let Identity::Round(number) = m.identity else {
            continue;
        };
        if m.modality != Modality::Asserted {
            continue;
        }
        let round = round_of(&mut by_series, m.series.as_str(), number);
        round.date = m.date.as_ref().map(|d| d.value);
        for p in &m.participants {
            round
                .marks
                .entry(p.value.entity.to_string())
                .or_insert(Part::Role(p.value.role));
        }
    }
    for entry in corpus.facts() {
        let Fact::ParticipationChange(c) = entry.fact else {
            continue;
        };
        let (Some(number), true) = (c.round, c.change == ParticipationChangeKind::Declined) else {
            continue;
        };
        if c.modality != Modality::Asserted {
            continue;
        }
        round_of(&mut by_series, c.series.as_str(), number)
            .marks
            .entry(c.entity.to_string())
            .or_insert(Part::Declined);
    }
    let mut out = String::new();
    for (k, (series, rounds)) in by_series.iter().enumerate() {
        let rounds: Vec<&Round<'_>> = rounds.values().collect();
        out.push_str(&picture(k, series, &rounds, names));
    }
    if !out.is_empty() {
        out.push_str(LEGEND);
    }
    out
}

/// The round `number` of `series`, added if new.
fn round_of<'a, 'b>(
    by_series: &'b mut BTreeMap<&'a str, BTreeMap<u32, Round<'a>>>,
    series: &'a str,
    number: u32,
) -> &'b mut Round<'a> {
    by_series
        .entry(series)
        .or_default()
        .entry(number)
        .or_insert_with(|| Round {
            number,
            date: None,
            marks: BTreeMap::new(),
        })
}

const LEFT: f64 = 190.0;
const RIGHT: f64 = 880.0;
const UNDATED: f64 = 50.0;
const AXIS: f64 = 36.0;
const ROW: f64 = 26.0;
const TOP: f64 = 70.0;

fn name<'a>(id: &'a str, names: &'a BTreeMap<String, String>) -> &'a str {
    names.get(id).map_or(id, String::as_str)
}

fn picture(
    k: usize,
    series: &str,
    rounds: &[&Round<'_>],
    names: &BTreeMap<String, String>,
) -> String {
    // Rows: every entity with a mark, ordered by its first mark's role,
    // then by name.
    let mut first_part: BTreeMap<&str, Part> = BTreeMap::new();
    for round in rounds {
        for (entity, part) in &round.marks {
            let row = first_part.entry(entity).or_insert(*part);
            *row = (*row).min(*part);
        }
    }
    let mut entities: Vec<(&str, Part)> = first_part.into_iter().collect();
    entities.sort_by(|a, b| (a.1, name(a.0, names)).cmp(&(b.1, name(b.0, names))));
    let row_of: BTreeMap<&str, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, (e, _))| (*e, i))
        .collect();
    let day = |r: &Round<'_>| r.date.and_then(DateValue::lower_bound);
    let dated: Vec<NaiveDate> = rounds.iter().filter_map(|r| day(r)).collect();
    let undated = rounds.len() - dated.len();
    let (first, last) = (dated.iter().min().copied(), dated.iter().max().copied());
    let span_right = RIGHT - UNDATED * undated as f64;
    let x_of = |d: NaiveDate| match (first, last) {
        (Some(a), Some(b)) if b > a => {
            LEFT + 20.0
                + (span_right - LEFT - 40.0) * (d - a).num_days() as f64 / (b - a).num_days() as f64
        }
        _ => (LEFT + span_right) / 2.0,
    };
    let mut xs: Vec<f64> = Vec::with_capacity(rounds.len());
    let mut next_undated = span_right + UNDATED / 2.0;
    for round in rounds {
        xs.push(match day(round) {
            Some(d) => x_of(d),
            None => {
                let x = next_undated;
                next_undated += UNDATED;
                x
            }
        });
    }
    let height = TOP + ROW * entities.len() as f64 + 10.0;
    let series_name = name(series, names);
    let numbers: Vec<u32> = rounds.iter().map(|r| r.number).collect();
    let span = match (first, last) {
        (Some(a), Some(b)) => format!(" from {a} to {b}"),
        _ => String::new(),
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<figure class=\"process\"><div class=\"wide\" role=\"region\" aria-label=\"Picture of {} (scrolls sideways)\" tabindex=\"0\"><svg role=\"img\" viewBox=\"0 0 900 {height}\" width=\"100%\" aria-labelledby=\"process-{k}-title process-{k}-desc\" data-series=\"{}\"><title id=\"process-{k}-title\">{}: rounds and roles</title><desc id=\"process-{k}-desc\">{} of {} along a time axis{span}{}, and the role of each of {} at each round. The meetings table lists the same values.</desc>",
        html(&visible(series_name)),
        html(&visible(series)),
        html(&visible(series_name)),
        count(rounds.len(), "round"),
        html(&visible(series_name)),
        if undated > 0 { format!(" ({} undated, at the right)", count(undated, "round")) } else { String::new() },
        count(entities.len(), "entity"),
    );
    let _ = write!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{AXIS}\" x2=\"{RIGHT}\" y2=\"{AXIS}\" class=\"axis\"/>"
    );
    if let (Some(a), Some(b)) = (first, last) {
        use chrono::Datelike as _;
        for year in a.year()..=b.year() {
            let Some(jan) = NaiveDate::from_ymd_opt(year, 1, 1) else {
                continue;
            };
            if jan < a || jan > b {
                continue;
            }
            let x = x_of(jan);
            let _ = write!(svg, "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{}\" class=\"tick\"/><text x=\"{x:.1}\" y=\"{}\" class=\"year\">{year}</text>", AXIS - 4.0, AXIS + 4.0, AXIS + 16.0);
        }
    }
    for (round, &x) in rounds.iter().zip(&xs) {
        // Stated to the day (a span of days included), or not.
        let exact = round
            .date
            .is_some_and(|d| d.precision == DatePrecision::Day && d.basis == Basis::Stated);
        let date = round
            .date
            .map_or_else(|| "undated".to_owned(), ToString::to_string);
        let _ = write!(
            svg,
            "<g class=\"round\" data-round=\"{}\" data-date=\"{}\"><title>round {}: {}</title><circle cx=\"{x:.1}\" cy=\"{AXIS}\" r=\"5\" class=\"{}\"/><text x=\"{x:.1}\" y=\"{}\" class=\"number\">{}</text></g>",
            round.number,
            html(&visible(&date)),
            round.number,
            html(&visible(&date)),
            if exact { "stated" } else { "partial" },
            AXIS - 12.0,
            round.number,
        );
    }
    for (i, (entity, _)) in entities.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{:.1}\" class=\"entity\">{}</text><line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{RIGHT}\" y2=\"{y:.1}\" class=\"row\"/>",
            LEFT - 10.0,
            y + 4.0,
            html(&visible(name(entity, names))),
        );
    }
    // The marks, round by round: each is placed by its entity's row, so the
    // work is the number of marks, not rows times rounds.
    for (round, &x) in rounds.iter().zip(&xs) {
        for (entity, part) in &round.marks {
            let y = TOP + ROW * row_of[entity.as_str()] as f64;
            let _ = write!(
                svg,
                "<g class=\"mark {}\" data-round=\"{}\" data-entity=\"{}\" data-role=\"{}\"><title>{}: {} at round {}</title><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"9\"/><text x=\"{x:.1}\" y=\"{:.1}\">{}</text></g>",
                part.name(),
                round.number,
                html(&visible(entity)),
                part.name(),
                html(&visible(name(entity, names))),
                part.name(),
                round.number,
                y + 4.0,
                part.letter(),
            );
        }
    }
    let _ =
        write!(
        svg,
        "</svg></div><figcaption>{}: rounds {} and who took part in which role.</figcaption></figure>",
        html(&visible(series_name)),
        numbers.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
    );
    svg
}

/// The styles of the pictures, appended to the review's stylesheet.
pub(super) const CSS: &str = r#"figure.process { margin: 1rem 0; max-width: 60rem; }
figure.process svg { font-family: system-ui, sans-serif; font-size: 12px; min-width: 36rem; }
figure.process .axis { stroke: #1b1b1b; stroke-width: 1.5; }
figure.process .tick, figure.process .row { stroke: #c8c8c8; stroke-width: 1; }
figure.process .year { text-anchor: middle; fill: #4a4a4a; }
figure.process .number { text-anchor: middle; fill: #1b1b1b; font-weight: 600; }
figure.process circle.stated { fill: #1b1b1b; }
figure.process circle.partial { fill: #ffffff; stroke: #1b1b1b; stroke-width: 1.5; stroke-dasharray: 2 2; }
figure.process .entity { text-anchor: end; fill: #1b1b1b; }
figure.process .mark text { text-anchor: middle; font-weight: 700; fill: #ffffff; }
figure.process .mark.host circle { fill: #6a3d9a; }
figure.process .mark.guarantor circle { fill: #0b4f8a; }
figure.process .mark.party circle { fill: #1b6e35; }
figure.process .mark.mediator circle { fill: #4a4a4a; }
figure.process .mark.observer circle { fill: #8a4a00; }
figure.process .mark.declined circle { fill: #ffffff; stroke: #b00020; stroke-width: 2; }
figure.process .mark.declined text { fill: #b00020; }
.legend b { font-family: monospace; }
"#;
